import { newRowId } from '@piao/shared/doc/rows';
import type { Origin } from '@piao/shared/doc/origins';
import type { CellValue, ColumnDef, SheetId } from '@piao/shared/schema/index';
import { RowIdRegistry } from './row-ids';
import type { HostBatch, HostRow, HostSelection, HostStats, HostValue, InvalidMark, SheetHost, SheetSpec, UserEdit } from './sheet-host';
import { ID_COLUMN } from './sheet-host';
import { MAX_PAYLOAD_BYTES, chunkBytes, chunkOps, planBatch } from './write-plan';

/** One row of the in-memory sheet, by position; `id` is the hidden ID cell. */
interface MemRow {
  id: string | null;
  cells: Record<string, HostValue>;
}

interface MemSheet {
  spec: SheetSpec;
  rows: MemRow[];
  ids: RowIdRegistry;
  adopted: boolean;
  marks: readonly InvalidMark[];
  readOnly: boolean;
  view: SheetView | null;
}

/** What the browser grid renders: rows in host order with their position, marks, read-only state. */
export interface SheetView {
  readonly spec: SheetSpec;
  readonly rows: ReadonlyArray<{ readonly id: string; readonly position: number; readonly values: Readonly<Record<string, HostValue>> }>;
  /** Marks by `rowId` + `\u0000` + column (`''` for a whole row). */
  readonly marks: ReadonlyMap<string, InvalidMark>;
  readonly readOnly: boolean;
  readonly selection: HostSelection | null;
}

export const markKey = (rowId: string, column: string | null): string => `${rowId}\u0000${column ?? ''}`;

export interface MemoryHostOptions {
  origin?: Origin;
  /**
   * Where `writeState` keeps its texts; pass the same map to the next host to model a workbook that
   * is closed and opened again (its stored snapshot survives).
   */
  state?: Map<string, string>;
  maxPayloadBytes?: number;
  newId?: () => string;
}

const isEmpty = (v: HostValue | undefined): boolean => v === null || v === undefined || v === '';

/**
 * A faithful in-memory spreadsheet behind the `SheetHost` port: the browser grid's model and the
 * binder's test double. Writes are applied a microtask later, as Excel applies them at `sync`, and
 * round trips and payloads are counted with the same plan and chunking as the Office.js adapter.
 * The `user*` methods are what a person does in the sheet; they fire user-edit events, host writes never do.
 */
export class MemoryHost implements SheetHost {
  readonly origin: Origin;
  readonly stats: HostStats = { runs: 0, syncs: 0, maxPayloadBytes: 0 };
  private readonly sheets = new Map<SheetId, MemSheet>();
  private readonly editListeners = new Set<(edit: UserEdit) => void>();
  private readonly selectionListeners = new Set<(s: HostSelection) => void>();
  private readonly changeListeners = new Set<() => void>();
  private selection: HostSelection | null = null;
  private readonly limit: number;
  private readonly newId: () => string;
  readonly state: Map<string, string>;

  constructor(opts: MemoryHostOptions = {}) {
    this.origin = opts.origin ?? 'grid';
    this.state = opts.state ?? new Map();
    this.limit = opts.maxPayloadBytes ?? MAX_PAYLOAD_BYTES;
    this.newId = opts.newId ?? newRowId;
  }

  hostValue(_column: ColumnDef, value: CellValue): HostValue {
    return value === '' ? null : value;
  }

  // ── SheetHost ────────────────────────────────────────────────────────────

  async ensureSheet(spec: SheetSpec): Promise<void> {
    this.count(2);
    const existing = this.sheets.get(spec.sheet);
    if (existing) existing.spec = spec;
    else this.sheets.set(spec.sheet, this.emptySheet(spec));
    this.changed(spec.sheet);
  }

  async readRows(sheet: SheetId): Promise<HostRow[]> {
    const s = this.sheet(sheet);
    const { created } = this.normalise(s, { adopt: !s.adopted });
    s.adopted = true;
    this.count(created.size > 0 ? 2 : 1);
    this.changed(sheet);
    return s.rows.flatMap((r, i) => (r.id ? [{ id: r.id, created: created.has(i), values: this.allValues(s, r) }] : []));
  }

