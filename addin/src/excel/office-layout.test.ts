import { describe, expect, it } from 'vitest';
import { getSheet } from '@piao/shared/schema/index';
import { readRowsBlock, type OfficeLayout } from './office-layout';

/**
 * Reads sized by bytes (issue 8, defect 8). The stub worksheet answers `getRangeByIndexes(...).load('values')`
 * at sync and refuses a response over its limit as a whole, as Excel on the web does with
 * `ResponsePayloadSizeLimitExceeded` ("Resource limits and performance optimization for Office Add-ins").
 */
function sheetOf(cells: (r: number, c: number) => string | number, limit: number) {
  let pending: Array<{ row: number; col: number; rows: number; cols: number; target: { values: unknown[][] } }> = [];
  const responses: number[] = [];
  const ws = {
    getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => {
      const target = { values: [] as unknown[][], load: () => target };
      pending.push({ row, col, rows, cols, target });
      return target;
    },
  };
  const sync = async () => {
    const batch = pending;
    pending = [];
    for (const p of batch) p.target.values = Array.from({ length: p.rows }, (_, r) => Array.from({ length: p.cols }, (_, c) => cells(p.row + r, p.col + c)));
    const bytes = batch.reduce((n, p) => n + new TextEncoder().encode(JSON.stringify(p.target.values)).length, 0);
    if (bytes > limit) throw Object.assign(new Error('risposta troppo grande'), { code: 'ResponsePayloadSizeLimitExceeded' });
    responses.push(bytes);
  };
  return { ws, sync, responses };
}

describe('readRowsBlock', () => {
  it('reads 3,000 rows of long text in responses under the limit, halving a refused one, in order', async () => {
    const text = 'Descrizione lunga con accenti: è à ù. '.repeat(40);
    const excel = sheetOf((r, c) => (c === 0 ? `id${r}` : `${r}:${text}`), 1_000_000);
    const lay = { ws: excel.ws, first: 1, colStart: 0, width: 3, defs: [null, null, null] } as unknown as OfficeLayout;
    const rows = await readRowsBlock(lay, excel.sync, 0, 3000);
    expect(rows).toHaveLength(3000);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 3000 }, (_, i) => `id${i + 1}`));
    expect(Math.max(...excel.responses)).toBeLessThanOrEqual(1_000_000);
  });

  it('takes few syncs for short rows and converts percent fractions to 0–100', async () => {
    const peso = getSheet('obiettivi').columns.find((c) => c.id === 'peso')!;
    const excel = sheetOf((_r, c) => (c === 0 ? 'x' : 0.275), 5_000_000);
    const lay = { ws: excel.ws, first: 1, colStart: 0, width: 2, defs: [null, peso] } as unknown as OfficeLayout;
    const rows = await readRowsBlock(lay, excel.sync, 0, 10_000);
    expect(rows[0]).toEqual(['x', 27.5]);
    expect(excel.responses.length).toBeLessThanOrEqual(2);
  });
});
