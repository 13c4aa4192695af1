import { newRowId } from '@piao/shared/doc/rows';
import type { CellValue, ColumnDef, SheetId } from '@piao/shared/schema/index';
import { RowIdRegistry } from './row-ids';
import { EXCEL_API_MIN, UNSUPPORTED_EXCEL_MESSAGE } from './requirements';
import { ID_COLUMN, type HostBatch, type HostRow, type HostSelection, type HostStats, type HostValue, type InvalidMark, type SheetHost, type SheetSpec, type UserEdit } from './sheet-host';
import { headerColumns, parseA1, readLayout, type OfficeLayout, type Sync } from './office-layout';
import { readAllRows, readChangedRows, type RowCopy, type WriteGuard } from './office-read';
import { setupSheet } from './office-setup';
import { a1, excelValue, fromExcel, toExcelInput } from './office-values';
import { MAX_PAYLOAD_BYTES, planBatch } from './write-plan';
import { formulaColumns } from './office-formulas';
import { sendChunked } from './office-write';
import { VerifiedWrites } from './office-verify';
import { writeMarks } from './office-marks';
import { LEASE_MS, LEASE_SETTING, leaseValue, mayWrite, NotWriterError, parseLease } from './writer-lease';

/** The parts of the Office.js globals the adapter uses (injectable for tests). */
export interface ExcelLike {
  /**
   * `Excel.run(options, batch)`: every batch asks `delayForCellEdit` (Excel.RunOptions), so a request
   * made while the user types in a cell waits for them instead of failing; `Excel.run(context, batch)`
   * reuses the context an event handler was added in, to remove it (OfficeExtension.EventHandlerResult).
   */
  run<T>(options: Excel.RunOptions | OfficeExtension.ClientRequestContext, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}
export interface OfficeLike {
  context: {
    requirements: { isSetSupported(name: string, version?: string): boolean };
    /** Office.Settings of the document (Common API): saved with it by `saveAsync`. */
    document?: { settings: { set(name: string, value: unknown): void; saveAsync(callback?: (result: unknown) => void): void } };
  };
}

export interface OfficeHostOptions {
  excel?: ExcelLike;
  office?: OfficeLike;
  maxPayloadBytes?: number;
  newId?: () => string;
  /** Waits before the 2nd and 3rd try of a failed read of change events (ms); default 100, 400. */
  readBackoffMs?: readonly number[];
  /** This pane's id in the writer lease (writer-lease.ts); by default one random id per page. */
  paneId?: string;
  /** How long the writer lease lasts without renewal (ms); default `LEASE_MS`. */
  leaseMs?: number;
}

interface OfficeSheet {
  spec: SheetSpec;
  columns: ReadonlyMap<string, ColumnDef>;
  ids: RowIdRegistry;
  adopted: boolean;
  /** Cells marked last time, to clear them before marking again. */
  marked: Array<{ rowId: string; column: string | null }>;
  handlers: Array<{ remove(): void; context: OfficeExtension.ClientRequestContext }>;
  /** Addresses changed by events not read yet (several events are read in one request). */
  changed: string[];
  /** Addresses a co-author changed (`source: 'Remote'`), read only to learn what the host holds. */
  remote: string[];
  /** A read of `changed`/`remote` is in progress (it takes addresses that arrive meanwhile). */
  reading: boolean;
  /**
   * Without `triggerSource` (before ExcelApi 1.14): the value we last wrote into single cells, by
   * address. An event whose `details.valueAfter` (single cells only, ExcelApi 1.9) is that value is our
   * echo and needs no read; anything else is read and compared by value in the binder.
   */
  written: Map<string, HostValue>;
  /** Protected by `setReadOnly`: our writes lift the protection for the length of one request. */
  readOnly: boolean;
}

const PROTECTION: Excel.WorksheetProtectionOptions = { allowAutoFilter: true, allowFormatColumns: true, allowFormatRows: true, selectionMode: 'Normal' };

/** Change types after which the addresses of earlier events are stale (Excel.DataChangeType). */
const STRUCTURAL: ReadonlySet<string> = new Set(['RowInserted', 'RowDeleted', 'ColumnInserted', 'ColumnDeleted', 'CellInserted', 'CellDeleted']);
const RESYNC = '\u0000resync';
/** Reads of change events tried this many times before the binder is told to re-read the sheet. */
const READ_ATTEMPTS = 3;
const READ_BACKOFF_MS = [100, 400];
/** Setting that makes Excel open the task pane with the document (Office.AutoShowTaskpaneWithDocument). */
export const AUTO_SHOW_SETTING = 'Office.AutoShowTaskpaneWithDocument';
/**
 * This page's id in the writer lease (writer-lease.ts): a pane bound again in the same page (the room
 * changed, the binding restarted) keeps the lease it held instead of waiting for it to expire.
 */
const PAGE_PANE_ID = newRowId();

/**
 * The Office.js adapter of `SheetHost`. Every operation is one `Excel.run`, queued so that positions
 * read at the start of a request are still true when it writes; reads happen after `load` + `sync`;
 * writes are planned by `planBatch` and sent in chunks under the payload limit. Events are never
 * disabled: our own writes are recognised by `triggerSource` (ExcelApi 1.14) or by the record of
 * addresses we wrote.
 */
class OfficeHost implements SheetHost {
  readonly origin = 'excel' as const;
  /** Computed columns are Excel formulas (office-formulas.ts): Excel recalculates them after an edit. */
  readonly formulas = true;
  readonly stats: HostStats = { runs: 0, syncs: 0, maxPayloadBytes: 0 };
  private readonly sheets = new Map<SheetId, OfficeSheet>();
  private readonly editListeners = new Set<(edit: UserEdit) => void>();
  private readonly selectionListeners = new Set<(s: HostSelection) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pendingSelection: { sheet: SheetId; address: string } | null = null;
  private disposed = false;
  /** Renews the writer lease while this pane holds it (writer-lease.ts). */
  private leaseTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly excel: ExcelLike,
    private readonly office: OfficeLike | undefined,
    private readonly limit: number,
    private readonly newId: () => string,
    private readonly readBackoffMs: readonly number[] = READ_BACKOFF_MS,
    private readonly paneId: string = PAGE_PANE_ID,
    private readonly leaseMs: number = LEASE_MS,
  ) {}

