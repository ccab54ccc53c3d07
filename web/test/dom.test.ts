import { describe, expect, it } from 'vitest';
import { parseAmount, ppmToDecimal, short } from '../src/dom';
import { readConfig } from '../src/config';

describe('formatting', () => {
  it('shows a reserve ratio in ppm as a plain decimal', () => {
    expect(ppmToDecimal(0n)).toBe('0');
    expect(ppmToDecimal(333_333n)).toBe('0.333333');
    expect(ppmToDecimal(500_000n)).toBe('0.5');
    expect(ppmToDecimal(2_000_000n)).toBe('2');
    expect(ppmToDecimal(1_250_000n)).toBe('1.25');
  });

  it('reads amounts typed as whole numbers', () => {
    expect(parseAmount(' 1_000 ')).toBe(1000n);
    expect(parseAmount('12')).toBe(12n);
    expect(parseAmount('1.5')).toBeNull();
    expect(parseAmount('')).toBeNull();
    expect(parseAmount('-3')).toBeNull();
  });

  it('shortens addresses', () => {
    expect(short('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')).toBe('5Grwva…utQY');
  });
});

describe('configuration', () => {
  it('uses the page origin for the service unless ?service= says otherwise', () => {
    expect(readConfig({ search: '', origin: 'http://127.0.0.1:8080' })).toMatchObject({
      service: 'http://127.0.0.1:8080',
      node: null,
      pool: null,
    });
    expect(
      readConfig({ search: '?service=http://x:1&node=ws://y:2&pool=5Abc&account=alice', origin: 'http://o' }),
    ).toMatchObject({ service: 'http://x:1', node: 'ws://y:2', pool: '5Abc', account: 'alice' });
  });
});
