import { newRowId } from '@piao/shared/doc/rows';
import type { CellValue, ColumnDef, SheetId } from '@piao/shared/schema/index';
import { RowIdRegistry } from './row-ids';
import { EXCEL_API_MIN, UNSUPPORTED_EXCEL_MESSAGE } from './requirements';
import type { HostBatch, HostRow, HostSelection, HostStats, HostValue, InvalidMark, SheetHost, SheetSpec, UserEdit } from './sheet-host';
import { parseA1, readLayout, type OfficeLayout, type Sync } from './office-layout';
import { readAllRows, readChangedRows } from './office-read';
import { setupSheet } from './office-setup';
import { a1, excelValue, normaliseAddress, toExcelInput } from './office-values';
import { MAX_PAYLOAD_BYTES, planBatch } from './write-plan';
import { sendChunked } from './office-write';
import { writeMarks } from './office-marks';

/** The parts of the Office.js globals the adapter uses (injectable for tests). */
export interface ExcelLike {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
}
export interface OfficeLike {
  context: { requirements: { isSetSupported(name: string, version?: string): boolean } };
}

export interface OfficeHostOptions {
  excel?: ExcelLike;
  office?: OfficeLike;
  maxPayloadBytes?: number;
  newId?: () => string;
}

interface OfficeSheet {
  spec: SheetSpec;
  columns: ReadonlyMap<string, ColumnDef>;
  ids: RowIdRegistry;
  adopted: boolean;
  /** Cells marked last time, to clear them before marking again. */
  marked: Array<{ rowId: string; column: string | null }>;
  handlers: Array<{ remove(): void; context: { sync(): Promise<unknown> } }>;
  /** Addresses changed by events not read yet (several events are read in one request). */
  changed: string[];
  /** Our own writes whose change events are still to come: address → count. */
  expected: Map<string, { count: number; until: number }>;
  /** Protected by `setReadOnly`: our writes lift the protection for the length of one request. */
  readOnly: boolean;
}

const PROTECTION: Excel.WorksheetProtectionOptions = { allowAutoFilter: true, allowFormatColumns: true, allowFormatRows: true, selectionMode: 'Normal' };

const ECHO_TTL_MS = 10_000;

/**
 * The Office.js adapter of `SheetHost`. Every operation is one `Excel.run`, queued so that positions
 * read at the start of a request are still true when it writes; reads happen after `load` + `sync`;
 * writes are planned by `planBatch` and sent in chunks under the payload limit. Events are never
 * disabled: our own writes are recognised by `triggerSource` (ExcelApi 1.14) or by the record of
 * addresses we wrote.
 */
class OfficeHost implements SheetHost {
  readonly origin = 'excel' as const;
  readonly stats: HostStats = { runs: 0, syncs: 0, maxPayloadBytes: 0 };
  private readonly sheets = new Map<SheetId, OfficeSheet>();
  private readonly editListeners = new Set<(edit: UserEdit) => void>();
  private readonly selectionListeners = new Set<(s: HostSelection) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private pendingSelection: { sheet: SheetId; address: string } | null = null;

  constructor(
    private readonly excel: ExcelLike,
    private readonly office: OfficeLike | undefined,
    private readonly limit: number,
    private readonly newId: () => string,
  ) {}

  hostValue(column: ColumnDef, value: CellValue): HostValue {
    return excelValue(column, value);
  }

  async ensureSheet(spec: SheetSpec): Promise<void> {
    if (!this.supports(EXCEL_API_MIN)) throw new Error(UNSUPPORTED_EXCEL_MESSAGE);
    let s = this.sheets.get(spec.sheet);
    if (!s) {
      s = { spec, columns: new Map(), ids: new RowIdRegistry(this.newId), adopted: false, marked: [], handlers: [], changed: [], expected: new Map(), readOnly: false };
      this.sheets.set(spec.sheet, s);
    }
    s.spec = spec;
    s.columns = new Map(spec.columns.map((c) => [c.id, c]));
    const sheet = s;
    await this.run(async (ctx, sync) => {
      const table = await setupSheet(ctx, sync, spec);
      // Handlers live as long as this page: a reloaded pane registers them again here.
      if (sheet.handlers.length === 0) {
        sheet.handlers.push(
          table.worksheet.onChanged.add(async (e) => this.onChanged(sheet, e)),
          table.worksheet.onSelectionChanged.add(async (e) => this.onSelectionChanged(spec.sheet, e.address)),
        );
      }
      await sync();
    });
  }

  readRows(sheet: SheetId): Promise<HostRow[]> {
    const s = this.sheet(sheet);
    return this.run((ctx, sync) => readAllRows(ctx, sync, s, (address) => this.expect(s, address)));
  }

