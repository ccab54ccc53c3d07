// The Vouch page: my bank, its lines and holdings, the actions on them, a payment to a
// stranger along routes drawn on the trust graph, a group pool, and live updates.

import { devAccounts, extensionAccounts, hasExtension, DEV_NAMES } from './accounts.js';
import { BUNDLE_BANK_CODE_HASH, Chain, isAddress, sameAccount, ss58, type Signer, type TxSpec, type TxState } from './chain.js';
import { $, debounce, el, parseAmount, ppmToDecimal, short } from './dom.js';
import { explainRouter } from './errors.js';
import { GraphView, type Highlight } from './graph.js';
import { PoolView } from './pool.js';
import { readConfig } from './config.js';
import {
  RouteService,
  ServiceError,
  describeRoutes,
  routeBanks,
  routeLines,
  routesTotal,
  toRouterRoutes,
  type Graph,
  type Health,
  type RouterRoute,
} from './service.js';

interface Found {
  to: string;
  fromBank: string | null;
  routes: RouterRoute[];
  quoted: bigint | null;
}

const config = readConfig(window.location);
const service = new RouteService(config.service);

const app = {
  health: null as Health | null,
  chain: null as Chain | null,
  router: null as string | null,
  bankCode: null as string | null,
  accounts: [] as Signer[],
  me: null as Signer | null,
  myBank: null as string | null,
  graph: null as Graph | null,
  found: null as Found | null,
  holdings: [] as string[],
  busy: false,
};

const graphView = new GraphView($('graph'));
const poolView = new PoolView({
  chain: () => app.chain,
  me: () => app.me,
  nameOf: (a) => nameOf(a),
  send: (spec) => send(spec),
});

// ---- names ---------------------------------------------------------------------------------

/** A person's or bank's name for display: a dev or extension account's name, `alice's bank`,
 * or a short address. */
function nameOf(addr: string): string {
  const acct = app.accounts.find((a) => sameAccount(a.address, addr));
  if (acct) return acct.name;
  const node = app.graph?.nodes.find((n) => n.id === addr);
  if (node?.kind === 'bank' && node.owner) {
    const owner = app.accounts.find((a) => sameAccount(a.address, node.owner));
    if (owner) return `${owner.name}'s bank`;
  }
  if (sameAccount(addr, app.myBank) && app.me) return `${app.me.name}'s bank`;
  if (sameAccount(addr, app.router)) return 'the router';
  return short(addr);
}

/** A node's label on the graph: short (a name, or the address's first characters). */
function graphLabel(id: string): string {
  const n = nameOf(id);
  if (n.endsWith("'s bank")) return `${n.slice(0, -7)}▪`;
  return n.includes('…') ? id.slice(0, 5) : n;
}

/** An account typed by a person: a dev name (`bob`), an extension account's name, or an address. */
function resolveAccount(input: string): string {
  const t = input.trim();
  if (!t) throw new Error('name a person or a bank (an address, or a name like bob)');
  const byName = app.accounts.find((a) => a.name.toLowerCase() === t.toLowerCase());
  if (byName) return ss58(byName.address);
  if (isAddress(t)) return ss58(t);
  if ((DEV_NAMES as readonly string[]).includes(t.toLowerCase())) {
    throw new Error(`${t} is a development account, and this chain is not a development chain`);
  }
  throw new Error(`${t} is neither an address nor a known name`);
}

/** The bank to act on for `addr`: a person's registered bank, else `addr` itself. */
async function bankFor(addr: string): Promise<string> {
  const chain = app.chain;
  if (!chain || !app.router) return addr;
  const r = await chain.router(app.router, addr).query.routerBankOf(addr, { caller: app.me?.address ?? addr });
  return r.data ? ss58(r.data) : addr;
}

// ---- transaction status --------------------------------------------------------------------

const txStatus = $('tx-status');

