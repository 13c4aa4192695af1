import type { HostBatch, HostValue } from './sheet-host';
import { ID_COLUMN } from './sheet-host';

/**
 * Turns a batch of writes by (row id, column id) into positional range writes, and cuts them into
 * requests under the payload limit. Both hosts use it, so the in-memory host counts round trips and
 * payload exactly as the Office.js adapter spends them.
 */

/**
 * Excel on the web refuses requests and responses over 5 MB ("Resource limits and performance
 * optimization for Office Add-ins", learn.microsoft.com/office/dev/add-ins/concepts/
 * resource-limits-and-performance-optimization#excel-add-ins; the errors are
 * `RequestPayloadSizeLimitExceeded` / `ResponsePayloadSizeLimitExceeded`, "Error handling with the
 * application-specific JavaScript APIs", which occur only in Excel on the web). Requests are planned at
 * 4 MB, a 20 % margin for what the estimate below does not see; a request refused anyway is cut in half
 * and sent again (`sendChunked` in office-write.ts).
 */
export const MAX_PAYLOAD_BYTES = 4_000_000;

/**
 * Bytes of request envelope per range operation on top of its values. The same page says the request
 * size is "the number of API calls, the number of objects, such as Range objects, and the length of the
 * value to set": a range write is an object path (`getRangeByIndexes` and its four arguments), its
 * instantiation and a property set, each a JSON action with ids and type names — about 600 bytes. (At
 * the former 120 B, 10,000 single-cell writes were planned as 1.3 MB and are over 5 MB in fact.)
 */
export const OP_OVERHEAD = 600;

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
  /** `formula`: the values are R1C1 formulas, written through `Range.formulasR1C1`. */
  | { kind: 'cells'; row: number; col: number; values: HostValue[][]; bytes: number; formula?: boolean }
  | { kind: 'delete'; row: number; count: number; bytes: number };

/** Anything sent in a request, with its estimated size. */
export interface Sized {
  bytes: number;
}

const encoder = new TextEncoder();

/** Estimated request size of a block of values: its JSON in UTF-8 plus the operation envelope. */
export function payloadBytes(values: readonly (readonly HostValue[])[]): number {
  return encoder.encode(JSON.stringify(values)).length + OP_OVERHEAD;
}

