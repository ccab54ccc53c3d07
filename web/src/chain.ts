// The node: a dedot client, the contracts by their typed bindings, and transactions that go
// pending → included (or failed) with every refusal in plain words.

import { DedotClient, WsProvider } from 'dedot';
import type { AccountId32, DispatchError } from 'dedot/codecs';
import {
  Contract,
  ContractDeployer,
  ContractDispatchError,
  ContractLangError,
  type LooseContractMetadata,
} from 'dedot/contracts';
import type { IKeyringPair, InjectedSigner } from 'dedot/types';
import { decodeAddress, encodeAddress } from 'dedot/utils';

import type { PoolContractApi } from './bindings/pool/index.js';
import type { RouterContractApi } from './bindings/router/index.js';
import type { TrustBankContractApi } from './bindings/trust-bank/index.js';
import { explainContractError, explainDispatch, sentence, type ErrorKind } from './errors.js';
import bankMetadata from './metadata/trust_bank.json';
import poolMetadata from './metadata/pool.json';
import routerMetadata from './metadata/router.json';

export const BANK_METADATA = bankMetadata as unknown as LooseContractMetadata;
export const ROUTER_METADATA = routerMetadata as unknown as LooseContractMetadata;
export const POOL_METADATA = poolMetadata as unknown as LooseContractMetadata;

/** The trust bank code hash the metadata was built with (the front's code). */
export const BUNDLE_BANK_CODE_HASH: string = bankMetadata.source.hash;

export type Bank = Contract<TrustBankContractApi>;
export type Router = Contract<RouterContractApi>;
export type Pool = Contract<PoolContractApi>;

/** Who signs: a development key, or an extension account with the extension's signer. */
export interface Signer {
  name: string;
  address: string;
  pair?: IKeyringPair;
  injected?: InjectedSigner;
}

/** An SS58 address (prefix 42) of an AccountId32, a hex or SS58 string. */
export function ss58(a: AccountId32 | string): string {
  if (typeof a === 'string') return encodeAddress(decodeAddress(a), 42);
  return a.address(42);
}

/** Whether `s` is an SS58 (or 0x + 64 hex) account address. */
export function isAddress(s: string): boolean {
  try {
    decodeAddress(s);
    return true;
  } catch {
    return false;
  }
}

export function sameAccount(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  try {
    return ss58(a) === ss58(b);
  } catch {
    return false;
  }
}

export type TxState = 'pending' | 'included' | 'failed';
export type TxListener = (state: TxState, text: string) => void;

type QueryOptions = { caller: string; value?: bigint };
type TxOptions = { gasLimit: { refTime: bigint; proofSize: bigint }; value?: bigint };
type DryRun = {
  data: unknown;
  raw: { gasRequired: { refTime: bigint; proofSize: bigint } };
  flags: { revert: boolean };
};
type Submittable = {
  signAndSend(
    account: IKeyringPair | string,
    options: { signer?: InjectedSigner },
    callback: (r: TxResult) => void,
  ): Promise<() => Promise<void>>;
};
type TxResult = {
  status: { type: string; value?: { blockNumber?: number; error?: string } };
  dispatchError?: DispatchError;
  events: { event: { pallet: string; palletEvent: unknown } }[];
};

/** One contract message to send: its dry run and its transaction, with the same arguments. */
export interface TxSpec {
  /** What it does, in plain words ("set bob's limit to 100"). */
  label: string;
  /** The error type its `Result` carries. */
  kind: ErrorKind;
  value?: bigint;
  query(o: QueryOptions): Promise<DryRun>;
  tx(o: TxOptions): Submittable;
}

function isResult(x: unknown): x is { isOk?: boolean; isErr?: boolean; err?: unknown; value?: unknown } {
  return !!x && typeof x === 'object' && ('isOk' in x || 'isErr' in x);
}

function withMargin(w: { refTime: bigint; proofSize: bigint }): { refTime: bigint; proofSize: bigint } {
  return { refTime: (w.refTime * 11n) / 10n, proofSize: (w.proofSize * 11n) / 10n };
}

export class Chain {
  readonly client: DedotClient;
  readonly url: string;
  readonly development: boolean;
  readonly chainName: string;
  /** The block of the latest transaction this page saw included: what the route service must
   * have followed before its routes show this page's own changes. */
  lastIncluded = 0;

  private constructor(client: DedotClient, url: string, chainName: string, development: boolean) {
    this.client = client;
    this.url = url;
    this.chainName = chainName;
    this.development = development;
  }

  /** `rpc`: the JSON-RPC interface to use. The legacy one by default: a development node's
   * instant seal authors a block for a transaction sent through it, and (observed on
   * substrate-contracts-node 0.42) not for one sent through the new `transactionWatch_v1`. */
  static async connect(url: string, rpc: 'legacy' | 'v2' = 'legacy'): Promise<Chain> {
    const client = await DedotClient.new({ provider: new WsProvider(url), rpcVersion: rpc });
    const [name, type] = await Promise.all([
      client.rpc.system_chain().catch(() => 'unknown'),
      client.rpc.system_chainType().catch(() => 'unknown'),
    ]);
    const t = typeof type === 'string' ? type : String((type as { type?: string }).type ?? type);
    const development = t === 'Development' || t === 'Local' || /dev/i.test(String(name));
    return new Chain(client, url, String(name), development);
  }

  bank(address: string, caller?: string): Bank {
    return new Contract<TrustBankContractApi>(this.client, BANK_METADATA, address, { defaultCaller: caller });
  }

  router(address: string, caller?: string): Router {
    return new Contract<RouterContractApi>(this.client, ROUTER_METADATA, address, { defaultCaller: caller });
  }

