import { describe, expect, it } from 'vitest';
import {
  ERROR_SENTENCES,
  explainBank,
  explainContractError,
  explainDispatch,
  explainLeg,
  explainPool,
  explainPsp22,
  explainRouter,
} from '../src/errors';
import { CONTRACTS, committedMetadata, type ContractName } from './helpers';

/** Every `…Error` enum in the metadata the page imports: type name → variant names. */
function metadataErrors(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of Object.keys(CONTRACTS) as ContractName[]) {
    for (const t of committedMetadata(c).types) {
      const name = t.type.path?.at(-1);
      const variants = t.type.def.variant?.variants;
      if (!name || !name.endsWith('Error') || !variants) continue;
      const set = out.get(name) ?? new Set<string>();
      for (const v of variants) set.add(v.name);
      out.set(name, set);
    }
  }
  return out;
}

describe('error sentences', () => {
  const errors = metadataErrors();

  it('finds the error types the page meets', () => {
    expect([...errors.keys()].sort()).toEqual(
      expect.arrayContaining(['BankError', 'LangError', 'PSP22Error', 'PoolError', 'RouterError']),
    );
  });

  it('has a sentence for every error variant in the metadata', () => {
    const missing: string[] = [];
    for (const [type, variants] of errors) {
      for (const v of variants) {
        const s = ERROR_SENTENCES[type]?.[v];
        if (!s || s.length < 10) missing.push(`${type}.${v}`);
      }
    }
    expect(missing, `add these to ERROR_SENTENCES in src/errors.ts`).toEqual([]);
  });

  it('keeps no sentence for a variant the metadata does not have', () => {
    for (const [type, table] of Object.entries(ERROR_SENTENCES)) {
      const variants = errors.get(type);
      expect(variants, `${type} is not in the metadata`).toBeDefined();
      for (const v of Object.keys(table)) expect(variants!.has(v), `${type}.${v}`).toBe(true);
    }
  });

  it('words errors the way the dedot bindings decode them', () => {
    expect(explainBank('NoCapacity')).toMatch(/no room.*\(NoCapacity\)/);
    expect(explainContractError('bank', 'NotOwner')).toContain("Only the bank's owner");
    // PSP22 Custom carries the bank's own error name.
    expect(explainPsp22({ type: 'Custom', value: 'NoCapacity' })).toContain('(NoCapacity)');
    expect(explainPsp22({ type: 'InsufficientBalance' })).toContain('Not enough notes');
    expect(explainRouter({ type: 'UnknownPerson' })).toContain('no bank registered');
    // HopFailed { route, hop, error }: as a tuple (the binding's type) or an object.
    expect(explainRouter({ type: 'HopFailed', value: [0, 1, 'NoCapacity'] })).toBe(
      `Route 1, hop 2 failed: ${explainBank('NoCapacity')} Nothing was paid.`,
    );
    expect(explainRouter({ type: 'HopFailed', value: { route: 1, hop: 0, error: 'NotRouter' } })).toContain('Route 2, hop 1');
    expect(explainPool({ type: 'Bank', value: 'NoCapacity' })).toContain("The pool's bank refused");
    expect(explainPool({ type: 'AlreadyApproved' })).toContain('already approved');
    expect(explainLeg({ leg: 2, error: 'NoCapacity' })).toContain('Leg 3 failed');
    expect(explainDispatch('Contracts.OutOfGas')).toContain('ran out of gas');
    expect(explainDispatch('Foo.Bar', 'Some docs.')).toContain('Some docs.');
  });
});