function report(state: TxState, text: string): void {
  txStatus.dataset.state = state;
  txStatus.textContent = text;
}

async function send(spec: TxSpec): Promise<boolean> {
  const chain = app.chain;
  const me = app.me;
  if (!chain || !me) {
    report('failed', `${spec.label} failed: choose an account first.`);
    return false;
  }
  const r = await chain.send(me, spec, report);
  scheduleRefresh();
  return r !== null;
}

function fail(label: string, why: unknown): void {
  report('failed', `${label} failed: ${why instanceof Error ? why.message : String(why)}`);
}

// ---- my bank -------------------------------------------------------------------------------

function setFigures(reserve: string, outstanding: string, ratio: string): void {
  $('reserve').textContent = reserve;
  $('outstanding').textContent = outstanding;
  $('ratio').textContent = ratio;
}

function clearMine(note: string): void {
  $('bank-address').textContent = '';
  $<HTMLButtonElement>('deploy-bank').hidden = true;
  $('bank-note').textContent = note;
  setFigures('', '', '');
  $('lines').replaceChildren();
  $('holdings').replaceChildren();
}

/** The selected person's registered bank, read from the router now. */
async function myBankOf(me: Signer): Promise<string | null> {
  const chain = app.chain;
  if (!chain || !app.router) return null;
  const r = await chain.router(app.router, me.address).query.routerBankOf(me.address);
  return r.data ? ss58(r.data) : null;
}

async function refreshMine(): Promise<void> {
  const chain = app.chain;
  const me = app.me;
  if (!chain || !me) {
    app.myBank = null;
    clearMine(me ? '' : 'Choose an account to see its bank.');
    return;
  }
  const bank = await myBankOf(me);
  let figures: [string, string, string] = ['', '', ''];
  let ratioTitle = '';
  let rows: HTMLTableRowElement[] = [];
  if (bank) {
    const status = (await chain.bank(bank, me.address).query.trustBankStatus()).data;
    figures = [
      status.reserve.toString(),
      status.outstanding.toString(),
      status.reserveRatioPpm === undefined ? '' : ppmToDecimal(status.reserveRatioPpm),
    ];
    ratioTitle = status.reserveRatioPpm === undefined ? 'no notes outstanding' : 'reserve ÷ notes outstanding';
    rows = await lineRows(bank, me.address, 'line-row');
  }
  if (app.me !== me) return; // the account changed meanwhile: its own refresh shows it
  app.myBank = bank;
  $('bank-address').textContent = bank ?? '';
  $<HTMLButtonElement>('deploy-bank').hidden = bank !== null || !app.router;
  $('bank-note').textContent = app.router
    ? bank
      ? ''
      : 'You have no bank yet.'
    : 'No router known: the route service did not name one.';
  setFigures(...figures);
  $('ratio').title = ratioTitle;
  $('lines').replaceChildren(...rows);
  await refreshHoldings();
}

async function lineRows(bank: string, caller: string, testid: string): Promise<HTMLTableRowElement[]> {
  const b = app.chain!.bank(bank, caller);
  const rows: HTMLTableRowElement[] = [];
  for (let start = 0; ; start += 64) {
    const page = (await b.query.trustBankLines(start, 64)).data;
    for (const [holder, line] of page) {
      const h = ss58(holder);
      const earned = line.held - line.granted;
      rows.push(
        el(
          'tr',
          { 'data-testid': testid, 'data-holder': h },
          el('td', { title: h }, nameOf(h)),
          el('td', { 'data-field': 'limit' }, line.limit.toString()),
          el('td', { 'data-field': 'willing' }, line.willing.toString()),
          el('td', { 'data-field': 'held' }, line.held.toString()),
          el('td', { 'data-field': 'granted' }, line.granted.toString()),
          el('td', { 'data-field': 'earned' }, earned.toString()),
        ),
      );
    }
    if (page.length < 64) break;
  }
  return rows;
}