  hostValue(column: ColumnDef, value: CellValue): HostValue {
    return excelValue(column, value);
  }

  async ensureSheet(spec: SheetSpec): Promise<void> {
    if (!this.supports(EXCEL_API_MIN)) throw new Error(UNSUPPORTED_EXCEL_MESSAGE);
    let s = this.sheets.get(spec.sheet);
    if (!s) {
      s = { spec, columns: new Map(), ids: new RowIdRegistry(this.newId), adopted: false, marked: [], handlers: [], changed: [], remote: [], reading: false, written: new Map(), readOnly: false };
      this.sheets.set(spec.sheet, s);
    }
    s.spec = spec;
    s.columns = new Map(spec.columns.map((c) => [c.id, c]));
    const sheet = s;
    await this.run(async (ctx, sync) => {
      // A read-only sheet stays protected between sessions; setting it up again (formats, validation,
      // locking) is refused on a protected sheet, so the protection is lifted for this request only.
      const named = ctx.workbook.worksheets.getItemOrNullObject(spec.name).load('name');
      await sync();
      let wasProtected = false;
      if (!named.isNullObject) {
        named.protection.load('protected');
        await sync();
        wasProtected = named.protection.protected;
        if (wasProtected) named.protection.unprotect();
      }
      const table = await setupSheet(ctx, sync, spec);
      // Handlers live as long as this page: a reloaded pane registers them again here.
      if (sheet.handlers.length === 0) {
        sheet.handlers.push(
          table.worksheet.onChanged.add(async (e) => this.onChanged(sheet, e)),
          table.worksheet.onSelectionChanged.add(async (e) => this.onSelectionChanged(spec.sheet, e.address)),
        );
      }
      if (wasProtected) {
        table.getRange().format.protection.locked = true;
        table.worksheet.protection.protect(PROTECTION);
      }
      await sync();
    });
  }

  readRows(sheet: SheetId): Promise<HostRow[]> {
    const s = this.sheet(sheet);
    return this.run((ctx, sync) => readAllRows(ctx, sync, s, this.writeGuard(s)));
  }

