import { describe, expect, it } from 'vitest';
import { RowIdRegistry } from './row-ids';
import { chunkBytes, chunkOps, planBatch, type SheetLayout } from './write-plan';

const layout: SheetLayout = {
  columns: ['_id', 'a', 'b', 'c', 'd'],
  positions: new Map([
    ['r0', 0],
    ['r1', 1],
    ['r2', 2],
    ['r3', 3],
  ]),
  rowCount: 4,
};
const same = (_c: string, v: unknown) => v as string;

describe('planBatch', () => {
  it('writes runs of adjacent columns as one range, appends one block, deletes bottom-up with adjacent rows merged', () => {
    const ops = planBatch(
      {
        set: [{ rowId: 'r1', values: { a: 1, b: 2, d: 4 } }, { rowId: 'gone', values: { a: 9 } }],
        append: [
          { id: 'n1', values: { a: 'x' } },
          { id: 'n2', values: { b: 'y' } },
        ],
        remove: ['r2', 'r0', 'r3', 'nobody'],
      },
      layout,
      same,
    );
    expect(ops.map(({ bytes: _b, ...op }) => op)).toEqual([
      { kind: 'cells', row: 1, col: 1, values: [[1, 2]] },
      { kind: 'cells', row: 1, col: 4, values: [[4]] },
      { kind: 'cells', row: 4, col: 0, values: [['n1', 'x', null, null, null], ['n2', null, 'y', null, null]] },
      { kind: 'delete', row: 2, count: 2 },
      { kind: 'delete', row: 0, count: 1 },
    ]);
  });

  it('skips cells of a row that the same batch deletes, and never writes the ID column through `set`', () => {
    const ops = planBatch({ set: [{ rowId: 'r1', values: { a: 1 } }, { rowId: 'r2', values: { _id: 'x', b: 2 } }], remove: ['r1'] }, layout, same);
    expect(ops.map((o) => [o.kind, o.row, o.kind === 'cells' ? o.col : o.count])).toEqual([
      ['cells', 2, 2],
      ['delete', 1, 1],
    ]);
  });
});

describe('chunkOps', () => {
  it('splits a block too large for one request by rows and keeps every request under the limit', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `n${i}`, values: { a: 'x'.repeat(200) } }));
    const ops = planBatch({ append: rows }, layout, same);
    const chunks = chunkOps(ops, 20_000);
    expect(chunks.length).toBeGreaterThan(4);
    for (const c of chunks) expect(chunkBytes(c)).toBeLessThanOrEqual(20_000);
    const written = chunks.flat().flatMap((op) => (op.kind === 'cells' ? op.values.map((v) => v[0]) : []));
    expect(written).toEqual(rows.map((r) => r.id));
    // Consecutive blocks continue where the previous one ended.
    const starts = chunks.flat().map((op) => op.row);
    expect(starts[0]).toBe(4);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('RowIdRegistry', () => {
  it('gives new ids to empty, repeated and foreign ids; untouched rows keep a repeated id; reports removed ids', () => {
    let n = 0;
    const reg = new RowIdRegistry(() => `new${n++}`);
    const first = reg.assign(['a', 'b', null, 'x'], () => true, { adopt: true });
    expect(first.ids).toEqual(['a', 'b', 'new0', 'x']);
    // Row 0 is a pasted copy of b; row 3 holds an id never seen in this session; row 4 is empty.
    const next = reg.assign(['b', 'b', 'new0', 'zzz', null], (i) => i !== 4, { changed: new Set([0, 3]) });
    expect(next.ids).toEqual(['new1', 'b', 'new0', 'new2', null]);
    expect([...next.created].sort()).toEqual([0, 3]);
    expect(reg.removedFrom(next.ids).sort()).toEqual(['a', 'x']);
  });
});

describe('planBatch with computed columns as formulas (issue 8, defect 7)', () => {
  it('puts the formula, not the value, in computed cells; appended rows get values around it and the formula below', () => {
    const formulas = new Map([[3, '=RC[-2]*RC[-1]']]);
    const ops = planBatch(
      { set: [{ rowId: 'r1', values: { a: 1, c: 99 } }], append: [{ id: 'n1', values: { a: 2, b: 3, c: 6, d: 'x' } }, { id: 'n2', values: { a: 4 } }] },
      layout,
      same,
      formulas,
    );
    expect(ops.map(({ bytes: _b, ...op }) => op)).toEqual([
      { kind: 'cells', row: 1, col: 1, values: [[1]] },
      { kind: 'cells', row: 1, col: 3, values: [['=RC[-2]*RC[-1]']], formula: true },
      { kind: 'cells', row: 4, col: 0, values: [['n1', 2, 3], ['n2', 4, null]] },
      { kind: 'cells', row: 4, col: 4, values: [['x'], [null]] },
      { kind: 'cells', row: 4, col: 3, values: [['=RC[-2]*RC[-1]'], ['=RC[-2]*RC[-1]']], formula: true },
    ]);
  });
});