  pool(address: string, caller?: string): Pool {
    return new Contract<PoolContractApi>(this.client, POOL_METADATA, address, { defaultCaller: caller });
  }

  async blockNumber(): Promise<number> {
    return Number(await this.client.query.system.number());
  }

  /** The chain's clock (ms), which the router's `pay_along` deadline is compared with. */
  async timestamp(): Promise<bigint> {
    return BigInt(await this.client.query.timestamp.now());
  }

  /** A chain error in words. */
  explainDispatchError(e: DispatchError): string {
    const meta = this.client.registry.findErrorMeta(e);
    if (meta) return explainDispatch(`${meta.pallet}.${meta.name}`, meta.docs.join(' '));
    const v = (e as { type: string; value?: unknown }).value;
    const key = typeof v === 'string' ? `${e.type}.${v}` : e.type;
    return explainDispatch(key);
  }

  /** Anything a dry run or a send threw, in words. */
  explainThrown(e: unknown): string {
    if (e instanceof ContractDispatchError) {
      const m = e.moduleError;
      return m ? explainDispatch(`${m.pallet}.${m.name}`, m.docs.join(' ')) : this.explainDispatchError(e.dispatchError);
    }
    if (e instanceof ContractLangError) return sentence('LangError', String(e.langError));
    if (e instanceof Error) {
      if (/reject|cancel/i.test(e.message)) return `You declined to sign (${e.message}).`;
      return `The node refused: ${e.message}`;
    }
    return `The node refused: ${String(e)}`;
  }

  /** Dry-runs `spec` as the signer; refused → `failed` with the reason and nothing sent;
   * otherwise signs and sends it and reports `included` once a block has it. */
  async send(signer: Signer, spec: TxSpec, report: TxListener): Promise<TxResult | null> {
    report('pending', `${spec.label}: checking…`);
    let dry: DryRun;
    try {
      dry = await spec.query({ caller: signer.address, value: spec.value });
    } catch (e) {
      report('failed', `${spec.label} failed: ${this.explainThrown(e)}`);
      return null;
    }
    if (isResult(dry.data) && dry.data.isErr) {
      report('failed', `${spec.label} failed: ${explainContractError(spec.kind, dry.data.err)}`);
      return null;
    }
    if (dry.flags.revert) {
      report('failed', `${spec.label} failed: the contract refused the call.`);
      return null;
    }
    const tx = spec.tx({ gasLimit: withMargin(dry.raw.gasRequired), value: spec.value });
    return this.submit(signer, tx, spec.label, report);
  }

  /** Signs and sends a built transaction and waits for a block to include it. */
  submit(signer: Signer, tx: Submittable, label: string, report: TxListener): Promise<TxResult | null> {
    report('pending', `${label}: waiting for a block…`);
    return new Promise((resolve) => {
      let done = false;
      let unsub: (() => Promise<void>) | undefined;
      const finish = (r: TxResult | null) => {
        if (done) return;
        done = true;
        resolve(r);
        if (unsub) void unsub().catch(() => undefined);
      };
      const account = signer.pair ?? signer.address;
      const options = signer.injected ? { signer: signer.injected } : {};
      tx.signAndSend(account, options, (result) => {
        const s = result.status;
        if (s.type === 'BestChainBlockIncluded' || s.type === 'Finalized') {
          if (result.dispatchError) {
            report('failed', `${label} failed: ${this.explainDispatchError(result.dispatchError)}`);
            finish(null);
          } else {
            if (s.value?.blockNumber !== undefined) {
              this.lastIncluded = Math.max(this.lastIncluded, s.value.blockNumber);
            }
            report('included', `${label}: included in block #${s.value?.blockNumber ?? '?'}`);
            finish(result);
          }
        } else if (s.type === 'Invalid' || s.type === 'Drop') {
          report('failed', `${label} failed: the node dropped the transaction (${s.value?.error ?? s.type})`);
          finish(null);
        }
      })
        .then((u) => {
          unsub = u;
          if (done) void u().catch(() => undefined);
        })
        .catch((e: unknown) => {
          report('failed', `${label} failed: ${this.explainThrown(e)}`);
          finish(null);
        });
    });
  }

  /** Instantiates the trust bank code `codeHash` owned by the signer; the new bank's address. */
  async deployBank(signer: Signer, codeHash: string, name: string, symbol: string, report: TxListener): Promise<string | null> {
    const label = 'Deploy my bank';
    const deployer = new ContractDeployer<TrustBankContractApi>(this.client, BANK_METADATA, codeHash);
    const salt = `0x${Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
    report('pending', `${label}: checking…`);
    let gasLimit: { refTime: bigint; proofSize: bigint };
    try {
      const dry = await deployer.query.new(name, symbol, 0, { caller: signer.address, salt });
      gasLimit = withMargin(dry.raw.gasRequired);
    } catch (e) {
      report('failed', `${label} failed: ${this.explainThrown(e)}`);
      return null;
    }
    const tx = deployer.tx.new(name, symbol, 0, { gasLimit, salt }) as unknown as Submittable;
    const result = await this.submit(signer, tx, label, report);
    if (!result) return null;
    // The contract the signer instantiated (a constructor may instantiate others itself).
    for (const r of result.events) {
      const pe = r.event.palletEvent as { name?: string; data?: { deployer?: AccountId32; contract?: AccountId32 } };
      if (r.event.pallet !== 'Contracts' || pe.name !== 'Instantiated' || !pe.data?.contract) continue;
      if (pe.data.deployer && !sameAccount(ss58(pe.data.deployer), signer.address)) continue;
      return ss58(pe.data.contract);
    }
    report('failed', `${label} failed: the chain reported no new contract.`);
    return null;
  }
}