  applyBatch(sheet: SheetId, batch: HostBatch): Promise<void> {
    const s = this.sheet(sheet);
    return this.run(async (ctx, sync) => {
      // Co-authoring: only the pane holding the writer lease writes document changes (defect 10). The
      // lease is read with the layout and renewed with the first write.
      const lease = ctx.workbook.settings.getItemOrNullObject(LEASE_SETTING).load('value');
      // The snapshot first (it accepts the old and the new values): the writes below land even if the pane closes.
      // Added entries ride with the layout read (no sync of their own unless they are many); removals wait for the next save.
      if (batch.state) await this.putState(ctx, sync, new Map([...batch.state].filter(([, v]) => v !== null)), false);
      const lay = await readLayout(ctx, sync, s.spec);
      const toHost = (column: string, v: HostValue) => toExcelInput(s.columns.get(column) ?? null, v);
      const ops = planBatch(batch, lay, toHost, formulaColumns(s.spec.sheet, s.spec.columns, lay.columns));
      if (ops.length === 0) return;
      this.takeLease(ctx, lease.isNullObject ? null : lease.value);
      // Rows of a filtered table cannot be deleted ("InsertDeleteConflict", TableRowCollection.deleteRows):
      // their cells are emptied instead, and an empty row is no row for the binding (defect 11).
      let filtered = false;
      if (ops.some((op) => op.kind === 'delete')) {
        const filter = lay.table.autoFilter.load('isDataFiltered');
        await sync();
        filtered = filter.isDataFiltered;
      }
      if (s.readOnly) lay.ws.protection.unprotect();
      const appended = (batch.append ?? []).filter((a) => !lay.positions.has(a.id)).length;
      const deleted = filtered ? 0 : ops.reduce((n, op) => n + (op.kind === 'delete' ? op.count : 0), 0);
      // Requests under the payload limit, halved if Excel refuses one anyway (office-write.ts).
      // Each request checks that the rows are still where they were read (office-verify.ts, defect 9).
      const verified = new VerifiedWrites(lay, sync);
      // Appended rows go right under the table's rows: above a total row or a note, cells are inserted
      // (inside the table above its total row, so it grows) instead of written over them (defect 16).
      if (appended > 0 && (lay.showTotals || lay.below)) {
        verified.insert(lay.rowCount, appended);
        await verified.sync();
      }
      await sendChunked(verified.sync, {
        ops,
        limit: this.limit,
        queue: (op) => {
          if (op.kind === 'cells') {
            verified.cells(op.row, op.col, op.values as Array<Array<string | number | boolean>>, !!op.formula);
            if (!this.supports('1.14') && op.values.length === 1 && op.values[0]!.length === 1) {
              const v = op.values[0]![0] ?? null;
              s.written.set(a1(lay.first + op.row, lay.colStart + op.col), typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v);
            }
          } else if (filtered) {
            verified.cells(op.row, 0, Array.from({ length: op.count }, () => Array.from({ length: lay.width }, () => '')));
          } else {
            verified.delete(op.row, op.count);
          }
        },
        beforeLastSync: () => {
          const total = lay.rowCount + appended - deleted;
          if (appended > 0 && total > 0 && !lay.showTotals) this.extendTable(s, lay, total, deleted);
          if (s.readOnly) this.protect(lay);
        },
        sent: (bytes) => (this.stats.maxPayloadBytes = Math.max(this.stats.maxPayloadBytes, bytes)),
      });
      for (const a of batch.append ?? []) s.ids.add(a.id);
      for (const id of batch.remove ?? []) s.ids.delete(id);
      // Our deletions moved rows up: events of the user's edits made before them, not read yet,
      // name rows that are no longer there. The binder re-reads the sheet instead.
      if (deleted > 0) this.queueResync(s);
    });
  }

  onUserEdit(listener: (edit: UserEdit) => void): () => void {
    this.editListeners.add(listener);
    return () => this.editListeners.delete(listener);
  }

  markInvalid(sheet: SheetId, marks: readonly InvalidMark[]): Promise<void> {
    const s = this.sheet(sheet);
    return this.run(async (ctx, sync) => {
      const lay = await readLayout(ctx, sync, s.spec);
      // Listed in a hidden sheet and shown by conditional formats (office-marks.ts): the user's own fills
      // are never touched, marks follow row ids, and the protected table sheet needs no unprotect.
      await writeMarks(ctx, sync, s.spec, lay, marks, this.limit);
    });
  }