  async applyBatch(sheet: SheetId, batch: HostBatch): Promise<void> {
    await Promise.resolve();
    const s = this.sheet(sheet);
    const columns = this.columns(s);
    const positions = new Map<string, number>();
    s.rows.forEach((r, i) => r.id && positions.set(r.id, i));
    const ops = planBatch(batch, { columns, positions, rowCount: s.rows.length }, (_c, v) => v);
    if (ops.length === 0) return;
    const chunks = chunkOps(ops, this.limit);
    this.stats.runs += 1;
    this.stats.syncs += 1 + chunks.length;
    for (const chunk of chunks) this.stats.maxPayloadBytes = Math.max(this.stats.maxPayloadBytes, chunkBytes(chunk));
    for (const op of chunks.flat()) {
      if (op.kind === 'delete') {
        s.rows.splice(op.row, op.count);
        continue;
      }
      op.values.forEach((line, r) => {
        while (s.rows.length <= op.row + r) s.rows.push({ id: null, cells: {} });
        const row = s.rows[op.row + r]!;
        line.forEach((v, c) => {
          const col = columns[op.col + c]!;
          if (col === ID_COLUMN) row.id = typeof v === 'string' ? v : null;
          else row.cells[col] = v;
        });
      });
    }
    for (const a of batch.append ?? []) s.ids.add(a.id);
    for (const id of batch.remove ?? []) s.ids.delete(id);
    this.changed(sheet);
  }

