import * as Y from 'yjs';
import { ORDER_KEY } from '@piao/shared/doc/order';
import { applyChanges, readRecord, readRow, readSheet, tableMap, type RowChange } from '@piao/shared/doc/rows';
import { getSheet, withComputed } from '@piao/shared/schema/index';
import type { CellValue, ColumnDef, RowValues, SheetDef, SheetId } from '@piao/shared/schema/index';
import { coerceCell } from '@piao/shared/validate/coerce';
import { RECORD_ROW_ID, sheetSpec } from './sheet-host';
import { Shadow } from './snapshot';
import { NotWriterError } from './writer-lease';
import type { HostBatch, HostRow, HostValue, InvalidMark, SheetHost, SheetSpec, UserEdit } from './sheet-host';

export interface SheetBindingContext {
  doc: Y.Doc;
  host: SheetHost;
  readOnly: boolean;
  /** Asks for a flush at the next animation frame. */
  requestFlush(): void;
  /** False while the document has not synced with the server in this session: no host row is removed then. */
  synced(): boolean;
  /** Milliseconds to wait before retrying a failed write (attempt 1, 2, …). */
  retryDelay(attempt: number): number;
  /** Milliseconds of quiet before the snapshot is saved in the workbook. */
  persistDelay: number;
  onStatus?(s: BindingStatus): void;
  /** Rows the user deleted in the workbook while the pane was closed, deleted from the document too. */
  onNotice?(n: BindingNotice): void;
  onError(error: unknown): void;
}

export interface BindingStatus {
  sheet: SheetId;
  rows: number;
  /** An Italian message while writes to the host keep failing (they are retried); null when all is written. */
  problem?: string | null;
}

export interface BindingNotice {
  sheet: SheetId;
  kind: 'deleted-offline';
  /** Italian message listing the rows (by code or title). */
  message: string;
  rows: Array<{ id: string; label: string }>;
}

/** Snapshot entry holding the column order of the row entries (row ids never start with `~`). */
const COLUMNS_KEY = '~cols';

/** Node timers would keep a test process alive; browsers return a number and have no `unref`. */
function unref(timer: unknown): void {
  (timer as { unref?: () => void } | null)?.unref?.();
}

/** Tries of the first load of a sheet before `ready` rejects. */
const LOAD_ATTEMPTS = 5;

/** Errors no retry can fix (an Excel build without the APIs we need). */
function isUnsupported(err: unknown): boolean {
  return /ExcelApi|non supporta/i.test(String((err as { message?: unknown } | null)?.message ?? ''));
}

/** Failures in a row before the whole sheet is re-read and reconciled. */
const RESYNC_AFTER = 3;

export const CELL_EDIT_MESSAGE = 'Excel è in modifica di una cella: le modifiche verranno scritte appena esci dalla cella.';
export const WRITE_RETRY_MESSAGE = 'Scrittura in Excel non riuscita: nuovo tentativo in corso, le modifiche non sono perse.';