  select(sheet: SheetId, rowId: string, column: string | null = null): Promise<void> {
    const s = this.sheet(sheet);
    return this.run(async (ctx, sync) => {
      const lay = await readLayout(ctx, sync, s.spec);
      const range = this.markRange(lay, rowId, column);
      if (!range) return;
      lay.ws.activate();
      range.select();
      await sync();
    });
  }

  onSelection(listener: (selection: HostSelection) => void): () => void {
    this.selectionListeners.add(listener);
    return () => this.selectionListeners.delete(listener);
  }

  setReadOnly(sheet: SheetId, readOnly: boolean): Promise<void> {
    const s = this.sheet(sheet);
    return this.run(async (ctx, sync) => {
      const table = ctx.workbook.tables.getItem(s.spec.table);
      const ws = table.worksheet;
      ws.protection.load('protected');
      const header = table.getHeaderRowRange().load('values');
      await sync();
      s.readOnly = readOnly;
      if (readOnly) {
        if (!ws.protection.protected) {
          table.getRange().format.protection.locked = true;
          ws.protection.protect(PROTECTION);
        }
      } else {
        if (ws.protection.protected) ws.protection.unprotect();
        // Unprotected, locking only says which cells protection would guard: the ID and computed columns.
        const labels = (header.values[0] ?? []).map(String);
        const body = table.getDataBodyRange();
        labels.forEach((label, i) => {
          const col = s.spec.columns.find((c) => c.label === label);
          body.getColumn(i).format.protection.locked = !col || !!col.computed;
        });
      }
      await sync();
    });
  }

  /** Workbook.settings (ExcelApi 1.4): saved with the document, per add-in; not cells, so no change events. */
  readState(prefix: string): Promise<Map<string, string>> {
    return this.run(async (ctx, sync) => {
      const items = ctx.workbook.settings.load('items/key, items/value');
      await sync();
      const out = new Map<string, string>();
      for (const item of items.items) if (item.key.startsWith(prefix) && typeof item.value === 'string') out.set(item.key.slice(prefix.length), item.value);
      return out;
    });
  }

  /** Sets and removes snapshot entries, in requests under the payload limit (a removal looks the entry up first). */
  writeState(entries: ReadonlyMap<string, string | null>): Promise<void> {
    return this.run((ctx, sync) => this.putState(ctx, sync, entries));
  }

  /** Saves snapshot entries in `Workbook.settings` (null removes a key), in syncs under the payload limit. */
  private async putState(ctx: Excel.RequestContext, sync: Sync, entries: ReadonlyMap<string, string | null>, last = true): Promise<void> {
    const settings = ctx.workbook.settings;
    const gone = [...entries].filter(([, v]) => v === null).map(([k]) => settings.getItemOrNullObject(k).load('key'));
    if (gone.length > 0) await sync();
    for (const item of gone) if (!item.isNullObject) item.delete();
    let bytes = 0;
    for (const [k, v] of entries) {
      if (v === null) continue;
      settings.add(k, v);
      bytes += k.length + v.length + 100;
      if (bytes > this.limit / 2) {
        await sync();
        bytes = 0;
      }
    }
    if (last) await sync();
  }

  async tagWorkbook(): Promise<void> {
    const settings = this.office?.context.document?.settings;
    if (!settings) return;
    settings.set(AUTO_SHOW_SETTING, true);
    await new Promise<void>((resolve) => settings.saveAsync(() => resolve()));
  }

  /**
   * Handlers are removed in the context they were added in, as Office.js requires
   * (`Excel.run(eventResult.context, …)`, "Remove an event handler").
   */
  async dispose(): Promise<void> {
    // A closed pane does nothing more: pending reads stop, later requests are refused.
    this.disposed = true;
    await this.releaseLease();
    const handlers = [...this.sheets.values()].flatMap((s) => s.handlers.splice(0));
    this.editListeners.clear();
    this.selectionListeners.clear();
    for (const h of handlers) {
      try {
        await this.excel.run(h.context, async (ctx) => {
          h.remove();
          await ctx.sync();
        });
      } catch {
        // The page is going away anyway; a handler that cannot be removed dies with it.
      }
    }
  }