/** Notes the selected person holds in their own name: the banks from the graph's lines whose
 * holder is me, each balance read fresh from the bank. */
async function refreshHoldings(): Promise<void> {
  const chain = app.chain;
  const me = app.me;
  if (!chain || !me) return;
  const banks = new Set<string>();
  for (const l of app.graph?.lines ?? []) if (sameAccount(l.holder, me.address)) banks.add(l.bank);
  app.holdings = [...banks];
  const rows: HTMLTableRowElement[] = [];
  for (const bank of banks) {
    const bal = (await chain.bank(bank, me.address).query.psp22BalanceOf(me.address)).data;
    rows.push(
      el(
        'tr',
        { 'data-testid': 'holding-row', 'data-bank': bank },
        el('td', { title: bank }, nameOf(bank)),
        el('td', { 'data-field': 'balance' }, bal.toString()),
      ),
    );
  }
  if (app.me === me) $('holdings').replaceChildren(...rows);
}

async function deployBank(): Promise<void> {
  const chain = app.chain;
  const me = app.me;
  if (!chain || !me || !app.router || !app.bankCode) {
    report('failed', 'Deploy my bank failed: connect to a node with a router, and choose an account.');
    return;
  }
  const router = app.router;
  const symbol = me.name.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 8) || 'NOTES';
  const bank = await chain.deployBank(me, app.bankCode, `${me.name} notes`, symbol, (s, t) =>
    report(s, s === 'failed' ? t : t.replace('Deploy my bank', 'Deploy my bank (1 of 3)')),
  );
  if (!bank) return;
  const b = chain.bank(bank, me.address);
  const ok = await send({
    label: 'Authorise the router on my bank (2 of 3)',
    kind: 'bank',
    query: (o) => b.query.trustBankSetRouter(router, true, o),
    tx: (o) => b.tx.trustBankSetRouter(router, true, o),
  });
  if (!ok) return;
  const r = chain.router(router, me.address);
  await send({
    label: 'Register my bank with the router (3 of 3)',
    kind: 'router',
    query: (o) => r.query.routerRegister(bank, o),
    tx: (o) => r.tx.routerRegister(bank, o),
  });
  await refreshMine();
}

// ---- actions -------------------------------------------------------------------------------

type Action = 'set-limit' | 'trust' | 'grant' | 'revoke' | 'deposit' | 'withdraw' | 'redeem' | 'collect' | 'willing';

const ACTION_WORDS: Record<Action, string> = {
  'set-limit': 'Extend credit',
  trust: 'Trust',
  grant: 'Grant',
  revoke: 'Revoke',
  deposit: 'Deposit',
  withdraw: 'Withdraw',
  redeem: 'Redeem',
  collect: 'Collect',
  willing: 'Accept notes',
};