/** What Excel says when a batch arrives while the user edits a cell (without `delayForCellEdit`). */
function isCellEdit(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return /cell.?edit|modifica di una cella/i.test(`${String(e?.code ?? '')} ${String(e?.message ?? '')}`);
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
  private inHost = new Set<string>();
  /** What the host holds, as far as we wrote or read it; kept in the workbook for the next bind. */
  private readonly shadow = new Shadow();
  private failures = 0;
  private needResync = false;
  private problem: string | null = null;
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
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
    // A host that computes them (Excel formulas) gets computed cells only to put a formula back.
    this.computed = ctx.host.formulas ? [] : this.def.columns.filter((c) => c.computed).map((c) => c.id);
  }

  get sheet(): SheetId {
    return this.def.id;
  }

  /** Creates or re-binds the host sheet and merges it with the document (see `reconcile`). */
  async load(): Promise<void> {
    const { host, readOnly } = this.ctx;
    // A request Excel refuses (busy, a dropped connection) is tried again: a sheet left unbound would
    // silently stop syncing. After LOAD_ATTEMPTS the caller hears of it (`ready` rejects).
    for (let attempt = 1; ; attempt++) {
      try {
        await host.ensureSheet(this.spec);
        await host.setReadOnly(this.sheet, readOnly);
        if (host.readState) {
          const stored = await host.readState(this.statePrefix);
          const cols = stored.get(COLUMNS_KEY);
          stored.delete(COLUMNS_KEY);
          if (cols) this.shadow.loadRows(cols.split(','), stored);
        }
        await this.reconcile(true);
        break;
      } catch (err) {
        if (attempt >= LOAD_ATTEMPTS || this.disposed || isUnsupported(err)) throw err;
        this.setProblem(isCellEdit(err) ? CELL_EDIT_MESSAGE : WRITE_RETRY_MESSAGE);
        await new Promise((r) => setTimeout(r, this.ctx.retryDelay(attempt)));
      }
    }
    this.setProblem(null);
    this.ready = true;
    if (this.disposed) return;
    const queued = this.pendingEdits;
    this.pendingEdits = [];
    for (const edit of queued) this.handleEdit(edit);
    await this.flush();
    await this.pushMarks();
  }

  /**
   * Reads the whole host sheet and merges it three ways: a cell that differs from what we last knew
   * the host held (the live shadow, or the snapshot an earlier session left in the workbook) was
   * changed by the user and becomes an edit; any other cell that differs from the document is
   * rewritten from it. A row the snapshot knows but the host lacks was deleted by the user (deleted
   * here too, with a notice); a host row the document lacks was deleted elsewhere — removed only once
   * the document has synced. Without a snapshot the document wins (the first bind of a workbook).
   */
  async reconcile(atBind = false): Promise<void> {
    const { host } = this.ctx;
    const rows = await host.readRows(this.sheet);
    if (this.disposed) return;
    const synced = this.ctx.synced();
    const edits: HostRow[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      this.inHost.add(row.id);
      if (row.created) {
        edits.push(row);
        continue;
      }
      const current = this.docValues(row.id);
      if (current === null) {
        const known = this.knowsRow(row.id);
        if (!this.record && !known && this.shadow.hasStored) {
          // Never synced (pasted or typed with an id while the pane was closed): a new row.
          edits.push({ ...row, created: true });
        } else if (synced || this.record) {
          this.markRow(row.id);
        } else {
          // The document may still be on its way: leave the row alone until it has synced.
          for (const [c, v] of Object.entries(row.values)) this.shadow.set(row.id, c, v);
        }
        continue;
      }
      const full = withComputed(this.def, current);
      const changed: Record<string, HostValue> = {};
      for (const col of this.def.columns) {
        const h = row.values[col.id];
        if (!col.computed && this.shadow.knows(row.id, col.id) && !this.shadow.accepts(row.id, col.id, h)) {
          changed[col.id] = h ?? null;
          continue;
        }
        this.shadow.set(row.id, col.id, h);
        if (!sameValue(host.hostValue(col, full[col.id] ?? null), h)) this.markCell(row.id, col.id);
      }
      if (Object.keys(changed).length > 0) edits.push({ id: row.id, created: false, values: changed });
    }
    const deleted: string[] = [];
    for (const id of this.docIds()) {
      if (seen.has(id)) continue;
      if (!this.record && this.knowsRow(id)) deleted.push(id);
      else {
        this.inHost.delete(id);
        this.markRow(id);
      }
    }
    for (const id of [...this.inHost]) if (!seen.has(id) && !deleted.includes(id) && this.docValues(id) === null) this.inHost.delete(id);
    if (deleted.length > 0 && !this.ctx.readOnly && atBind) this.notifyDeleted(deleted);
    for (const id of deleted) this.inHost.add(id); // so that `apply`/`revert` see them go
    this.shadow.dropStored();
    const edit: UserEdit = { sheet: this.sheet, rows: edits, removed: deleted };
    if (this.ctx.readOnly) this.revert(edit);
    else this.apply(edit);
    this.needResync = false;
    this.schedulePersist();
  }

  /** A user edit in the host → one document transaction (or, read-only, a revert). */
  handleEdit(edit: UserEdit): void {
    if (this.disposed) return;
    if (!this.ready) {
      this.pendingEdits.push(edit);
      return;
    }
    if (edit.lost) {
      void this.resync();
      return;
    }
    if (edit.remote) {
      // A co-author's Excel already shows these cells; their pane syncs them. Only learn what the host holds.
      for (const row of edit.rows) {
        this.inHost.add(row.id);
        for (const [c, v] of Object.entries(row.values)) this.shadow.set(row.id, c, v);
      }
      for (const id of edit.removed) {
        this.inHost.delete(id);
        this.shadow.delete(id);
      }
      return;
    }
    // Cells holding what we wrote (our own change events, on hosts without `triggerSource`) are no edit.
    const rows = edit.rows.flatMap((row) => {
      if (row.created) return [row];
      const values = Object.fromEntries(Object.entries(row.values).filter(([c, v]) => !this.shadow.accepts(row.id, c, v)));
      return Object.keys(values).length > 0 ? [{ ...row, values }] : [];
    });
    const mine = { ...edit, rows };
    if (this.ctx.readOnly) this.revert(mine);
    else this.apply(mine);
    this.schedulePersist();
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

  /**
   * Writes every dirty cell to the host in one batch; one batch in flight at a time. A failed write
   * puts its cells back and is retried with backoff; after repeated failures the whole sheet is
   * re-read and reconciled, and the caller hears about it through `onStatus`.
   */
  async flush(): Promise<void> {
    if (!this.ready || this.busy || this.disposed) return;
    if (this.needResync) {
      await this.resync();
      return;
    }
    if (this.dirty.size === 0) return;
    const before = new Set(this.inHost);
    const batch = this.takeBatch();
    this.busy = true;
    let failed = false;
    try {
      if (batch.set.length + batch.append.length + batch.remove.length > 0) {
        // The snapshot with the values in flight goes in the same Excel.run, before the cells (a closed
        // pane's write still lands; the next session must not take it for the user's edit).
        const state = this.ctx.host.writeState ? this.takeState() : null;
        try {
          await this.ctx.host.applyBatch(this.sheet, state ? { ...batch, state } : batch);
          // Removed rows' entries are not deleted with the batch: the next save does it.
          if (state) this.retouchState(new Map([...state].filter(([, v]) => v === null)));
        } catch (err) {
          if (state) this.retouchState(state);
          throw err;
        }
      }
      for (const r of [...batch.set.map((x) => ({ id: x.rowId, values: x.values })), ...batch.append]) {
        for (const [c, v] of Object.entries(r.values)) this.shadow.settle(r.id, c, this.hostCell(c, v));
      }
      for (const id of batch.remove) this.shadow.delete(id);
      this.failures = 0;
      this.setProblem(null);
    } catch (err) {
      failed = true;
      this.restore(batch, before);
      if (err instanceof NotWriterError) {
        // Another pane on this co-authored workbook writes document changes (defect 10): its writes reach
        // this host as co-authors' changes; what is still missing then is written after its lease expires.
        this.busy = false;
        this.scheduleRetry(err.retryAfterMs);
        this.status();
        return;
      }
      this.failures += 1;
      if (this.failures >= RESYNC_AFTER) this.needResync = true;
      this.setProblem(isCellEdit(err) ? CELL_EDIT_MESSAGE : WRITE_RETRY_MESSAGE);
      this.ctx.onError(err);
    } finally {
      this.busy = false;
    }
    if (failed) this.scheduleRetry();
    else if (this.dirty.size > 0 || this.needResync) this.ctx.requestFlush();
    if (!failed) this.schedulePersist();
    await this.pushMarks();
    this.status();
  }

  /** Re-reads the whole sheet and reconciles it with the document (after lost events or failed writes). */
  async resync(): Promise<void> {
    if (this.busy || this.disposed) {
      // The flush in progress asks for another frame when it ends; the re-read happens then.
      this.needResync = true;
      return;
    }
    this.busy = true;
    try {
      await this.reconcile();
      this.failures = 0;
    } catch (err) {
      this.needResync = true;
      this.failures += 1;
      this.setProblem(isCellEdit(err) ? CELL_EDIT_MESSAGE : WRITE_RETRY_MESSAGE);
      this.ctx.onError(err);
      this.busy = false;
      this.scheduleRetry();
      return;
    }
    this.busy = false;
    if (this.dirty.size > 0) this.ctx.requestFlush();
    else this.setProblem(null);
    this.status();
  }

  /** Writes the snapshot now (the pane is closing, or a test wants it). */
  async persist(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    const { host } = this.ctx;
    if (!host.writeState || !this.ready) return;
    const entries = this.takeState();
    if (!entries) return;
    try {
      await host.writeState(entries);
    } catch (err) {
      this.retouchState(entries);
      this.ctx.onError(err);
    }
  }

  /** The snapshot entries of the rows touched since the last save (null when none). */
  private takeState(): Map<string, string | null> | null {
    const columns = this.def.columns.map((c) => c.id);
    const rows = this.shadow.takeTouched(columns);
    if (rows.size === 0) return null;
    const entries = new Map<string, string | null>([[this.statePrefix + COLUMNS_KEY, columns.join(',')]]);
    for (const [id, text] of rows) entries.set(this.statePrefix + id, text);
    return entries;
  }

  private retouchState(entries: ReadonlyMap<string, string | null>): void {
    const key = this.statePrefix + COLUMNS_KEY;
    this.shadow.retouch([...entries.keys()].filter((k) => k !== key).map((k) => k.slice(this.statePrefix.length)));
  }

  /** Replaces the validation marks (from the issue list) of this sheet. */
  async setIssueMarks(marks: InvalidMark[]): Promise<void> {
    this.issueMarks = marks;
    if (this.ready) await this.pushMarks();
  }

  dispose(): void {
    this.disposed = true;
    this.dirty.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.retryTimer = this.persistTimer = null;
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
        for (const [c, v] of Object.entries(row.values)) this.shadow.set(row.id, c, v);
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
        // Deleted in the document meanwhile: deletion wins. Before the first sync the document may
        // just not have the row yet: leave it (the shadow does not learn the edit, so the reconcile
        // after the sync still sees it).
        if (this.ctx.synced()) {
          this.inHost.add(row.id); // it is there: the user just edited it
          this.markRow(row.id);
        }
        continue;
      }
      for (const [c, v] of Object.entries(row.values)) this.shadow.set(row.id, c, v);
      const values = this.coerceRow(row.id, row, current ?? {});
      if (row.created) changes.push({ kind: 'add', sheet: this.sheet, id: row.id, values });
      else if (Object.keys(values).length > 0) changes.push({ kind: 'update', sheet: this.sheet, id: row.id, values });
    }
    for (const id of edit.removed) {
      this.inHost.delete(id);
      this.shadow.delete(id);
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
      for (const [c, v] of Object.entries(row.values)) this.shadow.set(row.id, c, v);
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

  private takeBatch(): Required<Omit<HostBatch, 'state'>> {
    const batch: Required<Omit<HostBatch, 'state'>> = { set: [], append: [], remove: [] };
    const all = this.def.columns.map((c) => c.id);
    for (const [id, cols] of this.dirty) {
      const values = this.docValues(id);
      if (values === null) {
        if (this.inHost.delete(id)) batch.remove.push(id);
        this.dropMarks(id);
        continue;
      }
      const full = withComputed(this.def, values);
      let wanted = cols === 'row' || !this.inHost.has(id) ? all : [...new Set([...cols, ...this.computed])];
      // Cells the host already shows with this value (a co-author's Excel wrote it, a computed value
      // that did not change) are not written again.
      // A host's formula cell asked for is written (its formula may be missing: a row the user typed in
      // a new table's empty first row shows the value the formula would give, yet has no formula).
      if (this.inHost.has(id)) wanted = wanted.filter((c) => (this.ctx.host.formulas && this.columns.get(c)?.computed) || !this.shadow.holds(id, c, this.hostCell(c, full[c] ?? null)));
      if (wanted.length === 0) continue;
      const picked = Object.fromEntries(wanted.map((c) => [c, full[c] ?? null])) as Record<string, CellValue>;
      // The document value replaces whatever invalid text the cell held.
      for (const c of wanted) this.coerceMarks.delete(markKey(id, c));
      for (const c of wanted) this.shadow.expect(id, c, this.hostCell(c, picked[c] ?? null));
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

  /** Puts a failed batch back: its cells are dirty again and the rows are where they were. */
  private restore(batch: Required<Omit<HostBatch, 'state'>>, inHost: Set<string>): void {
    this.inHost = inHost;
    for (const r of batch.set) for (const c of Object.keys(r.values)) this.markCell(r.rowId, c);
    for (const r of batch.append) {
      // Never confirmed in the host: the shadow must not make a re-read take it for a row the user deleted.
      this.shadow.delete(r.id);
      this.markRow(r.id);
    }
    for (const id of batch.remove) this.markRow(id);
  }

  private scheduleRetry(delay = this.ctx.retryDelay(this.failures)): void {
    if (this.disposed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.ctx.requestFlush();
    }, delay);
    unref(this.retryTimer);
  }

  private schedulePersist(): void {
    if (this.disposed || !this.ctx.host.writeState || this.persistTimer) return;
    this.persistTimer = setTimeout(() => void this.persist(), this.ctx.persistDelay);
    unref(this.persistTimer);
  }

  private setProblem(problem: string | null): void {
    if (problem === this.problem) return;
    this.problem = problem;
    this.status();
  }

  private notifyDeleted(ids: string[]): void {
    const rows = ids.map((id) => {
      const v = this.docValues(id) ?? {};
      const label = [v.codice, v.titolo ?? v.denominazione ?? v.descrizione].filter((x) => x !== null && x !== undefined && x !== '').join(' – ');
      return { id, label: label || id };
    });
    const message = `Righe eliminate in Excel mentre il riquadro era chiuso, eliminate anche nel piano (${this.def.label}): ${rows.map((r) => r.label).join('; ')}.`;
    this.ctx.onNotice?.({ sheet: this.sheet, kind: 'deleted-offline', message, rows });
  }

  /** The row was in the host when we last looked (this session, or the snapshot of an earlier one). */
  private knowsRow(id: string): boolean {
    return this.shadow.hasRow(id);
  }

  private hostCell(column: string, value: CellValue | HostValue): HostValue {
    const col = this.columns.get(column);
    return col ? this.ctx.host.hostValue(col, value as CellValue) : (value as HostValue);
  }

  private get statePrefix(): string {
    return `piao.s.${this.sheet}.`;
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
    this.ctx.onStatus?.({ sheet: this.sheet, rows: this.record ? 1 : tableMap(this.ctx.doc, this.sheet).size, problem: this.problem });
  }
}