  // ── Events ───────────────────────────────────────────────────────────────

  /**
   * Change events are read in the next request, several at a time. Ours are skipped by `triggerSource`
   * (ExcelApi 1.14); on older builds they are read like the user's, and the binder drops cells that
   * hold what it wrote (values, never addresses). A failed read puts its addresses back and is retried
   * with backoff; after `READ_ATTEMPTS` the binder is told to re-read the whole sheet. Co-authors'
   * changes (`source: 'Remote'`) are read only so the binder knows the host already shows them and does
   * not write them a second time (their own pane syncs them).
   */
  private async onChanged(s: OfficeSheet, e: Excel.WorksheetChangedEventArgs): Promise<void> {
    if (this.disposed) return;
    if (this.supports('1.14') && e.triggerSource === 'ThisLocalAddin') return;
    if (e.source !== 'Remote' && this.isEcho(s, e)) return;
    // Rows inserted or deleted move every row below: addresses of events not read yet no longer say
    // which rows they meant. The binder re-reads the sheet and compares it with what it last knew.
    // A co-author's insert or delete is read like their other changes (ids adopted, none written): a full
    // re-read would take the rows it brought for pasted ones and give them new ids (defect 10).
    if (STRUCTURAL.has(String(e.changeType)) && (e.source !== 'Remote' || s.changed.length > 0)) s.changed.push(RESYNC);
    else (e.source === 'Remote' ? s.remote : s.changed).push(e.address);
    await this.startDrain(s);
  }

  private queueResync(s: OfficeSheet): void {
    s.changed.push(RESYNC);
    void this.startDrain(s);
  }

  private async startDrain(s: OfficeSheet): Promise<void> {
    if (s.reading) return;
    s.reading = true;
    try {
      await this.drain(s);
    } finally {
      s.reading = false;
    }
  }

  private async drain(s: OfficeSheet): Promise<void> {
    let attempt = 0;
    while (!this.disposed && s.changed.length + s.remote.length > 0) {
      const local = s.changed.splice(0);
      const remote = s.remote.splice(0);
      if (local.includes(RESYNC)) {
        this.emit({ sheet: s.spec.sheet, rows: [], removed: [], lost: true });
        continue;
      }
      try {
        const edits = await this.run(async (ctx, sync) => {
          const out: UserEdit[] = [];
          if (local.length > 0) out.push(await readChangedRows(ctx, sync, s, local, { guard: this.writeGuard(s) }));
          if (remote.length > 0) {
            const onCopies = (lay: OfficeLayout, copies: RowCopy[]) => this.removeCopies(ctx, sync, lay, copies);
            out.push({ ...(await readChangedRows(ctx, sync, s, remote, { remote: true, onCopies })), remote: true });
          }
          return out;
        });
        attempt = 0;
        for (const edit of edits) if (edit.rows.length > 0 || edit.removed.length > 0) this.emit(edit);
      } catch (err) {
        s.changed.unshift(...local);
        s.remote.unshift(...remote);
        attempt += 1;
        console.error('[piao] lettura delle modifiche non riuscita:', err);
        if (attempt >= READ_ATTEMPTS) {
          s.changed.length = 0;
          s.remote.length = 0;
          this.emit({ sheet: s.spec.sheet, rows: [], removed: [], lost: true });
          return;
        }
        await new Promise((r) => setTimeout(r, this.readBackoffMs[attempt - 1] ?? 1000));
      }
    }
  }

  /** Our single-cell write coming back (builds without `triggerSource`), told by its value. */
  private isEcho(s: OfficeSheet, e: Excel.WorksheetChangedEventArgs): boolean {
    if (s.written.size === 0) return false;
    const address = e.address.replace(/\$/g, '').split('!').pop()!.toUpperCase();
    if (!s.written.has(address)) return false;
    const mine = s.written.get(address);
    s.written.delete(address);
    const after = (e as { details?: { valueAfter?: unknown } }).details?.valueAfter;
    if (after === undefined) return false;
    const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
    return norm(after) === norm(mine);
  }

  private emit(edit: UserEdit): void {
    for (const l of [...this.editListeners]) l(edit);
  }

