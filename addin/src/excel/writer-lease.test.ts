import { describe, expect, it } from 'vitest';
import { leaseValue, mayWrite, parseLease } from './writer-lease';

describe('writer lease (defect 10)', () => {
  it('a pane may write with no lease, its own, or an expired one; not while another holds it', () => {
    expect(mayWrite(null, 'a', 1000)).toBe(true);
    expect(mayWrite(parseLease(leaseValue('a', 1000, 500)), 'a', 1200)).toBe(true);
    expect(mayWrite(parseLease(leaseValue('b', 1000, 500)), 'a', 1200)).toBe(false);
    expect(mayWrite(parseLease(leaseValue('b', 1000, 500)), 'a', 1500)).toBe(true);
  });

  it('a damaged setting is no lease', () => {
    expect(parseLease('{non json')).toBeNull();
    expect(parseLease(JSON.stringify({ holder: 3 }))).toBeNull();
    expect(parseLease(42)).toBeNull();
  });
});