  applyBatch(sheet: SheetId, batch: HostBatch): Promise<void> {
    const s = this.sheet(sheet);
    return this.run(async (ctx, sync) => {
      const lay = await readLayout(ctx, sync, s.spec);
      const toHost = (column: string, v: HostValue) => toExcelInput(s.columns.get(column) ?? null, v);
      const ops = planBatch(batch, lay, toHost);
      if (ops.length === 0) return;
      if (s.readOnly) lay.ws.protection.unprotect();
      const appended = (batch.append ?? []).filter((a) => !lay.positions.has(a.id)).length;
      const deleted = ops.reduce((n, op) => n + (op.kind === 'delete' ? op.count : 0), 0);
      // Requests under the payload limit, halved if Excel refuses one anyway (office-write.ts).
      await sendChunked(sync, {
        ops,
        limit: this.limit,
        queue: (op) => {
          if (op.kind === 'cells') {
            const range = lay.ws.getRangeByIndexes(lay.first + op.row, lay.colStart + op.col, op.values.length, op.values[0]!.length);
            range.values = op.values as Array<Array<string | number | boolean>>;
            this.expect(s, a1(lay.first + op.row, lay.colStart + op.col, op.values.length, op.values[0]!.length));
          } else {
            lay.ws.getRangeByIndexes(lay.first + op.row, lay.colStart, op.count, lay.width).delete('Up');
            this.expect(s, a1(lay.first + op.row, lay.colStart, op.count, lay.width));
          }
        },
        beforeLastSync: () => {
          const total = lay.rowCount + appended - deleted;
          if (appended > 0 && total > 0) this.extendTable(s, lay, total, deleted);
          if (s.readOnly) this.protect(lay);
        },
        sent: (bytes) => (this.stats.maxPayloadBytes = Math.max(this.stats.maxPayloadBytes, bytes)),
      });
      for (const a of batch.append ?? []) s.ids.add(a.id);
      for (const id of batch.remove ?? []) s.ids.delete(id);
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

  dispose(): void {
    for (const s of this.sheets.values()) {
      for (const h of s.handlers.splice(0)) {
        h.remove();
        void h.context.sync().catch(() => undefined);
      }
    }
    this.editListeners.clear();
    this.selectionListeners.clear();
  }

  // ── Events ───────────────────────────────────────────────────────────────

  private async onChanged(s: OfficeSheet, e: Excel.WorksheetChangedEventArgs): Promise<void> {
    // A co-author's change is read by their own pane; ours come back with triggerSource or a recorded address.
    if (e.source === 'Remote') return;
    if (this.supports('1.14') && e.triggerSource === 'ThisLocalAddin') return;
    if (this.consumeExpected(s, e.address)) return;
    s.changed.push(e.address);
    if (s.changed.length > 1) return; // a read is already queued; it will take this address too
    try {
      const edit = await this.run((ctx, sync) => readChangedRows(ctx, sync, s, s.changed.splice(0), (address) => this.expect(s, address)));
      if (edit && (edit.rows.length > 0 || edit.removed.length > 0)) for (const l of [...this.editListeners]) l(edit);
    } catch (err) {
      console.error('[piao] lettura delle modifiche non riuscita:', err);
    }
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
        const lay = await readLayout(ctx, sync, s.spec);
        const b = parseA1(latest.address)[0];
        if (!b) return null;
        const id = lay.ids[b.row - lay.first];
        const column = lay.columns[b.col - lay.colStart];
        return { sheet: latest.sheet, rowId: typeof id === 'string' ? id : null, column: column && s.columns.has(column) ? column : null };
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
      this.stats.runs += 1;
      return this.excel.run((ctx) =>
        fn(ctx, async () => {
          this.stats.syncs += 1;
          await ctx.sync();
        }),
      );
    });
    this.queue = next.catch(() => undefined);
    return next;
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

  private expect(s: OfficeSheet, address: string): void {
    const key = normaliseAddress(address);
    const entry = s.expected.get(key);
    s.expected.set(key, { count: (entry?.count ?? 0) + 1, until: Date.now() + ECHO_TTL_MS });
  }

  private consumeExpected(s: OfficeSheet, address: string): boolean {
    const now = Date.now();
    for (const [k, v] of s.expected) if (v.until < now) s.expected.delete(k);
    const key = normaliseAddress(address);
    const entry = s.expected.get(key);
    if (!entry) return false;
    if (--entry.count <= 0) s.expected.delete(key);
    return true;
  }
}

/** The Office.js `SheetHost`; uses the `Excel` and `Office` globals unless given others. */
export function createOfficeHost(options: OfficeHostOptions = {}): SheetHost {
  const g = globalThis as unknown as { Excel?: ExcelLike; Office?: OfficeLike };
  const excel = options.excel ?? g.Excel;
  if (!excel) throw new Error('Office.js non è caricato: il riquadro non è in esecuzione dentro Excel.');
  return new OfficeHost(excel, options.office ?? g.Office, options.maxPayloadBytes ?? MAX_PAYLOAD_BYTES, options.newId ?? newRowId);
}
