import * as Y from 'yjs';
import { ORDER_KEY } from '@piao/shared/doc/order';
import { applyChanges, readRecord, readRow, readSheet, tableMap, type RowChange } from '@piao/shared/doc/rows';
import { getSheet, withComputed } from '@piao/shared/schema/index';
import type { CellValue, ColumnDef, RowValues, SheetDef, SheetId } from '@piao/shared/schema/index';
import { coerceCell } from '@piao/shared/validate/coerce';
import { RECORD_ROW_ID, sheetSpec } from './sheet-host';
import type { HostBatch, HostRow, HostValue, InvalidMark, SheetHost, SheetSpec, UserEdit } from './sheet-host';

export interface SheetBindingContext {
  doc: Y.Doc;
  host: SheetHost;
  readOnly: boolean;
  /** Asks for a flush at the next animation frame. */
  requestFlush(): void;
  onStatus?(s: { sheet: SheetId; rows: number }): void;
  onError(error: unknown): void;
}

const sameValue = (a: HostValue | undefined, b: HostValue | undefined): boolean =>
  a === b || ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === ''));

const markKey = (rowId: string, column: string | null): string => `${rowId}\u0000${column ?? ''}`;

/**
 * Keeps one sheet of a Y.Doc and the same sheet in a host in step. The document is the truth: user
 * edits are coerced and written in one transaction; whatever the host shows that the document does
 * not say (remote changes, values to normalise, invalid or read-only edits to revert) is collected as
 * dirty cells and written back in one batch per frame. Cells are named by (row id, column id) only.
 */
export class SheetBinding {
  readonly def: SheetDef;
  readonly spec: SheetSpec;
  ready = false;
  private readonly record: boolean;
  private readonly columns: ReadonlyMap<string, ColumnDef>;
  private readonly computed: readonly string[];
  /** Row ids the host has, as far as the writes we made and the edits it reported tell. */
  private readonly inHost = new Set<string>();
  /** Cells (or whole rows) the host must get from the document. */
  private readonly dirty = new Map<string, Set<string> | 'row'>();
  private readonly coerceMarks = new Map<string, InvalidMark>();
  private issueMarks: InvalidMark[] = [];
  /** The marks the host shows (none at first). */
  private shownMarks = '[]';
  private pendingEdits: UserEdit[] = [];
  private busy = false;
  private disposed = false;

  constructor(
    sheet: SheetId,
    private readonly ctx: SheetBindingContext,
  ) {
    this.def = getSheet(sheet);
    this.spec = sheetSpec(this.def);
    this.record = this.def.kind === 'record';
    this.columns = new Map(this.def.columns.map((c) => [c.id, c]));
    this.computed = this.def.columns.filter((c) => c.computed).map((c) => c.id);
  }

  get sheet(): SheetId {
    return this.def.id;
  }

  /** Creates or re-binds the host sheet and makes it match the document (rows typed while away are adopted). */
  async load(): Promise<void> {
    const { host, readOnly } = this.ctx;
    await host.ensureSheet(this.spec);
    await host.setReadOnly(this.sheet, readOnly);
    const rows = await host.readRows(this.sheet);
    const fresh: HostRow[] = [];
    for (const row of rows) {
      this.inHost.add(row.id);
      const current = this.docValues(row.id);
      if (row.created || current === null) {
        // Rows typed while the pane was closed become new rows; ids the document no longer has go.
        if (row.created) fresh.push(row);
        else this.markRow(row.id);
        continue;
      }
      const full = withComputed(this.def, current);
      for (const col of this.def.columns) {
        if (!sameValue(host.hostValue(col, full[col.id] ?? null), row.values[col.id])) this.markCell(row.id, col.id);
      }
    }
    for (const id of this.docIds()) if (!this.inHost.has(id)) this.markRow(id);
    this.ready = true;
    if (this.disposed) return;
    this.handleEdit({ sheet: this.sheet, rows: fresh, removed: [] });
    const queued = this.pendingEdits;
    this.pendingEdits = [];
    for (const edit of queued) this.handleEdit(edit);
    await this.flush();
    await this.pushMarks();
  }

