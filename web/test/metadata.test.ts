import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACTS, WEB, bindingSelectors, bundleFile, committedMetadata, contractsDir, type ContractName } from './helpers';

const names = Object.keys(CONTRACTS) as ContractName[];

describe('committed metadata', () => {
  for (const c of names) {
    it(`${c}: matches the built bundle when there is one`, () => {
      const json = bundleFile(c, 'json');
      const bundle = bundleFile(c, 'contract');
      if (!json && !bundle) {
        console.log(`skipped: no ${c} bundle in ${contractsDir()} (build the contracts to compare)`);
        return;
      }
      // The ABI, not the code: a build's code hash depends on where it was built (the same
      // sources in another folder give other wasm bytes), the ABI does not.
      const abi = (m: { source: Record<string, unknown> }) => {
        delete m.source.hash;
        delete m.source.wasm;
        return m;
      };
      const committed = abi(committedMetadata(c) as { source: Record<string, unknown> });
      if (json) {
        expect(committed, `src/metadata/${c}.json differs from ${json}: run npm run bindings`).toEqual(
          abi(JSON.parse(readFileSync(json, 'utf8'))),
        );
      }
      if (bundle) {
        const full = abi(JSON.parse(readFileSync(bundle, 'utf8')));
        expect(committed, `src/metadata/${c}.json differs from ${bundle}: run npm run bindings`).toEqual(full);
      }
    });
  }
});

/** Every `contract.query.X(` / `contract.tx.X(` the page's source calls. */
function calledMessages(): { kind: 'query' | 'tx'; name: string }[] {
  const src = join(WEB, 'src');
  const out = new Map<string, { kind: 'query' | 'tx'; name: string }>();
  for (const f of readdirSync(src)) {
    if (!f.endsWith('.ts')) continue;
    const text = readFileSync(join(src, f), 'utf8');
    for (const m of text.matchAll(/\.(query|tx)\.((?:trustBank|psp22|router|groupPool)\w*)\(/g)) {
      out.set(`${m[1]}.${m[2]}`, { kind: m[1] as 'query' | 'tx', name: m[2]! });
    }
  }
  return [...out.values()];
}

describe('bindings', () => {
  const called = calledMessages();

  it('the page calls the messages it needs', () => {
    const names = called.map((c) => `${c.kind}.${c.name}`);
    for (const n of [
      'tx.trustBankSetLimit',
      'tx.trustBankTrust',
      'tx.trustBankGrant',
      'tx.trustBankRevoke',
      'tx.trustBankDeposit',
      'tx.trustBankWithdraw',
      'tx.trustBankRedeem',
      'tx.trustBankCollect',
      'tx.trustBankSetRouter',
      'tx.routerRegister',
      'tx.routerPayAlong',
      'query.routerQuote',
      'query.routerBankOf',
      'query.trustBankStatus',
      'query.trustBankLines',
      'query.psp22BalanceOf',
      'query.groupPoolMembers',
      'query.groupPoolStatus',
      'query.groupPoolProposal',
      'tx.groupPoolApprove',
      'query.groupPoolSettlementPlan',
      'query.groupPoolWhoOwesWhom',
    ]) {
      expect(names, n).toContain(n);
    }
  });

  it('every message the page calls is in a generated binding, with a selector of the metadata', () => {
    expect(called.length).toBeGreaterThan(10);
    for (const { kind, name } of called) {
      const c: ContractName = name.startsWith('router') ? 'router' : name.startsWith('groupPool') ? 'pool' : 'trust_bank';
      const selectors = bindingSelectors(c, kind);
      const selector = selectors.get(name);
      expect(selector, `${kind}.${name} is not in src/bindings/${CONTRACTS[c]}/${kind}.d.ts`).toBeDefined();
      const meta = committedMetadata(c);
      expect(
        meta.spec.messages.map((m) => m.selector),
        `${name}'s selector ${selector} is not a message of ${c}'s metadata`,
      ).toContain(selector);
    }
  });

  it('the bindings were generated from the committed metadata (same messages)', () => {
    for (const c of names) {
      const meta = committedMetadata(c);
      const q = bindingSelectors(c, 'query');
      expect([...q.values()].sort(), c).toEqual(meta.spec.messages.map((m) => m.selector).sort());
    }
  });

  it("the bank's metadata source hash is a code hash (the deploy fallback)", () => {
    expect(committedMetadata('trust_bank').source.hash).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
