// Minimal DOM helpers.

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page has no #${id}`);
  return e as T;
}

type Attrs = Record<string, string | number | boolean | undefined>;

/** `el('td', {'data-field': 'limit'}, '100')`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) e.append(c);
  return e;
}

/** Runs `f` at most once per `ms`, after the last call. */
export function debounce(f: () => void, ms: number): () => void {
  let t: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (t) clearTimeout(t);
    t = setTimeout(f, ms);
  };
}

/** A short form of an address: `5GrwvaEF…utQY`. */
export function short(addr: string): string {
  return addr.length > 14 ? `${addr.slice(0, 6)}…${addr.slice(-4)}` : addr;
}

/** A reserve ratio in parts per million as a plain decimal number (`333333` → `0.333333`). */
export function ppmToDecimal(ppm: bigint): string {
  const whole = ppm / 1_000_000n;
  const frac = (ppm % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}

/** Parses an amount typed by a person: a plain non-negative integer in the smallest unit. */
export function parseAmount(s: string): bigint | null {
  const t = s.trim().replace(/[_\s]/g, '');
  return /^\d+$/.test(t) ? BigInt(t) : null;
}
