import type { HostValue } from '../excel/sheet-host';

export interface GridSort {
  column: string;
  dir: 'asc' | 'desc';
}

/**
 * The order the grid shows rows in: the document's order (`_order` keys, ties by id — the same on every
 * client), not the order rows happened to reach this browser's in-memory host. Rows the document does
 * not list yet (just typed, still on their way) come last in host order. A header sort is a view of
 * that order only: it never touches the document, and equal values keep the document's order.
 */
export function displayOrder<R extends { id: string; values: Record<string, HostValue> }>(
  rows: readonly R[],
  docIds: readonly string[] | null,
  sort: GridSort | null,
): R[] {
  const rank = new Map((docIds ?? []).map((id, i) => [id, i] as const));
  const base = rows.map((r, i) => ({ r, k: rank.get(r.id) ?? rank.size + i }));
  base.sort((a, b) => a.k - b.k);
  if (!sort) return base.map((x) => x.r);
  const sign = sort.dir === 'asc' ? 1 : -1;
  const cmp = (a: HostValue | undefined, b: HostValue | undefined): number => {
    const ea = a === null || a === undefined || a === '';
    const eb = b === null || b === undefined || b === '';
    if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1; // empty cells last, as Excel sorts
    if (typeof a === 'number' && typeof b === 'number') return sign * (a - b);
    if (typeof a === 'number' || typeof b === 'number') return typeof a === 'number' ? -1 : 1;
    return sign * String(a).localeCompare(String(b), 'it');
  };
  return base
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => cmp(a.r.values[sort.column], b.r.values[sort.column]) || a.i - b.i)
    .map((x) => x.r);
}
