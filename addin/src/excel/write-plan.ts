import type { HostBatch, HostValue } from './sheet-host';
import { ID_COLUMN } from './sheet-host';

/**
 * Turns a batch of writes by (row id, column id) into positional range writes, and cuts them into
 * requests under the payload limit. Both hosts use it, so the in-memory host counts round trips and
 * payload exactly as the Office.js adapter spends them.
 */

/** Excel on the web refuses requests over 5 MB; keep a margin for the request envelope. */
export const MAX_PAYLOAD_BYTES = 4_000_000;

/** Bytes of request envelope per range operation (address, method, ids) on top of its values. */
const OP_OVERHEAD = 120;

/** Where rows and columns are in the host right now. */
export interface SheetLayout {
  /** Column ids in host order, the ID column included. */
  readonly columns: readonly string[];
  /** Data-row position (0 = first row under the header) of every row id. */
  readonly positions: ReadonlyMap<string, number>;
  /** Data rows in the host region (appends start here). */
  readonly rowCount: number;
}

export type WriteOp =
  | { kind: 'cells'; row: number; col: number; values: HostValue[][]; bytes: number }
  | { kind: 'delete'; row: number; count: number; bytes: number };

const encoder = new TextEncoder();

/** Estimated request size of a block of values: its JSON in UTF-8 plus the operation envelope. */
export function payloadBytes(values: readonly (readonly HostValue[])[]): number {
  return encoder.encode(JSON.stringify(values)).length + OP_OVERHEAD;
}

function cellsOp(row: number, col: number, values: HostValue[][]): WriteOp {
  return { kind: 'cells', row, col, values, bytes: payloadBytes(values) };
}

/** Splits runs of consecutive column indexes: [1,2,3,7,8] → [[1,2,3],[7,8]]. */
function runs(indexes: number[]): number[][] {
  const out: number[][] = [];
  for (const i of indexes.sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && last.at(-1) === i - 1) last.push(i);
    else out.push([i]);
  }
  return out;
}

/**
 * The positional writes of a batch, in the order they must run: cell updates, then appended rows
 * (one block below the last row), then deletions bottom-up so earlier positions stay valid.
 * Rows the host does not have are skipped; an appended id the host already has is rewritten in place.
 */
export function planBatch(batch: HostBatch, layout: SheetLayout, toHost: (column: string, value: HostValue) => HostValue): WriteOp[] {
  const colIndex = new Map(layout.columns.map((c, i) => [c, i]));
  const removing = new Set((batch.remove ?? []).filter((id) => layout.positions.has(id)));
  const ops: WriteOp[] = [];
  const updates = [...(batch.set ?? [])];
  const appends: Array<{ id: string; values: Record<string, HostValue> }> = [];
  for (const a of batch.append ?? []) {
    if (layout.positions.has(a.id)) updates.push({ rowId: a.id, values: a.values });
    else appends.push(a);
  }
  for (const { rowId, values } of updates) {
    const row = layout.positions.get(rowId);
    if (row === undefined || removing.has(rowId)) continue;
    const cols = Object.keys(values)
      .map((c) => colIndex.get(c))
      .filter((i): i is number => i !== undefined && layout.columns[i] !== ID_COLUMN);
    for (const run of runs(cols)) {
      const line = run.map((i) => toHost(layout.columns[i]!, values[layout.columns[i]!] ?? null));
      ops.push(cellsOp(row, run[0]!, [line]));
    }
  }
  if (appends.length > 0) {
    const block = appends.map((a) => layout.columns.map((c) => toHost(c, c === ID_COLUMN ? a.id : (a.values[c] ?? null))));
    ops.push(cellsOp(layout.rowCount, 0, block));
  }
  const doomed = [...removing].map((id) => layout.positions.get(id)!).sort((a, b) => b - a);
  for (const row of doomed) {
    const last = ops.at(-1);
    if (last?.kind === 'delete' && last.row === row + 1) {
      last.row = row;
      last.count += 1;
    } else {
      ops.push({ kind: 'delete', row, count: 1, bytes: OP_OVERHEAD });
    }
  }
  return ops;
}

/** Splits a block of rows whose payload exceeds the limit into blocks that fit. */
function splitOp(op: WriteOp, limit: number): WriteOp[] {
  if (op.kind !== 'cells' || op.bytes <= limit || op.values.length < 2) return [op];
  const out: WriteOp[] = [];
  let start = 0;
  let size = OP_OVERHEAD;
  for (let i = 0; i < op.values.length; i++) {
    const rowBytes = payloadBytes([op.values[i]!]) - OP_OVERHEAD;
    if (i > start && size + rowBytes > limit) {
      out.push(cellsOp(op.row + start, op.col, op.values.slice(start, i)));
      start = i;
      size = OP_OVERHEAD;
    }
    size += rowBytes;
  }
  out.push(cellsOp(op.row + start, op.col, op.values.slice(start)));
  return out;
}

/** Groups operations, in order, into requests whose estimated payload stays under the limit. */
export function chunkOps(ops: readonly WriteOp[], limit = MAX_PAYLOAD_BYTES): WriteOp[][] {
  const chunks: WriteOp[][] = [];
  let current: WriteOp[] = [];
  let size = 0;
  for (const big of ops) {
    for (const op of splitOp(big, limit)) {
      if (current.length > 0 && size + op.bytes > limit) {
        chunks.push(current);
        current = [];
        size = 0;
      }
      current.push(op);
      size += op.bytes;
    }
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function chunkBytes(chunk: readonly WriteOp[]): number {
  return chunk.reduce((n, op) => n + op.bytes, 0);
}
