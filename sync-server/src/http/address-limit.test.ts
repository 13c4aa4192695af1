import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressLimiter } from './address-limit';

const envSeed = process.env.PIAO_FC_SEED;
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Date.now() % 2 ** 31;

describe('AddressLimiter (token bucket per address)', () => {
  it('allows a burst, then one request per refill, with the wait to retry', () => {
    let now = 0;
    const l = new AddressLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual([0, 0, 0]);
    expect(l.take('a')).toBe(1);
    expect(l.take('b')).toBe(0); // another address has its own bucket
    now = 500;
    expect(l.take('a')).toBe(0);
    expect(l.take('a')).toBeGreaterThan(0);
  });

  it(`never admits more than burst + rate × elapsed time, whatever the sequence (seed ${SEED})`, () => {
    fc.assert(
      fc.property(
        fc.record({ perSecond: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 50 }) }),
        fc.array(fc.record({ dt: fc.integer({ min: 0, max: 300 }), addr: fc.constantFrom('a', 'b', 'c') }), { maxLength: 300 }),
        (limit, steps) => {
          let now = 0;
          const l = new AddressLimiter(limit, () => now);
          const admitted = new Map<string, number>();
          for (const s of steps) {
            now += s.dt;
            if (l.take(s.addr) === 0) admitted.set(s.addr, (admitted.get(s.addr) ?? 0) + 1);
          }
          for (const n of admitted.values()) expect(n).toBeLessThanOrEqual(limit.burst + (now / 1000) * limit.perSecond + 1e-9);
        },
      ),
      { seed: SEED },
    );
  });
});
