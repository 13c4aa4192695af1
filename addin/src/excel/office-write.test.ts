import { describe, expect, it } from 'vitest';
import { sendChunked } from './office-write';
import { OP_OVERHEAD, chunkBytes, chunkOps, planBatch, planIdWrites, type SheetLayout, type WriteOp } from './write-plan';

/**
 * A request that is refused as a whole when it is over the limit, as Excel on the web does with
 * `RequestPayloadSizeLimitExceeded` ("Resource limits and performance optimization for Office Add-ins").
 */
function excelLimit(realLimit: number) {
  const applied: WriteOp[] = [];
  let queued: WriteOp[] = [];
  let refused = 0;
  const sync = async () => {
    const batch = queued;
    queued = [];
    if (chunkBytes(batch) > realLimit) {
      refused += 1;
      throw Object.assign(new Error('payload'), { code: 'RequestPayloadSizeLimitExceeded' });
    }
    applied.push(...batch);
  };
  return { applied, sync, queue: (op: WriteOp) => queued.push(op), refused: () => refused };
}

const layout = (rows: number): SheetLayout => ({
  columns: ['_id', 'a', 'b'],
  positions: new Map(Array.from({ length: rows }, (_, i) => [`r${i}`, i])),
  rowCount: rows,
});
const same = (_c: string, v: unknown) => v as string;

describe('sendChunked', () => {
  it('halves a request Excel refuses for its size and writes every cell exactly once, in order', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ id: `n${i}`, values: { a: 'è'.repeat(300) } }));
    const ops = planBatch({ append: rows }, layout(0), same);
    // Excel accepts a quarter of what we planned for: the plan is wrong, the write must still succeed.
    const planned = 200_000;
    const excel = excelLimit(planned / 4);
    let last = 0;
    await sendChunked(excel.sync, { ops, limit: planned, queue: excel.queue, beforeLastSync: () => (last += 1) });
    expect(excel.refused()).toBeGreaterThan(0);
    expect(excel.applied.flatMap((op) => (op.kind === 'cells' ? op.values.map((v) => v[0]) : []))).toEqual(rows.map((r) => r.id));
    expect(last).toBeGreaterThanOrEqual(1);
  });

  it('gives up on an operation that cannot be cut, and on other errors, with the error', async () => {
    const one = planBatch({ set: [{ rowId: 'r0', values: { a: 'x'.repeat(5000) } }] }, layout(1), same);
    const excel = excelLimit(1000);
    await expect(sendChunked(excel.sync, { ops: one, limit: 100_000, queue: excel.queue })).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    const failing = async () => {
      throw Object.assign(new Error('edit'), { code: 'InvalidOperationInCellEditMode' });
    };
    await expect(sendChunked(failing, { ops: one, limit: 100_000, queue: () => undefined })).rejects.toMatchObject({ code: 'InvalidOperationInCellEditMode' });
  });
});

describe('payload plan (issue 8, defect 8)', () => {
  it('10,000 single-cell remote changes are planned over 5 MB, as Excel sees them, and cut into requests under the limit', () => {
    const n = 10_000;
    // One changed cell per row, alternating columns: nothing merges.
    const set = Array.from({ length: n }, (_, i) => ({ rowId: `r${i}`, values: (i % 2 ? { a: `v${i}` } : { b: `v${i}` }) as Record<string, string> }));
    const ops = planBatch({ set }, layout(n), same);
    expect(ops).toHaveLength(n);
    expect(chunkBytes(ops)).toBeGreaterThan(5_000_000);
    const chunks = chunkOps(ops);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(chunkBytes(c)).toBeLessThanOrEqual(4_000_000);
  });

  it('merges the same columns on consecutive rows into one block', () => {
    const set = Array.from({ length: 1000 }, (_, i) => ({ rowId: `r${i}`, values: { a: `t${i}`, b: i } }));
    const ops = planBatch({ set }, layout(1000), same);
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ kind: 'cells', row: 0, col: 1 });
    expect((ops[0] as Extract<WriteOp, { kind: 'cells' }>).values).toHaveLength(1000);
    expect(ops[0]!.bytes).toBeLessThan(1000 * OP_OVERHEAD);
  });

  it('writes ids of consecutive rows as one block', () => {
    const ids = new Map([
      [3, 'a'],
      [4, 'b'],
      [5, 'c'],
      [9, 'd'],
    ]);
    expect(planIdWrites(ids, 0).map((op) => (op.kind === 'cells' ? [op.row, op.values.flat()] : null))).toEqual([
      [3, ['a', 'b', 'c']],
      [9, ['d']],
    ]);
  });
});