  /** Lifts the protection of a read-only sheet around the id writes of a read (then protects again). */
  private writeGuard(s: OfficeSheet): WriteGuard | undefined {
    if (!s.readOnly) return undefined;
    return { before: (lay) => lay.ws.protection.unprotect(), after: (lay) => this.protect(lay) };
  }

  private async onSelectionChanged(sheet: SheetId, address: string): Promise<void> {
    if (this.selectionListeners.size === 0) return;
    const queued = this.pendingSelection !== null;
    this.pendingSelection = { sheet, address };
    if (queued) return;
    try {
      const selection = await this.run(async (ctx, sync) => {
        const latest = this.pendingSelection!;
        this.pendingSelection = null;
        const s = this.sheet(latest.sheet);
        const b = parseA1(latest.address)[0];
        if (!b) return null;
        // Only the header and the selected row's ID cell are read, never the whole ID column (defect 12).
        const table = ctx.workbook.tables.getItem(s.spec.table);
        const header = table.getHeaderRowRange().load('values, rowIndex, columnIndex');
        await sync();
        const columns = headerColumns(s.spec, header.values[0] ?? []);
        const column = columns[b.col - header.columnIndex];
        const idIndex = columns.indexOf(ID_COLUMN);
        let rowId: string | null = null;
        if (b.row > header.rowIndex && idIndex >= 0) {
          const cell = table.worksheet.getRangeByIndexes(b.row, header.columnIndex + idIndex, 1, 1).load('values');
          await sync();
          const id = fromExcel(cell.values[0]?.[0]);
          rowId = typeof id === 'string' && id !== '' ? id : null;
        }
        return { sheet: latest.sheet, rowId, column: column && s.columns.has(column) ? column : null };
      });
      if (selection) for (const l of [...this.selectionListeners]) l(selection);
    } catch (err) {
      this.pendingSelection = null;
      console.error('[piao] lettura della selezione non riuscita:', err);
    }
  }

  // ── Internals ────────────────────────────────────────────────────────────

  private run<T>(fn: (ctx: Excel.RequestContext, sync: Sync) => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.disposed) throw new Error('Riquadro chiuso: richiesta a Excel annullata.');
      this.stats.runs += 1;
      return this.excel.run({ delayForCellEdit: true }, (ctx) =>
        fn(ctx, async () => {
          this.stats.syncs += 1;
          await ctx.sync();
        }),
      );
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Throws `NotWriterError` while another pane holds an unexpired lease; otherwise queues its renewal
   * for this pane (sent with the next sync) and keeps renewing it while the pane is open.
   */
  private takeLease(ctx: Excel.RequestContext, stored: unknown): void {
    const now = Date.now();
    const lease = parseLease(stored);
    if (!mayWrite(lease, this.paneId, now)) {
      this.stopRenewing();
      // Tried again when the lease would expire, or sooner: its holder may close its pane and give it up.
      throw new NotWriterError(Math.max(50, Math.min(lease!.until - now, this.leaseMs / 3) + 50));
    }
    ctx.workbook.settings.add(LEASE_SETTING, leaseValue(this.paneId, now, this.leaseMs));
    if (this.leaseTimer || this.disposed) return;
    this.leaseTimer = setInterval(() => void this.renewLease(), Math.max(10, Math.floor(this.leaseMs / 3)));
    (this.leaseTimer as { unref?: () => void }).unref?.();
  }

  private async renewLease(): Promise<void> {
    try {
      await this.run(async (ctx, sync) => {
        const lease = ctx.workbook.settings.getItemOrNullObject(LEASE_SETTING).load('value');
        await sync();
        this.takeLease(ctx, lease.isNullObject ? null : lease.value);
        await sync();
      });
    } catch (err) {
      // Another pane took it (ours had expired): it writes now. Other failures: the next write tries again.
      if (!(err instanceof NotWriterError)) console.error('[piao] rinnovo del ruolo di scrittura non riuscito:', err);
    }
  }

