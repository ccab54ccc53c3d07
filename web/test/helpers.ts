import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The contracts the page imports: bundle name → binding folder. */
export const CONTRACTS = { trust_bank: 'trust-bank', router: 'router', pool: 'pool' } as const;
export type ContractName = keyof typeof CONTRACTS;

export interface InkType {
  id: number;
  type: { path?: string[]; def: { variant?: { variants?: { name: string }[] }; [k: string]: unknown } };
}
export interface InkMetadata {
  source: { hash: string; wasm?: string };
  spec: { messages: { label: string; selector: string }[]; constructors: { label: string; selector: string }[] };
  types: InkType[];
  [k: string]: unknown;
}

export function committedMetadata(c: ContractName): InkMetadata {
  return JSON.parse(readFileSync(join(WEB, 'src', 'metadata', `${c}.json`), 'utf8')) as InkMetadata;
}

export function contractsDir(): string {
  return resolve(WEB, process.env.VOUCH_CONTRACTS_DIR ?? '../target/contracts');
}

export function bundleFile(c: ContractName, ext: 'json' | 'contract'): string | null {
  const p = join(contractsDir(), `${c}.${ext}`);
  return existsSync(p) ? p : null;
}

export function binding(c: ContractName, file: 'query' | 'tx' | 'types'): string {
  return readFileSync(join(WEB, 'src', 'bindings', CONTRACTS[c], `${file}.d.ts`), 'utf8');
}

/** The generated binding's message names with their selectors (`name` → `0x…`). */
export function bindingSelectors(c: ContractName, file: 'query' | 'tx'): Map<string, string> {
  const text = binding(c, file);
  const out = new Map<string, string>();
  const re = /@selector (0x[0-9a-f]{8})[\s\S]*?\*\*\/\s*\n\s*(\w+):/g;
  for (const m of text.matchAll(re)) out.set(m[2]!, m[1]!);
  return out;
}