async function act(action: Action): Promise<void> {
  const words = ACTION_WORDS[action];
  const chain = app.chain;
  const me = app.me;
  if (!chain || !me) return fail(words, 'choose an account first.');
  const amount = parseAmount($<HTMLInputElement>('amount').value);
  if (amount === null) return fail(words, 'type the amount as a whole number.');
  const needsCounterparty = action !== 'deposit' && action !== 'withdraw';
  let cp = '';
  try {
    if (needsCounterparty) cp = await bankFor(resolveAccount($<HTMLInputElement>('counterparty').value));
  } catch (e) {
    return fail(words, e);
  }
  if (action === 'redeem') {
    const issuer = chain.bank(cp, me.address);
    await send({
      label: `Redeem ${amount} notes at ${nameOf(cp)}`,
      kind: 'bank',
      query: (o) => issuer.query.trustBankRedeem(amount, o),
      tx: (o) => issuer.tx.trustBankRedeem(amount, o),
    });
    return;
  }
  if (action === 'willing') {
    const issuer = chain.bank(cp, me.address);
    await send({
      label: `Accept up to ${amount} notes of ${nameOf(cp)}`,
      kind: 'bank',
      query: (o) => issuer.query.trustBankSetWilling(amount, o),
      tx: (o) => issuer.tx.trustBankSetWilling(amount, o),
    });
    return;
  }
  const bankAddr = await myBankOf(me);
  if (!bankAddr) return fail(words, 'you have no bank yet: deploy it first.');
  const b = chain.bank(bankAddr, me.address);
  const who = nameOf(cp);
  const spec: TxSpec = (() => {
    switch (action) {
      case 'set-limit':
        return {
          label: `Extend ${who} credit of ${amount}`,
          kind: 'bank',
          query: (o) => b.query.trustBankSetLimit(cp, amount, o),
          tx: (o) => b.tx.trustBankSetLimit(cp, amount, o),
        } satisfies TxSpec;
      case 'trust':
        return {
          label: `Trust ${who} for ${amount}`,
          kind: 'bank',
          query: (o) => b.query.trustBankTrust(cp, amount, o),
          tx: (o) => b.tx.trustBankTrust(cp, amount, o),
        } satisfies TxSpec;
      case 'grant':
        return {
          label: `Grant ${who} ${amount}`,
          kind: 'bank',
          query: (o) => b.query.trustBankGrant(cp, amount, o),
          tx: (o) => b.tx.trustBankGrant(cp, amount, o),
        } satisfies TxSpec;
      case 'revoke':
        return {
          label: `Revoke ${amount} from ${who}`,
          kind: 'bank',
          query: (o) => b.query.trustBankRevoke(cp, amount, o),
          tx: (o) => b.tx.trustBankRevoke(cp, amount, o),
        } satisfies TxSpec;
      case 'deposit':
        return {
          label: `Deposit ${amount}`,
          kind: 'bank',
          value: amount,
          query: (o) => b.query.trustBankDeposit(o),
          tx: (o) => b.tx.trustBankDeposit(o),
        } satisfies TxSpec;
      case 'withdraw':
        return {
          label: `Withdraw ${amount}`,
          kind: 'bank',
          query: (o) => b.query.trustBankWithdraw(amount, o),
          tx: (o) => b.tx.trustBankWithdraw(amount, o),
        } satisfies TxSpec;
      case 'collect':
        return {
          label: `Collect ${amount} from ${who}`,
          kind: 'bank',
          query: (o) => b.query.trustBankCollect(cp, amount, o),
          tx: (o) => b.tx.trustBankCollect(cp, amount, o),
        } satisfies TxSpec;
    }
  })();
  await send(spec);
}

// ---- paying a stranger ---------------------------------------------------------------------

const payNote = $('pay-note');
const paySend = $<HTMLButtonElement>('pay-send');