function cellsOp(row: number, col: number, values: HostValue[][], formula = false): WriteOp {
  return formula ? { kind: 'cells', row, col, values, bytes: payloadBytes(values), formula } : { kind: 'cells', row, col, values, bytes: payloadBytes(values) };
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
 * Cell writes as few rectangular blocks as it takes: each row's changed columns in runs of adjacent
 * columns, then the same run on consecutive rows merged into one block (a column changed on 1,000 rows
 * in a row is one range, not 1,000).
 */
function cellBlocks(cells: ReadonlyMap<number, ReadonlyMap<number, HostValue>>, formula = false): WriteOp[] {
  const open = new Map<string, { row: number; col: number; values: HostValue[][] }>();
  const out: Array<{ row: number; col: number; values: HostValue[][] }> = [];
  for (const row of [...cells.keys()].sort((a, b) => a - b)) {
    const line = cells.get(row)!;
    for (const run of runs([...line.keys()])) {
      const key = `${run[0]}:${run.length}`;
      const values = run.map((c) => line.get(c) ?? null);
      const block = open.get(key);
      if (block && block.row + block.values.length === row) block.values.push(values);
      else {
        const fresh = { row, col: run[0]!, values: [values] };
        open.set(key, fresh);
        out.push(fresh);
      }
    }
  }
  return out.map((b) => cellsOp(b.row, b.col, b.values, formula));
}

/**
 * The positional writes of a batch, in the order they must run: cell updates (merged into blocks),
 * then appended rows (one block below the last row), then deletions bottom-up so earlier positions stay
 * valid. Rows the host does not have are skipped; an appended id the host already has is rewritten in place.
 */
export function planBatch(
  batch: HostBatch,
  layout: SheetLayout,
  toHost: (column: string, value: HostValue) => HostValue,
  /** Columns the host computes with a formula (by column index): their cells get the formula, not the value. */
  formulas: ReadonlyMap<number, string> = new Map(),
): WriteOp[] {
  const colIndex = new Map(layout.columns.map((c, i) => [c, i]));
  const removing = new Set((batch.remove ?? []).filter((id) => layout.positions.has(id)));
  const ops: WriteOp[] = [];
  const updates = [...(batch.set ?? [])];
  const appends: Array<{ id: string; values: Record<string, HostValue> }> = [];
  for (const a of batch.append ?? []) {
    if (layout.positions.has(a.id)) updates.push({ rowId: a.id, values: a.values });
    else appends.push(a);
  }
  const cells = new Map<number, Map<number, HostValue>>();
  const formulaCells = new Map<number, Map<number, HostValue>>();
  for (const { rowId, values } of updates) {
    const row = layout.positions.get(rowId);
    if (row === undefined || removing.has(rowId)) continue;
    const line = cells.get(row) ?? new Map<number, HostValue>();
    const fline = formulaCells.get(row) ?? new Map<number, HostValue>();
    for (const [c, v] of Object.entries(values)) {
      const i = colIndex.get(c);
      if (i === undefined || c === ID_COLUMN) continue;
      // A computed cell that is asked for is put back to its formula (the user typed over it, or it is new).
      if (formulas.has(i)) fline.set(i, formulas.get(i)!);
      else line.set(i, toHost(c, v ?? null));
    }
    if (line.size > 0) cells.set(row, line);
    if (fline.size > 0) formulaCells.set(row, fline);
  }
  ops.push(...cellBlocks(cells), ...cellBlocks(formulaCells, true));
  if (appends.length > 0) {
    const block = appends.map((a) => layout.columns.map((c) => toHost(c, c === ID_COLUMN ? a.id : (a.values[c] ?? null))));
    // Appended rows: the values around the computed columns, then each computed column's formula.
    const plain = layout.columns.map((_, i) => i).filter((i) => !formulas.has(i));
    for (const run of runs(plain)) ops.push(cellsOp(layout.rowCount, run[0]!, block.map((line) => run.map((i) => line[i] ?? null))));
    for (const [i, f] of [...formulas].sort((a, b) => a[0] - b[0])) ops.push(cellsOp(layout.rowCount, i, appends.map(() => [f]), true));
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

/**
 * Ids given to rows that had none, as blocks of consecutive positions in one column (rows pasted
 * together get one range write, not one per row).
 */
export function planIdWrites(ids: ReadonlyMap<number, string>, idCol: number): WriteOp[] {
  const cells = new Map<number, Map<number, HostValue>>();
  for (const [row, id] of ids) cells.set(row, new Map([[idCol, id]]));
  return cellBlocks(cells);
}

/** Splits a block of rows whose payload exceeds the limit into blocks that fit. */
function splitOp<T extends Sized>(op: T, limit: number): T[] {
  const cells = op as unknown as WriteOp;
  if (cells.kind !== 'cells' || op.bytes <= limit || cells.values.length < 2) return [op];
  const out: WriteOp[] = [];
  let start = 0;
  let size = OP_OVERHEAD;
  for (let i = 0; i < cells.values.length; i++) {
    const rowBytes = payloadBytes([cells.values[i]!]) - OP_OVERHEAD;
    if (i > start && size + rowBytes > limit) {
      out.push(cellsOp(cells.row + start, cells.col, cells.values.slice(start, i), cells.formula));
      start = i;
      size = OP_OVERHEAD;
    }
    size += rowBytes;
  }
  out.push(cellsOp(cells.row + start, cells.col, cells.values.slice(start), cells.formula));
  return out as unknown as T[];
}

/** Groups operations, in order, into requests whose estimated payload stays under the limit. */
export function chunkOps<T extends Sized>(ops: readonly T[], limit = MAX_PAYLOAD_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
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

export function chunkBytes(chunk: readonly Sized[]): number {
  return chunk.reduce((n, op) => n + op.bytes, 0);
}
