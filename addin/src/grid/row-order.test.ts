import { describe, expect, it } from 'vitest';
import { displayOrder } from './row-order';

const row = (id: string, codice: string | number | null) => ({ id, values: { codice } });

describe('grid row order', () => {
  it("follows the document's order, rows it does not list yet last", () => {
    const rows = [row('b', 'B'), row('new', null), row('a', 'A'), row('c', 'C')];
    expect(displayOrder(rows, ['a', 'b', 'c'], null).map((r) => r.id)).toEqual(['a', 'b', 'c', 'new']);
    expect(displayOrder(rows, null, null).map((r) => r.id)).toEqual(['b', 'new', 'a', 'c']);
  });

  it('a header sort orders by value, empty cells last, ties in document order', () => {
    const rows = [row('a', 'Z'), row('b', null), row('c', 'a'), row('d', 'Z'), row('e', 3)];
    const doc = ['d', 'c', 'b', 'a', 'e'];
    expect(displayOrder(rows, doc, { column: 'codice', dir: 'asc' }).map((r) => r.id)).toEqual(['e', 'c', 'd', 'a', 'b']);
    expect(displayOrder(rows, doc, { column: 'codice', dir: 'desc' }).map((r) => r.id)).toEqual(['e', 'd', 'a', 'c', 'b']);
  });
});