  async readState(prefix: string): Promise<Map<string, string>> {
    return new Map([...this.state].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }

  async writeState(entries: ReadonlyMap<string, string | null>): Promise<void> {
    for (const [k, v] of entries) {
      if (v === null) this.state.delete(k);
      else this.state.set(k, v);
    }
  }

  onUserEdit(listener: (edit: UserEdit) => void): () => void {
    this.editListeners.add(listener);
    return () => this.editListeners.delete(listener);
  }

  async markInvalid(sheet: SheetId, marks: readonly InvalidMark[]): Promise<void> {
    this.count(2);
    this.sheet(sheet).marks = [...marks];
    this.changed(sheet);
  }

  async select(sheet: SheetId, rowId: string, column: string | null = null): Promise<void> {
    this.count(2);
    if (!this.sheet(sheet).rows.some((r) => r.id === rowId)) return;
    this.emitSelection({ sheet, rowId, column });
  }

  onSelection(listener: (selection: HostSelection) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  async setReadOnly(sheet: SheetId, readOnly: boolean): Promise<void> {
    this.count(2);
    this.sheet(sheet).readOnly = readOnly;
    this.changed(sheet);
  }

  // ── What a person does in the sheet ──────────────────────────────────────

  /**
   * Types or pastes values at positions; a position at or past the end adds rows below (as typing
   * under an Excel table). Column `_id` writes the hidden ID cell, as a paste of whole rows does.
   */
  userSetCells(sheet: SheetId, edits: ReadonlyArray<{ row: number; column: string; value: HostValue }>): void {
    const s = this.sheet(sheet);
    const touched = new Map<number, Set<string>>();
    for (const e of edits) {
      while (s.rows.length <= e.row) s.rows.push({ id: null, cells: {} });
      const row = s.rows[e.row]!;
      const value = e.value === '' ? null : e.value;
      if (e.column === ID_COLUMN) row.id = value === null ? null : String(value);
      else row.cells[e.column] = value;
      if (!touched.has(e.row)) touched.set(e.row, new Set());
      touched.get(e.row)!.add(e.column);
    }
    this.emitEdit(s, touched, new Set());
  }

  /** Adds a row below the last one (the grid's "Aggiungi riga"); returns its new id. */
  userAppendRow(sheet: SheetId, values: Readonly<Record<string, HostValue>> = {}): string {
    const s = this.sheet(sheet);
    const position = s.rows.length;
    s.rows.push({ id: null, cells: { ...values } });
    const created = this.emitEdit(s, new Map([[position, new Set(Object.keys(values))]]), new Set([position]));
    return created.get(position)!;
  }

  /** Deletes whole rows by position. */
  userDeleteRows(sheet: SheetId, positions: readonly number[]): void {
    const s = this.sheet(sheet);
    for (const p of [...new Set(positions)].sort((a, b) => b - a)) if (p < s.rows.length) s.rows.splice(p, 1);
    this.emitEdit(s, new Map(), new Set());
  }

  /** Sorts the rows by a column, empty cells last, as Excel's sort does; Excel then reports the whole range changed. */
  userSort(sheet: SheetId, column: string, dir: 'asc' | 'desc' = 'asc'): void {
    const s = this.sheet(sheet);
    const sign = dir === 'asc' ? 1 : -1;
    s.rows.sort((a, b) => {
      const x = a.cells[column];
      const y = b.cells[column];
      if (isEmpty(x) || isEmpty(y)) return Number(isEmpty(x)) - Number(isEmpty(y));
      if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
      if (typeof x === 'number' || typeof y === 'number') return typeof x === 'number' ? -1 : 1;
      return sign * String(x).localeCompare(String(y), 'it');
    });
    const all = new Set(this.columns(s));
    this.emitEdit(s, new Map(s.rows.map((_, i) => [i, all])), new Set());
  }

  /** Moves the user's cursor (presence). */
  userSelect(sheet: SheetId, position: number, column: string | null = null): void {
    this.emitSelection({ sheet, rowId: this.sheet(sheet).rows[position]?.id ?? null, column });
  }

  // ── Reading the model (tests, grid) ──────────────────────────────────────

  /** Rows that have an id, in host order, with every column. */
  rows(sheet: SheetId): Array<{ id: string; values: Record<string, HostValue> }> {
    const s = this.sheet(sheet);
    return s.rows.flatMap((r) => (r.id ? [{ id: r.id, values: this.allValues(s, r) }] : []));
  }

  positionOf(sheet: SheetId, rowId: string): number {
    return this.sheets.get(sheet)?.rows.findIndex((r) => r.id === rowId) ?? -1;
  }

  marks(sheet: SheetId): readonly InvalidMark[] {
    return this.sheets.get(sheet)?.marks ?? [];
  }

  isReadOnly(sheet: SheetId): boolean {
    return this.sheets.get(sheet)?.readOnly ?? false;
  }

  /** Fills a sheet as if a workbook saved earlier were opened (rows may lack ids). */
  seed(spec: SheetSpec, rows: ReadonlyArray<{ id?: string | null; values: Record<string, HostValue> }>): void {
    const s = this.emptySheet(spec);
    s.rows = rows.map((r) => ({ id: r.id ?? null, cells: { ...r.values } }));
    this.sheets.set(spec.sheet, s);
    this.changed(spec.sheet);
  }

  /** An immutable snapshot, the same object until the sheet changes (for `useSyncExternalStore`). */
  view(sheet: SheetId): SheetView | null {
    const s = this.sheets.get(sheet);
    if (!s) return null;
    if (!s.view) {
      const marks = new Map(s.marks.map((m) => [markKey(m.rowId, m.column), m]));
      const selection = this.selection?.sheet === sheet ? this.selection : null;
      const rows = s.rows.flatMap((r, position) => (r.id ? [{ id: r.id, position, values: this.allValues(s, r) }] : []));
      s.view = { spec: s.spec, rows, marks, readOnly: s.readOnly, selection };
    }
    return s.view;
  }

  /** Calls `listener` after any change to any sheet; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  // ── Internals ────────────────────────────────────────────────────────────

  private emptySheet(spec: SheetSpec): MemSheet {
    return { spec, rows: [], ids: new RowIdRegistry(this.newId), adopted: false, marks: [], readOnly: false, view: null };
  }

  private sheet(sheet: SheetId): MemSheet {
    const s = this.sheets.get(sheet);
    if (!s) throw new Error(`Foglio ${sheet} non presente`);
    return s;
  }

  private columns(s: MemSheet): string[] {
    return [ID_COLUMN, ...s.spec.columns.map((c) => c.id)];
  }

  private allValues(s: MemSheet, r: MemRow): Record<string, HostValue> {
    return Object.fromEntries(s.spec.columns.map((c) => [c.id, r.cells[c.id] ?? null]));
  }

  private normalise(s: MemSheet, opts: { changed?: ReadonlySet<number>; adopt?: boolean; force?: ReadonlySet<number> }) {
    const filled = (i: number) => !!opts.force?.has(i) || Object.values(s.rows[i]!.cells).some((v) => !isEmpty(v));
    const result = s.ids.assign(
      s.rows.map((r) => r.id),
      filled,
      opts,
    );
    result.ids.forEach((id, i) => (s.rows[i]!.id = id));
    return result;
  }

  /** Simulates the adapter's event path: re-read the changed rows, give ids, report what changed. */
  private emitEdit(s: MemSheet, touched: ReadonlyMap<number, ReadonlySet<string>>, force: ReadonlySet<number>): Map<number, string> {
    const { ids, created } = this.normalise(s, { changed: new Set(touched.keys()), force });
    const removed = s.ids.removedFrom(ids);
    this.count(created.size > 0 ? 3 : 2);
    const rows: HostRow[] = [];
    for (const [position, cols] of touched) {
      const row = s.rows[position]!;
      if (!row.id) continue;
      const isNew = created.has(position);
      const values = isNew
        ? this.allValues(s, row)
        : Object.fromEntries([...cols].filter((c) => c !== ID_COLUMN).map((c) => [c, row.cells[c] ?? null]));
      rows.push({ id: row.id, created: isNew, values });
    }
    this.changed(s.spec.sheet);
    const edit: UserEdit = { sheet: s.spec.sheet, rows, removed };
    if (rows.length > 0 || removed.length > 0) for (const l of [...this.editListeners]) l(edit);
    return new Map([...created].map((p) => [p, ids[p]!]));
  }

  private emitSelection(selection: HostSelection): void {
    this.selection = selection;
    for (const s of this.sheets.values()) s.view = null;
    this.changed(selection.sheet);
    for (const l of [...this.selectionListeners]) l(selection);
  }

  private count(syncs: number): void {
    this.stats.runs += 1;
    this.stats.syncs += syncs;
  }

  private changed(sheet: SheetId): void {
    const s = this.sheets.get(sheet);
    if (s) s.view = null;
    for (const l of [...this.changeListeners]) l();
  }
}
