import { generateKeyBetween } from 'fractional-indexing';

/** The reserved row key that holds the row's fractional-index position. */
export const ORDER_KEY = '_order';

function validKey(k: string | null | undefined): string | null {
  if (typeof k !== 'string' || k === '') return null;
  try {
    // Validates the key (throws on keys a foreign client may have written badly).
    generateKeyBetween(k, null);
    return k;
  } catch {
    return null;
  }
}

/**
 * A key strictly between `before` and `after` (either may be null for the ends). Equal or invalid
 * neighbours, which concurrent inserts and foreign clients can produce, degrade gracefully: the key
 * then goes just after `before` and ties are broken by row id when reading.
 */
export function keyBetween(before: string | null, after: string | null): string {
  const a = validKey(before);
  let b = validKey(after);
  if (a !== null && b !== null && a >= b) b = null;
  return generateKeyBetween(a, b);
}

/** Compares two rows by order key, then by id so that ties resolve the same way everywhere. */
export function compareOrder(a: { order: string; id: string }, b: { order: string; id: string }): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