  /**
   * Removes the later copy of a row two co-authoring panes both appended (defect 10), only while this
   * pane holds the lease, read in this same request: the lease setting travels with the copies' cells
   * (it is renewed in the request that wrote them), so once both copies show, both panes agree on the
   * holder and the copy is removed once, never by both. Only a copy identical to the original is
   * removed; on a filtered table (rows cannot be deleted) it is left until the filter is cleared.
   */
  private async removeCopies(ctx: Excel.RequestContext, sync: Sync, lay: OfficeLayout, copies: readonly RowCopy[]): Promise<void> {
    const lease = ctx.workbook.settings.getItemOrNullObject(LEASE_SETTING).load('value');
    const filter = lay.table.autoFilter.load('isDataFiltered');
    const line = (p: number) => lay.ws.getRangeByIndexes(lay.first + p, lay.colStart, 1, lay.width).load('values');
    const pairs = copies.map((c) => ({ ...c, a: line(c.original), b: line(c.copy) }));
    await sync();
    if (lease.isNullObject || parseLease(lease.value)?.holder !== this.paneId || filter.isDataFiltered) return;
    const same = pairs.filter((x) => JSON.stringify(x.a.values) === JSON.stringify(x.b.values)).sort((x, y) => y.copy - x.copy);
    if (same.length === 0) return;
    const verified = new VerifiedWrites(lay, sync);
    for (const x of same) verified.delete(x.copy, 1);
    await verified.sync();
  }

  /** A closing pane gives the lease up, so another pane (or this one reopened) writes at once. */
  private async releaseLease(): Promise<void> {
    if (!this.leaseTimer) return;
    this.stopRenewing();
    try {
      await this.excel.run({ delayForCellEdit: true }, async (ctx) => {
        const lease = ctx.workbook.settings.getItemOrNullObject(LEASE_SETTING).load('value');
        await ctx.sync();
        if (lease.isNullObject || parseLease(lease.value)?.holder !== this.paneId) return;
        lease.delete();
        await ctx.sync();
      });
    } catch {
      // It expires by itself (LEASE_MS).
    }
  }

  private stopRenewing(): void {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = null;
  }

  private supports(version: string): boolean {
    return this.office?.context?.requirements?.isSetSupported('ExcelApi', version) ?? false;
  }

  private sheet(sheet: SheetId): OfficeSheet {
    const s = this.sheets.get(sheet);
    if (!s) throw new Error(`Foglio ${sheet} non collegato`);
    return s;
  }

  /**
   * Makes rows written below the table part of it, so sorting and filtering include them. ExcelApi 1.13
   * resizes the table; older builds (Excel 2019, no real-time co-authoring) get the table re-created
   * over the rows — `TableRowCollection.add` is avoided everywhere because it breaks co-authoring.
   */
  private extendTable(s: OfficeSheet, lay: OfficeLayout, total: number, deleted: number): void {
    const extent = lay.ws.getRangeByIndexes(lay.first - 1, lay.colStart, total + 1, lay.width);
    if (this.supports('1.13')) lay.table.resize(extent);
    else if (total > lay.tableRows - deleted) {
      lay.table.convertToRange();
      lay.ws.tables.add(extent, true).name = s.spec.table;
    }
  }

  /** Protects again after our own writes (everything locked, the table included). */
  private protect(lay: OfficeLayout): void {
    lay.table.getRange().format.protection.locked = true;
    lay.ws.protection.protect(PROTECTION);
  }

  /** The cell of a row and column (the row across the table when column is null); null if the row is gone. */
  private markRange(lay: OfficeLayout, rowId: string, column: string | null): Excel.Range | null {
    const p = lay.positions.get(rowId);
    if (p === undefined) return null;
    if (column === null) return lay.ws.getRangeByIndexes(lay.first + p, lay.colStart, 1, lay.width);
    const c = lay.columns.indexOf(column);
    return c < 0 ? null : lay.ws.getRangeByIndexes(lay.first + p, lay.colStart + c, 1, 1);
  }
}

/** The Office.js `SheetHost`; uses the `Excel` and `Office` globals unless given others. */
export function createOfficeHost(options: OfficeHostOptions = {}): SheetHost {
  const g = globalThis as unknown as { Excel?: ExcelLike; Office?: OfficeLike };
  const excel = options.excel ?? g.Excel;
  if (!excel) throw new Error('Office.js non è caricato: il riquadro non è in esecuzione dentro Excel.');
  return new OfficeHost(excel, options.office ?? g.Office, options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES, options.newId ?? newRowId, options.readBackoffMs, options.paneId, options.leaseMs);
}