async function findRoutes(): Promise<void> {
  const chain = app.chain;
  const me = app.me;
  app.found = null;
  paySend.disabled = true;
  $('quote').textContent = '';
  $('route-list').replaceChildren();
  if (!me) {
    payNote.textContent = 'Choose an account to pay from.';
    return;
  }
  const amount = parseAmount($<HTMLInputElement>('pay-amount').value);
  if (amount === null) {
    payNote.textContent = 'Type the amount as a whole number.';
    return;
  }
  let to: string;
  try {
    to = resolveAccount($<HTMLInputElement>('pay-to').value);
  } catch (e) {
    payNote.textContent = e instanceof Error ? e.message : String(e);
    return;
  }
  payNote.textContent = 'Asking the route service…';
  let res;
  try {
    // The service follows finalized blocks; this page's own last transaction may be newer.
    // Ask again (for up to a minute) until the service has followed that block, so the
    // routes see what this page just changed.
    const seen = chain?.lastIncluded ?? 0;
    const until = Date.now() + 60_000;
    for (;;) {
      res = await service.routes({ from: ss58(me.address), to, amount });
      if (res.block === null || res.block === undefined || res.block >= seen || Date.now() > until) break;
      payNote.textContent = `The route service is catching up (block #${res.block} of #${seen})…`;
      await new Promise((f) => setTimeout(f, 500));
    }
    await loadGraph();
  } catch (e) {
    payNote.textContent = e instanceof ServiceError ? `The route service said: ${e.message}` : String(e);
    return;
  }
  const routes = toRouterRoutes(res.routes);
  const fromBank = res.from_bank;
  $('route-list').replaceChildren(
    ...routes.map((r) => {
      const banks = routeBanks(r, fromBank).map(nameOf);
      const via = r.start.type === 'HeldNotes' ? ' (spending notes I hold)' : '';
      return el('li', { 'data-amount': r.amount.toString() }, `${r.amount}: ${banks.join(' → ')}${via}`);
    }),
  );
  const hl: Highlight = {
    nodes: [...new Set([me.address, to, ...routes.flatMap((r) => routeBanks(r, fromBank))].map((a) => ss58(a)))],
    lines: routes.flatMap((r) => routeLines(r, fromBank)),
  };
  if (app.graph) void graphView.draw(app.graph, graphLabel, hl, me.address);
  payNote.textContent = describeRoutes(res);
  payNote.title = res.advice;
  if (routes.length === 0) return;
  app.found = { to, fromBank, routes, quoted: null };
  if (!chain || !app.router) {
    payNote.textContent += ' — no node or router to quote and pay with.';
    return;
  }
  try {
    const q = await chain.router(app.router, me.address).query.routerQuote(to, routes, { caller: me.address });
    if (q.data.isErr) {
      payNote.textContent = `The router will not take these routes: ${explainRouter(q.data.err)}`;
      return;
    }
    // The router says the most each route could carry now; what this payment delivers is
    // each route's amount up to that.
    const caps = q.data.value;
    const quoted = routes.reduce((s, r, i) => s + (caps[i] !== undefined && caps[i]! < r.amount ? caps[i]! : r.amount), 0n);
    app.found.quoted = quoted;
    $('quote').textContent = quoted.toString();
    $('quote').title = `the routes could carry ${caps.join(' + ')} now`;
    paySend.disabled = quoted < routesTotal(routes);
    if (paySend.disabled) payNote.textContent += ` — the routes carry only ${quoted} now.`;
  } catch (e) {
    payNote.textContent = `The quote failed: ${chain.explainThrown(e)}`;
  }
}

async function pay(): Promise<void> {
  const chain = app.chain;
  const me = app.me;
  const found = app.found;
  if (!chain || !me || !found || !app.router) return fail('Pay', 'find routes first.');
  const router = app.router;
  const total = routesTotal(found.routes);
  // A route that spends notes I hold hands them back through the router: allow it first.
  const held = new Map<string, bigint>();
  for (const r of found.routes) {
    if (r.start.type === 'HeldNotes') held.set(r.start.value, (held.get(r.start.value) ?? 0n) + r.amount);
  }
  for (const [bank, need] of held) {
    const b = chain.bank(bank, me.address);
    const allowed = (await b.query.psp22Allowance(me.address, router)).data;
    if (allowed >= need) continue;
    const ok = await send({
      label: `Let the router spend ${need} of my ${nameOf(bank)} notes`,
      kind: 'psp22',
      query: (o) => b.query.psp22Approve(router, need, o),
      tx: (o) => b.tx.psp22Approve(router, need, o),
    });
    if (!ok) return;
  }
  // The router compares the deadline with the block's timestamp (ms).
  const deadline = (await chain.timestamp()) + 10n * 60_000n;
  const r = chain.router(router, me.address);
  const ok = await send({
    label: `Pay ${nameOf(found.to)} ${total}`,
    kind: 'router',
    query: (o) => r.query.routerPayAlong(found.to, found.routes, total, total, deadline, o),
    tx: (o) => r.tx.routerPayAlong(found.to, found.routes, total, total, deadline, o),
  });
  if (ok) {
    paySend.disabled = true;
    app.found = null;
  }
}

