// Accounts to act as: the development keys (`//Alice` …) on a development chain, and the
// accounts of a browser wallet extension (the injected-accounts API, `window.injectedWeb3`).

import type { InjectedAccount, InjectedWindow } from 'dedot/types';
import type { Signer } from './chain.js';

export const DEV_NAMES = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'] as const;

const APP_NAME = 'Vouch';

/** The development accounts (sr25519, `//Alice` …), named in lowercase. */
export async function devAccounts(): Promise<Signer[]> {
  const [{ Keyring }, { cryptoWaitReady }] = await Promise.all([
    import('@polkadot/keyring'),
    import('@polkadot/util-crypto'),
  ]);
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return DEV_NAMES.map((name) => {
    const pair = keyring.addFromUri(`//${name[0]!.toUpperCase()}${name.slice(1)}`);
    return { name, address: pair.address, pair };
  });
}

/** Accounts from every wallet extension that injected itself, if the person allows it. */
export async function extensionAccounts(): Promise<Signer[]> {
  const injected = (globalThis as unknown as InjectedWindow).injectedWeb3;
  if (!injected) return [];
  const out: Signer[] = [];
  for (const [source, provider] of Object.entries(injected)) {
    try {
      if (!provider.enable) continue;
      const ext = await provider.enable(APP_NAME);
      const accounts: InjectedAccount[] = await ext.accounts.get();
      for (const a of accounts) {
        out.push({ name: a.name ?? `${source} ${a.address.slice(0, 6)}`, address: a.address, injected: ext.signer });
      }
    } catch {
      // An extension the person declined, or one that failed: its accounts are not offered.
    }
  }
  return out;
}

/** Whether any wallet extension injected itself into the page. */
export function hasExtension(): boolean {
  const injected = (globalThis as unknown as InjectedWindow).injectedWeb3;
  return !!injected && Object.keys(injected).length > 0;
}