  /** A user edit in the host → one document transaction (or, read-only, a revert). */
  handleEdit(edit: UserEdit): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.pendingEdits.push(edit);
      return;
    }
    if (this.ctx.readOnly) this.revert(edit);
    else this.apply(edit);
    if (this.dirty.size > 0) this.ctx.requestFlush();
    void this.pushMarks();
    this.status();
  }

  /** Marks what a document transaction from elsewhere changed in this sheet. */
  observe(events: ReadonlyArray<Y.YEvent<Y.AbstractType<unknown>>>, map: Y.Map<unknown>): void {
    for (const e of events) {
      if (!(e instanceof Y.YMapEvent)) continue;
      if (e.target === map) {
        for (const key of e.keysChanged) {
          if (this.record) this.markCell(RECORD_ROW_ID, key);
          else this.markRow(key);
        }
      } else if (!this.record && typeof e.path[0] === 'string') {
        for (const key of e.keysChanged) if (key !== ORDER_KEY) this.markCell(e.path[0], key);
      }
    }
    if (this.dirty.size > 0) this.ctx.requestFlush();
  }

  /** Writes every dirty cell to the host in one batch; one batch in flight at a time. */
  async flush(): Promise<void> {
    if (!this.ready || this.busy || this.disposed || this.dirty.size === 0) return;
    const batch = this.takeBatch();
    this.busy = true;
    try {
      if (batch.set!.length + batch.append!.length + batch.remove!.length > 0) await this.ctx.host.applyBatch(this.sheet, batch);
    } catch (err) {
      this.ctx.onError(err);
    } finally {
      this.busy = false;
    }
    if (this.dirty.size > 0) this.ctx.requestFlush();
    await this.pushMarks();
    this.status();
  }

  /** Replaces the validation marks (from the issue list) of this sheet. */
  async setIssueMarks(marks: InvalidMark[]): Promise<void> {
    this.issueMarks = marks;
    if (this.ready) await this.pushMarks();
  }

  dispose(): void {
    this.disposed = true;
    this.dirty.clear();
  }

  // ── Internals ────────────────────────────────────────────────────────────

  private apply(edit: UserEdit): void {
    const changes: RowChange[] = [];
    let record: RowValues | null = null;
    for (const row of edit.rows) {
      if (row.created) this.inHost.add(row.id);
      if (this.record) {
        // A one-record sheet has one row: anything typed elsewhere goes into the record, the stray row goes.
        let typed = row;
        if (row.id !== RECORD_ROW_ID) {
          this.markRow(row.id);
          typed = { ...row, values: Object.fromEntries(Object.entries(row.values).filter(([, v]) => v !== null && v !== '')) };
        }
        const values = this.coerceRow(RECORD_ROW_ID, typed, this.docValues(RECORD_ROW_ID) ?? {});
        if (Object.keys(values).length > 0) record = { ...(record ?? {}), ...values };
        continue;
      }
      const current = this.docValues(row.id);
      if (!row.created && current === null) {
        this.markRow(row.id); // deleted in the document meanwhile: deletion wins
        continue;
      }
      const values = this.coerceRow(row.id, row, current ?? {});
      if (row.created) changes.push({ kind: 'add', sheet: this.sheet, id: row.id, values });
      else if (Object.keys(values).length > 0) changes.push({ kind: 'update', sheet: this.sheet, id: row.id, values });
    }
    for (const id of edit.removed) {
      this.inHost.delete(id);
      this.dropMarks(id);
      if (this.record) {
        if (id === RECORD_ROW_ID) this.markRow(id);
      } else if (this.docValues(id) !== null) {
        changes.push({ kind: 'delete', sheet: this.sheet, id });
      }
    }
    if (record) changes.push({ kind: 'record', sheet: this.sheet, values: record });
    if (changes.length > 0) applyChanges(this.ctx.doc, changes, this.ctx.host.origin);
  }

  /** Read-only: put back what the document says. */
  private revert(edit: UserEdit): void {
    for (const row of edit.rows) {
      if (row.created) this.inHost.add(row.id);
      if (row.created || this.docValues(row.id) === null) this.markRow(row.id);
      else for (const col of Object.keys(row.values)) this.markCell(row.id, col);
    }
    for (const id of edit.removed) {
      this.inHost.delete(id);
      if (this.docValues(id) !== null) this.markRow(id);
    }
  }

  /** Coerces the typed values of a row; returns those that differ from the document. */
  private coerceRow(target: string, row: HostRow, base: RowValues): RowValues {
    const out: RowValues = {};
    for (const [colId, raw] of Object.entries(row.values)) {
      const col = this.columns.get(colId);
      if (!col) continue;
      const key = markKey(target, colId);
      if (col.computed) {
        this.markCell(target, colId); // derived cells are never typed in
        continue;
      }
      const c = coerceCell(col, raw);
      if (!c.ok) {
        this.coerceMarks.set(key, { rowId: target, column: colId, message: `${col.label}: ${c.error}`, severity: 'error' });
        continue;
      }
      this.coerceMarks.delete(key);
      if (!sameValue(base[colId] ?? null, c.value)) out[colId] = c.value;
      // Normalise what the host shows ("1.234,5" → 1234.5); a write in flight may also overwrite the cell.
      if (this.busy || !sameValue(this.ctx.host.hostValue(col, c.value), raw)) this.markCell(target, colId);
    }
    if (row.created || Object.keys(out).length > 0) for (const c of this.computed) this.markCell(target, c);
    return out;
  }

  private takeBatch(): Required<HostBatch> {
    const batch: Required<HostBatch> = { set: [], append: [], remove: [] };
    const all = this.def.columns.map((c) => c.id);
    for (const [id, cols] of this.dirty) {
      const values = this.docValues(id);
      if (values === null) {
        if (this.inHost.delete(id)) batch.remove.push(id);
        this.dropMarks(id);
        continue;
      }
      const full = withComputed(this.def, values);
      const wanted = cols === 'row' || !this.inHost.has(id) ? all : [...new Set([...cols, ...this.computed])];
      const picked = Object.fromEntries(wanted.map((c) => [c, full[c] ?? null])) as Record<string, CellValue>;
      // The document value replaces whatever invalid text the cell held.
      for (const c of wanted) this.coerceMarks.delete(markKey(id, c));
      if (this.inHost.has(id)) batch.set.push({ rowId: id, values: picked });
      else {
        batch.append.push({ id, values: picked });
        this.inHost.add(id);
      }
    }
    this.dirty.clear();
    if (batch.append.length > 1 && !this.record) {
      const order = new Map(readSheet(this.ctx.doc, this.sheet).map((r, i) => [r.id, i]));
      batch.append.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    }
    return batch;
  }

  private async pushMarks(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const byCell = new Map<string, InvalidMark>();
    for (const m of [...this.coerceMarks.values(), ...this.issueMarks]) {
      const key = markKey(m.rowId, m.column);
      if (!byCell.has(key)) byCell.set(key, m);
    }
    const marks = [...byCell.values()].filter((m) => this.inHost.has(m.rowId));
    const key = JSON.stringify(marks.map((m) => [m.rowId, m.column, m.severity, m.message]).sort());
    if (key === this.shownMarks) return;
    this.shownMarks = key;
    try {
      await this.ctx.host.markInvalid(this.sheet, marks);
    } catch (err) {
      this.shownMarks = '';
      this.ctx.onError(err);
    }
  }

  private docValues(id: string): RowValues | null {
    if (this.record) return id === RECORD_ROW_ID ? readRecord(this.ctx.doc, this.sheet) : null;
    return readRow(this.ctx.doc, this.sheet, id)?.values ?? null;
  }

  private docIds(): string[] {
    return this.record ? [RECORD_ROW_ID] : readSheet(this.ctx.doc, this.sheet).map((r) => r.id);
  }

  private markRow(id: string): void {
    this.dirty.set(id, 'row');
  }

  private markCell(id: string, column: string): void {
    if (!this.columns.has(column)) return;
    const cols = this.dirty.get(id);
    if (cols === 'row') return;
    if (cols) cols.add(column);
    else this.dirty.set(id, new Set([column]));
  }

  private dropMarks(id: string): void {
    for (const key of [...this.coerceMarks.keys()]) if (key.startsWith(`${id}\u0000`)) this.coerceMarks.delete(key);
  }

  private status(): void {
    this.ctx.onStatus?.({ sheet: this.sheet, rows: this.record ? 1 : tableMap(this.ctx.doc, this.sheet).size });
  }
}
