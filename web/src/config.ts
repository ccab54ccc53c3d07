// Where the page finds the route service and the node: the page's own origin by default
// (the service serves the page), overridden by query parameters.

export interface Config {
  /** The route service's base URL (`?service=`, else the page's origin). */
  service: string;
  /** The node's WebSocket URL (`?node=`, else the service's `/health` `node_url`). */
  node: string | null;
  /** The router's address (`?router=`, else the service's `/health` `router`). */
  router: string | null;
  /** An account to select at start (`?account=alice` or an address). */
  account: string | null;
  /** A group pool to open at start (`?pool=`). */
  pool: string | null;
  /** A bank (or person) to show at start (`?bank=`). */
  bank: string | null;
  /** The node's JSON-RPC interface (`?rpc=v2` for the new one; legacy by default). */
  rpc: 'legacy' | 'v2';
}

export function readConfig(loc: { search: string; origin: string }): Config {
  const q = new URLSearchParams(loc.search);
  const get = (k: string) => {
    const v = q.get(k)?.trim();
    return v ? v : null;
  };
  return {
    service: get('service') ?? loc.origin,
    node: get('node'),
    router: get('router'),
    account: get('account'),
    pool: get('pool'),
    bank: get('bank'),
    rpc: get('rpc') === 'v2' ? 'v2' : 'legacy',
  };
}
