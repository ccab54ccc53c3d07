import { describe, expect, it, vi } from 'vitest';
import {
  RouteService,
  ServiceError,
  describeRoutes,
  parseBalance,
  routeBanks,
  routeLines,
  routesTotal,
  toRouterRoutes,
  type Routes,
} from '../src/service';

const A = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const B = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const BANK_A = '5GZ2UnMB8jSENH2TSCZp1j2Hmmmwa9AhQd6zCo4Q1t3akm87';
const BANK_D = '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy';
const BANK_B = '5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw';

function respond(status: number, body: unknown): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const ROUTES: Routes = {
  from: A,
  to: B,
  from_bank: BANK_A,
  to_bank: BANK_B,
  amount: '40',
  deliverable: '40',
  routes: [
    { amount: '30', start: { type: 'OwnBank' }, hops: [{ to: BANK_D, settle: 'Issue' }, { to: BANK_B, settle: 'Issue' }] },
    { amount: '10', start: { type: 'HeldNotes', value: BANK_D }, hops: [{ to: BANK_B, settle: 'Return' }] },
  ],
  cost: { ref_time: 12_000_000_000, proof_size: 200_000, fits_one_call: true },
  advice: '',
};

describe('RouteService', () => {
  it('reads /health from the base URL without a doubled slash', async () => {
    const health = {
      ok: true,
      source: 'node',
      chain: 'Development',
      node_url: 'ws://127.0.0.1:9944',
      block: 12,
      router: A,
      bank_code_hash: '0x' + '11'.repeat(32),
      banks: 3,
      lines: 4,
    };
    const fetch = vi.fn(async (_url: string) => respond(200, health));
    const s = new RouteService('http://127.0.0.1:8080/', fetch);
    await expect(s.health()).resolves.toEqual(health);
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:8080/health', expect.anything());
  });

  it('reads /graph', async () => {
    const graph = {
      block: 3,
      nodes: [{ id: BANK_A, kind: 'bank', owner: A }, { id: A, kind: 'person', owner: null }],
      lines: [{ bank: BANK_A, holder: BANK_D, limit: '100', willing: '100', held: '0', granted: '0' }],
    };
    const s = new RouteService('http://h', async () => respond(200, graph));
    await expect(s.graph()).resolves.toEqual(graph);
  });

  it('passes the route query as parameters, optional caps only when given', async () => {
    const urls: string[] = [];
    const s = new RouteService('http://h', async (url: string) => {
      urls.push(url);
      return respond(200, ROUTES);
    });
    await s.routes({ from: A, to: B, amount: 40n });
    await s.routes({ from: A, to: B, amount: '40', max_hops: 6, max_routes: 3 });
    const first = new URL(urls[0]!);
    expect(first.pathname).toBe('/routes');
    expect(Object.fromEntries(first.searchParams)).toEqual({ from: A, to: B, amount: '40' });
    const second = new URL(urls[1]!);
    expect(Object.fromEntries(second.searchParams)).toEqual({ from: A, to: B, amount: '40', max_hops: '6', max_routes: '3' });
  });

  it("turns a 4xx answer's error text into a ServiceError", async () => {
    const s = new RouteService('http://h', async () => respond(400, { error: 'unknown account: zz' }));
    const err = await s.routes({ from: 'zz', to: B, amount: 1n }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).message).toBe('unknown account: zz');
    expect((err as ServiceError).status).toBe(400);
  });

  it('reports a status without a JSON body, and a service that does not answer', async () => {
    const s = new RouteService('http://h', async () => new Response('oops', { status: 502 }));
    await expect(s.health()).rejects.toThrow('HTTP 502');
    const down = new RouteService('http://h', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(down.graph()).rejects.toThrow(/did not answer.*fetch failed/);
  });
});

describe('routes for the router', () => {
  it("maps the service's routes onto the router's Route shape with bigint amounts", () => {
    const r = toRouterRoutes(ROUTES.routes);
    expect(r).toEqual([
      { amount: 30n, start: { type: 'OwnBank' }, hops: [{ to: BANK_D, settle: 'Issue' }, { to: BANK_B, settle: 'Issue' }] },
      { amount: 10n, start: { type: 'HeldNotes', value: BANK_D }, hops: [{ to: BANK_B, settle: 'Return' }] },
    ]);
    expect(routesTotal(r)).toBe(40n);
  });

  it('refuses amounts that are not plain integers', () => {
    expect(parseBalance(' 12 ')).toBe(12n);
    expect(parseBalance('340282366920938463463374607431768211455')).toBe(2n ** 128n - 1n);
    for (const bad of ['-1', '1.5', '1e3', '', 'ten']) expect(() => parseBalance(bad)).toThrow(ServiceError);
    expect(() => toRouterRoutes([{ amount: '1.5', start: { type: 'OwnBank' }, hops: [] }])).toThrow(ServiceError);
  });

  it('lists the banks and the lines a route uses', () => {
    const [own, held] = toRouterRoutes(ROUTES.routes);
    expect(routeBanks(own!, BANK_A)).toEqual([BANK_A, BANK_D, BANK_B]);
    expect(routeBanks(held!, BANK_A)).toEqual([BANK_D, BANK_B]);
    expect(routeLines(own!, BANK_A)).toEqual([
      { bank: BANK_A, holder: BANK_D },
      { bank: BANK_D, holder: BANK_B },
    ]);
    // A return hop hands back notes of the next bank: that bank's line to the payer side.
    expect(routeLines(held!, BANK_A)).toEqual([{ bank: BANK_B, holder: BANK_D }]);
  });
});

describe('the service answer in words', () => {
  const base: Routes = {
    from: 'a',
    to: 'b',
    from_bank: 'ab',
    to_bank: 'bb',
    amount: '250',
    deliverable: '250',
    routes: [{ amount: '250', start: { type: 'OwnBank' }, hops: [{ to: 'bb', settle: 'Issue' }] }],
    cost: { ref_time: 1, proof_size: 1, fits_one_call: true },
    advice: 'one call pays it all',
    routable: '250',
    parts: ['250'],
  };

  it('says when one transaction pays it all', () => {
    expect(describeRoutes(base)).toBe('One transaction pays all 250.');
  });

  it('says how many more transactions a split payment needs', () => {
    const split = { ...base, deliverable: '180', parts: ['180', '70'], cost: { ...base.cost, fits_one_call: false } };
    expect(describeRoutes(split)).toBe(
      'Too much for one transaction: these routes carry 180 of 250; pay the rest in 1 more transaction (70).',
    );
  });

  it('says when the graph cannot carry the amount', () => {
    const short = { ...base, deliverable: '100', routable: '100', parts: ['100'], cost: { ...base.cost, fits_one_call: false } };
    expect(describeRoutes(short)).toBe('The routes carry only 100 of 250 now (all routes together carry only 100).');
  });

  it("gives the service's reason when there is no route", () => {
    const none = { ...base, routes: [], deliverable: '0', routable: '0', parts: [], note: 'no route: nothing can be routed' };
    expect(describeRoutes(none)).toBe('no route: nothing can be routed');
  });
});
