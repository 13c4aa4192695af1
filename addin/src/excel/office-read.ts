import type { RowIdRegistry } from './row-ids';
import { ID_COLUMN, type HostRow, type HostValue, type SheetSpec, type UserEdit } from './sheet-host';
import { parseA1, readLayout, readRowsBlock, rowFilled, type OfficeLayout, type Sync } from './office-layout';
import { toExcelInput } from './office-values';
import { sendChunked } from './office-write';
import { StaleLayoutError, VerifiedWrites } from './office-verify';
import { MAX_PAYLOAD_BYTES, planIdWrites } from './write-plan';

/**
 * Reading rows out of Excel: all of them (on load) or those an edit touched (on `onChanged`, whose
 * `details` cover single cells only, so the changed range is always re-read). Rows without an id —
 * typed under the table, pasted, or copies of an existing row — get one, written to the ID column in
 * the same request.
 */

export interface ReadState {
  spec: SheetSpec;
  ids: RowIdRegistry;
  /** False until the first read, which keeps the ids a workbook saved earlier already has. */
  adopted: boolean;
}

/** What a read-only (protected) sheet needs around the id writes of a read: unprotect, then protect again. */
export interface WriteGuard {
  before(lay: OfficeLayout): void;
  after(lay: OfficeLayout): void;
}

export async function readAllRows(ctx: Excel.RequestContext, sync: Sync, s: ReadState, guard?: WriteGuard): Promise<HostRow[]> {
  const lay = await readLayout(ctx, sync, s.spec);
  const values = await readRowsBlock(lay, sync, 0, lay.ids.length);
  checkIds(lay, values, 0);
  const filled = (i: number) => rowFilled(lay, values[i]!);
  const { ids, created } = s.ids.assign(lay.ids, filled, { adopt: !s.adopted });
  s.adopted = true;
  // Ids no longer in the sheet are forgotten: one that comes back (Ctrl+Z of a deletion) is a new row.
  s.ids.removedFrom(ids);
  await writeIds(lay, sync, ids, created, guard);
  return ids.flatMap((id, i) => (id ? [{ id, created: created.has(i), values: rowValues(lay, values[i]!) }] : []));
}

/** The rows under the changed addresses, with only the changed columns (all of them for new rows). */
/**
 * With `remote` (a co-author's change) ids found are adopted and none are written: the co-author's
 * own pane gives ids to their rows; this one only learns what the sheet holds.
 */
export async function readChangedRows(
  ctx: Excel.RequestContext,
  sync: Sync,
  s: ReadState,
  addresses: readonly string[],
  opts: { guard?: WriteGuard; remote?: boolean; onCopies?: (lay: OfficeLayout, copies: RowCopy[]) => Promise<void> } = {},
): Promise<UserEdit> {
  const lay = await readLayout(ctx, sync, s.spec);
  const touched = new Map<number, Set<string>>();
  for (const b of addresses.flatMap(parseA1)) {
    const from = Math.max(0, b.row - lay.first);
    const to = Math.min(lay.ids.length, b.row + b.rows - lay.first);
    const cols = lay.columns.filter((_, i) => lay.colStart + i >= b.col && lay.colStart + i < b.col + b.cols);
    for (let p = from; p < to; p++) {
      const set = touched.get(p) ?? new Set<string>();
      for (const c of cols) set.add(c);
      touched.set(p, set);
    }
  }
  const positions = [...touched.keys()];
  const lo = positions.length ? Math.min(...positions) : 0;
  const hi = positions.length ? Math.max(...positions) : -1;
  const values = await readRowsBlock(lay, sync, lo, hi - lo + 1);
  checkIds(lay, values, lo);
  const at = (p: number) => (p >= lo && p <= hi ? values[p - lo]! : null);
  // Co-authoring (defect 10): a row two panes both appended (both held the writer lease for a moment)
  // shows one id twice once Excel merges the copies. The later copy is no row of its own (no new id,
  // which would put a copy in the document); the pane holding the lease removes it (`onCopies`).
  const copies = opts.remote ? repeatedIds(lay.ids) : [];
  const skip = new Set(copies.map((c) => c.copy));
  const filled = (p: number) => !skip.has(p) && rowFilled(lay, at(p));
  const { ids, created } = s.ids.assign(lay.ids, filled, { changed: new Set(positions), adopt: !s.adopted || opts.remote });
  s.adopted = true;
  if (opts.remote) created.clear();
  else await writeIds(lay, sync, ids, created, opts.guard);
  // Deleted rows show up as ids missing from the ID column, whatever the event said.
  const removed = s.ids.removedFrom(ids);
  const rows: HostRow[] = [];
  for (const [p, cols] of touched) {
    const id = ids[p];
    const line = at(p);
    if (!id || !line) continue;
    const all = rowValues(lay, line);
    const changed = created.has(p) ? all : Object.fromEntries([...cols].filter((c) => c in all).map((c) => [c, all[c]!]));
    rows.push({ id, created: created.has(p), values: changed });
  }
  if (copies.length > 0) await opts.onCopies?.(lay, copies);
  return { sheet: s.spec.sheet, rows, removed };
}

/** A data row holding an id that an earlier row (`original`) holds too. */
export interface RowCopy {
  copy: number;
  original: number;
}

function repeatedIds(raw: readonly HostValue[]): RowCopy[] {
  const first = new Map<string, number>();
  const out: RowCopy[] = [];
  raw.forEach((v, i) => {
    const id = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
    if (id === '') return;
    const original = first.get(id);
    if (original === undefined) first.set(id, i);
    else out.push({ copy: i, original });
  });
  return out;
}

/** Writes the ids given to rows that had none: consecutive rows as one block, in requests under the payload limit. */
async function writeIds(lay: OfficeLayout, sync: Sync, ids: ReadonlyArray<string | null>, created: ReadonlySet<number>, guard?: WriteGuard): Promise<void> {
  if (created.size === 0) return;
  const ops = planIdWrites(new Map([...created].map((p) => [p, ids[p]!])), lay.idIndex);
  // A protected (read-only) sheet refuses writes to its locked ID cells: lift it for these writes only.
  guard?.before(lay);
  // The rows may have moved since they were read: the write checks the ID column (office-verify.ts).
  const verified = new VerifiedWrites(lay, sync);
  await sendChunked(verified.sync, {
    ops,
    limit: MAX_PAYLOAD_BYTES,
    queue: (op) => {
      if (op.kind !== 'cells') return;
      verified.cells(op.row, op.col, op.values.map((v) => [toExcelInput(null, v[0] ?? null)]));
    },
    beforeLastSync: () => guard?.after(lay),
  });
}

/**
 * The values are read in a later request than the ID column: if the user sorted, inserted or deleted
 * rows in between, the ID cells read with the values differ, and the read starts again (defect 9).
 */
function checkIds(lay: OfficeLayout, values: readonly (readonly HostValue[])[], from: number): void {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  values.forEach((line, i) => {
    if (text(line[lay.idIndex]) !== text(lay.ids[from + i])) throw new StaleLayoutError();
  });
}

function rowValues(lay: OfficeLayout, line: readonly HostValue[]): Record<string, HostValue> {
  const out: Record<string, HostValue> = {};
  lay.columns.forEach((c, i) => {
    if (c !== ID_COLUMN && !c.startsWith('?')) out[c] = line[i] ?? null;
  });
  return out;
}
