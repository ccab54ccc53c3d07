// A typed client for the route service (`vouch serve`): health, the trust graph and routes.
// Balances travel as decimal strings; this module turns them into bigint where the page
// computes with them (`toRouterRoutes`).

export type Source = 'node' | 'embedded' | 'synthetic';

export interface Health {
  ok: boolean;
  source: Source;
  chain: string | null;
  node_url: string | null;
  block: number | null;
  router: string | null;
  bank_code_hash: string | null;
  banks: number;
  lines: number;
}

export interface GraphNode {
  id: string;
  kind: 'bank' | 'person';
  owner: string | null;
}

export interface GraphLine {
  bank: string;
  holder: string;
  limit: string;
  willing: string;
  held: string;
  granted: string;
}

export interface Graph {
  block: number | null;
  nodes: GraphNode[];
  lines: GraphLine[];
}

export type RouteStart = { type: 'OwnBank' } | { type: 'HeldNotes'; value: string };
export type Settle = 'Issue' | 'Return';

export interface RouteHop {
  to: string;
  settle: Settle;
}

export interface ServiceRoute {
  amount: string;
  start: RouteStart;
  hops: RouteHop[];
}

export interface RouteCost {
  ref_time: number;
  proof_size: number;
  fits_one_call: boolean;
}

export interface Routes {
  from: string;
  to: string;
  from_bank: string | null;
  to_bank: string | null;
  amount: string;
  deliverable: string;
  routes: ServiceRoute[];
  cost: RouteCost;
  advice: string;
  /** The last block the service has followed (null for a graph with no chain). */
  block?: number | null;
  /** What the whole graph could carry, in parts of what one transaction carries. */
  routable?: string;
  parts?: string[];
  /** Why there is no route, when there is none. */
  note?: string;
}

/** The service's answer in a person's words: what one transaction delivers, and whether the
 * payment needs more than one (the service's own `advice`, with the cost figures, is the
 * detail behind it). */
export function describeRoutes(r: Routes): string {
  if (r.routes.length === 0) {
    return r.note ?? `No route can carry any of ${r.amount} to the receiver now.`;
  }
  if (r.cost.fits_one_call && r.deliverable === r.amount) return `One transaction pays all ${r.amount}.`;
  const parts = (r.parts ?? []).filter((p) => p !== '0');
  const short = r.routable !== undefined && r.routable !== r.amount ? ` (all routes together carry only ${r.routable})` : '';
  if (parts.length > 1) {
    const more = parts.length - 1;
    return `Too much for one transaction: these routes carry ${r.deliverable} of ${r.amount}; pay the rest in ${more} more transaction${more > 1 ? 's' : ''} (${parts.slice(1).join(' + ')})${short}.`;
  }
  return `The routes carry only ${r.deliverable} of ${r.amount} now${short}.`;
}

export interface RouteQuery {
  from: string;
  to: string;
  amount: bigint | string;
  max_hops?: number;
  max_routes?: number;
}

/** A route in the router's own shape (`Route { amount, start, hops }`), amounts as bigint. */
export interface RouterRoute {
  amount: bigint;
  start: RouteStart;
  hops: RouteHop[];
}

/** The service answered with an error (4xx/5xx with `{"error": …}`), or not at all. */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export class RouteService {
  readonly base: string;
  readonly #fetch: FetchLike;

  /** `base`: the service's URL (the page's own origin by default). */
  constructor(base: string, fetchImpl?: FetchLike) {
    this.base = base.replace(/\/+$/, '');
    this.#fetch = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  health(): Promise<Health> {
    return this.#get<Health>('/health');
  }

  graph(): Promise<Graph> {
    return this.#get<Graph>('/graph');
  }

  routes(q: RouteQuery): Promise<Routes> {
    const params = new URLSearchParams({ from: q.from, to: q.to, amount: String(q.amount) });
    if (q.max_hops !== undefined) params.set('max_hops', String(q.max_hops));
    if (q.max_routes !== undefined) params.set('max_routes', String(q.max_routes));
    return this.#get<Routes>(`/routes?${params.toString()}`);
  }

  async #get<T>(path: string): Promise<T> {
    const url = `${this.base}${path}`;
    let res: Response;
    try {
      res = await this.#fetch(url, { headers: { accept: 'application/json' } });
    } catch (e) {
      throw new ServiceError(`the route service at ${this.base} did not answer (${errText(e)})`, null);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const said =
        body && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
          ? body.error
          : `HTTP ${res.status}`;
      throw new ServiceError(said, res.status);
    }
    if (body === undefined) {
      throw new ServiceError(`the route service sent no JSON for ${path}`, res.status);
    }
    return body as T;
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Parses a decimal balance string; refuses anything that is not a plain non-negative integer. */
export function parseBalance(s: string): bigint {
  const t = s.trim();
  if (!/^\d+$/.test(t)) throw new ServiceError(`not a balance: ${JSON.stringify(s)}`, null);
  return BigInt(t);
}

/** The service's routes in the router's `Route` shape, for `quote` and `pay_along`. */
export function toRouterRoutes(routes: ServiceRoute[]): RouterRoute[] {
  return routes.map((r) => ({
    amount: parseBalance(r.amount),
    start: r.start.type === 'OwnBank' ? { type: 'OwnBank' } : { type: 'HeldNotes', value: r.start.value },
    hops: r.hops.map((h) => ({ to: h.to, settle: h.settle })),
  }));
}

/** The routes' total: what `pay_along` spends and delivers. */
export function routesTotal(routes: RouterRoute[]): bigint {
  return routes.reduce((sum, r) => sum + r.amount, 0n);
}

/** The banks a route passes through in order (its first bank, then each hop's target). */
export function routeBanks(route: { start: RouteStart; hops: RouteHop[] }, fromBank: string | null): string[] {
  const first = route.start.type === 'HeldNotes' ? route.start.value : fromBank;
  const banks = first ? [first] : [];
  for (const h of route.hops) banks.push(h.to);
  return banks;
}

/** The trust lines (bank → holder) a route moves value on: an issue hop uses the paying
 * bank's line to the next bank, a return hop the next bank's line to the paying bank. */
export function routeLines(
  route: { start: RouteStart; hops: RouteHop[] },
  fromBank: string | null,
): { bank: string; holder: string }[] {
  const out: { bank: string; holder: string }[] = [];
  let current = route.start.type === 'HeldNotes' ? route.start.value : fromBank;
  for (const h of route.hops) {
    if (current) {
      out.push(h.settle === 'Issue' ? { bank: current, holder: h.to } : { bank: h.to, holder: current });
    }
    current = h.to;
  }
  return out;
}