// ---- the graph -----------------------------------------------------------------------------

async function loadGraph(): Promise<void> {
  try {
    app.graph = await service.graph();
    $('graph-note').textContent = `${app.graph.nodes.length} nodes, ${app.graph.lines.length} lines${
      app.graph.block !== null ? ` at block #${app.graph.block}` : ''
    }`;
  } catch (e) {
    $('graph-note').textContent = `(no graph: ${e instanceof Error ? e.message : String(e)})`;
  }
}

async function refreshGraph(): Promise<void> {
  await loadGraph();
  if (app.graph) await graphView.draw(app.graph, graphLabel, null, app.me?.address ?? null);
}

// ---- browsing any bank ---------------------------------------------------------------------

async function browse(): Promise<void> {
  const out = $('browse-out');
  const chain = app.chain;
  if (!chain) {
    out.textContent = 'No node connected.';
    return;
  }
  try {
    const bank = await bankFor(resolveAccount($<HTMLInputElement>('browse-address').value));
    const s = (await chain.bank(bank, bank).query.trustBankStatus()).data;
    const rows = await lineRows(bank, bank, 'browse-line-row');
    out.replaceChildren(
      el('p', {}, `${nameOf(bank)} (`, el('code', {}, bank), `), owner ${nameOf(ss58(s.owner))}`),
      el(
        'p',
        {},
        `Reserve `,
        el('span', { 'data-testid': 'browse-reserve' }, s.reserve.toString()),
        `, notes outstanding `,
        el('span', { 'data-testid': 'browse-outstanding' }, s.outstanding.toString()),
        s.reserveRatioPpm === undefined ? '' : `, ratio ${ppmToDecimal(s.reserveRatioPpm)}`,
      ),
      el(
        'table',
        {},
        el('thead', {}, el('tr', {}, ...['Holder', 'Limit', 'Willing', 'Held', 'Granted', 'Earned'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...rows),
      ),
    );
  } catch (e) {
    out.textContent = `Cannot show that bank: ${chain.explainThrown(e)}`;
  }
}

// ---- live updates --------------------------------------------------------------------------

let refreshing = false;
let again = false;

async function refreshAll(): Promise<void> {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  try {
    await Promise.all([refreshMine(), refreshGraph()]);
    await refreshHoldings();
    await poolView.refresh();
  } catch (e) {
    console.warn('refresh failed', e);
  } finally {
    refreshing = false;
    if (again) {
      again = false;
      scheduleRefresh();
    }
  }
}

const scheduleRefresh = debounce(() => void refreshAll(), 250);
const scheduleGraph = debounce(() => void refreshGraph(), 400);

/** The contracts whose events concern the page now. */
function relevant(addr: string): boolean {
  return (
    sameAccount(addr, app.myBank) ||
    sameAccount(addr, app.router) ||
    app.holdings.some((h) => sameAccount(h, addr)) ||
    poolView.concerns(addr)
  );
}

async function subscribeEvents(chain: Chain): Promise<void> {
  const decoder = chain.bank(app.router ?? ss58('0x' + '00'.repeat(32)));
  await chain.client.query.system.number((n) => {
    $('conn').textContent = `${chain.chainName} at ${chain.url}, block #${n}`;
  });
  await chain.client.query.system.events(async (records) => {
    let last: string | null = null;
    let touched = false;
    const block = await chain.blockNumber().catch(() => 0);
    for (const r of records) {
      const ev = r.event as { pallet: string; palletEvent: { name?: string; data?: { contract?: { address(p?: number): string } } } };
      if (ev.pallet !== 'Contracts' || ev.palletEvent.name !== 'ContractEmitted') continue;
      const contract = ev.palletEvent.data?.contract;
      if (!contract) continue;
      const addr = contract.address(42);
      let name = 'an event';
      try {
        name = decoder.registry.decodeEvent(r).name;
      } catch {
        // not one of Vouch's events
      }
      last = `block #${block}: ${name} at ${nameOf(addr)}`;
      if (relevant(addr)) touched = true;
    }
    if (last) {
      $('live').textContent = last;
      // Someone else's payment changes lines the graph shows; my own contracts' events
      // change my bank and holdings.
      if (touched) scheduleRefresh();
      else scheduleGraph();
    }
  });
}

