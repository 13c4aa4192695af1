import { describe, expect, it } from 'vitest';
import { MAX_KNOWN_NAMES, knownName, rememberNames } from './known-names';
import type { PresenceEntry } from './presence';

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}
const entry = (sub: string, name: string): PresenceEntry => ({ clientId: 1, self: false, user: { sub, name, color: '#000' }, sector: null, sheet: null, rowId: null });

describe('known names', () => {
  it('remembers who was seen, updates a changed name, forgets the oldest past the cap', () => {
    const s = memoryStore();
    expect(rememberNames([entry('marco', 'Marco Bellini')], s)).toBe(true);
    expect(rememberNames([entry('marco', 'Marco Bellini')], s)).toBe(false);
    expect(knownName('marco', s)).toBe('Marco Bellini');
    rememberNames([entry('marco', 'Marco B.')], s);
    expect(knownName('marco', s)).toBe('Marco B.');
    rememberNames(Array.from({ length: MAX_KNOWN_NAMES }, (_, i) => entry(`u${i}`, `U ${i}`)), s);
    expect(knownName('marco', s)).toBeNull();
    expect(knownName(`u${MAX_KNOWN_NAMES - 1}`, s)).toBe(`U ${MAX_KNOWN_NAMES - 1}`);
  });

  it('survives a corrupt or disabled store', () => {
    const s = memoryStore();
    s.m.set('piao.knownNames', '{not json');
    expect(knownName('x', s)).toBeNull();
    s.m.set('piao.knownNames', '[1,2]');
    expect(knownName('0', s)).toBeNull();
    // Storage disabled (private mode, policy): nothing remembered, nothing thrown.
    const broken = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(rememberNames([entry('a', 'A')], broken)).toBe(true);
    expect(knownName('a', broken)).toBeNull();
  });
});