// ---- start ---------------------------------------------------------------------------------

function fillAccounts(): void {
  const select = $<HTMLSelectElement>('account');
  const current = select.value;
  select.replaceChildren(
    el('option', { value: '' }, '(no account)'),
    ...app.accounts.map((a) => el('option', { value: ss58(a.address) }, a.name)),
  );
  select.value = app.accounts.some((a) => ss58(a.address) === current) ? current : '';
}

function selectAccount(address: string): void {
  app.me = app.accounts.find((a) => ss58(a.address) === address) ?? null;
  app.myBank = null;
  app.found = null;
  paySend.disabled = true;
  $('quote').textContent = '';
  $('route-list').replaceChildren();
  payNote.textContent = '';
  // Nothing of the previous account stays on screen while the new one's bank is read.
  clearMine(app.me ? 'Reading…' : 'Choose an account to see its bank.');
  scheduleRefresh();
}

function wire(): void {
  $<HTMLSelectElement>('account').addEventListener('change', (e) => selectAccount((e.target as HTMLSelectElement).value));
  $('deploy-bank').addEventListener('click', () => void deployBank());
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-action]')) {
    b.addEventListener('click', () => void act(b.dataset.action as Action));
  }
  $('find-routes').addEventListener('click', () => void findRoutes());
  paySend.addEventListener('click', () => void pay());
  $('browse').addEventListener('click', () => void browse());
  $('pool-open').addEventListener('click', () => void poolView.open($<HTMLInputElement>('pool-address').value));
}

async function start(): Promise<void> {
  wire();
  const conn = $('conn');
  try {
    app.health = await service.health();
  } catch (e) {
    conn.textContent = `route service: ${e instanceof Error ? e.message : String(e)}`;
  }
  app.router = config.router ?? app.health?.router ?? null;
  app.bankCode = app.health?.bank_code_hash ?? BUNDLE_BANK_CODE_HASH;
  void refreshGraph();
  const nodeUrl = config.node ?? app.health?.node_url ?? null;
  if (!nodeUrl) {
    conn.textContent += ' — no node to talk to (add ?node=ws://…)';
    return;
  }
  conn.textContent = `connecting to ${nodeUrl}…`;
  let chain: Chain;
  try {
    chain = await Chain.connect(nodeUrl, config.rpc);
  } catch (e) {
    conn.textContent = `cannot reach the node at ${nodeUrl}: ${e instanceof Error ? e.message : String(e)}`;
    return;
  }
  app.chain = chain;
  conn.textContent = `${chain.chainName} at ${nodeUrl}`;
  const [dev, ext] = await Promise.all([
    chain.development ? devAccounts() : Promise.resolve([]),
    hasExtension() ? extensionAccounts() : Promise.resolve([]),
  ]);
  app.accounts = [...dev, ...ext];
  fillAccounts();
  if (config.account) {
    const a = app.accounts.find((x) => x.name.toLowerCase() === config.account!.toLowerCase() || sameAccount(x.address, config.account));
    if (a) {
      $<HTMLSelectElement>('account').value = ss58(a.address);
      selectAccount(ss58(a.address));
    }
  }
  await subscribeEvents(chain);
  if (config.pool) {
    $<HTMLInputElement>('pool-address').value = config.pool;
    void poolView.open(config.pool);
  }
  if (config.bank) {
    $<HTMLInputElement>('browse-address').value = config.bank;
    void browse();
  }
  scheduleRefresh();
}

void start();
