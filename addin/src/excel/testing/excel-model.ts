import { a1 } from '../office-values';
import { evaluate } from './formula-eval';
import type { Block } from '../office-layout';
import { ModelContext, ModelError } from './excel-objects';

/**
 * A small model of Excel's DOCUMENTED behaviour, to test the Office.js adapter against (it replaces
 * `office-fake.ts`, which encoded our own assumptions). Each behaviour names the page it follows:
 *
 * - Batches: calls are queued and applied at `sync` in order; properties need `load` + `sync`
 *   ("Excel JavaScript object model", learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-core-concepts).
 *   A failing operation rejects the sync; the operations queued before it stay applied
 *   ("Error handling with the application-specific JavaScript APIs", …/testing/application-specific-api-error-handling).
 * - Cell-edit mode: "When false, if the user is in cell edit when the batch request is processed by the
 *   host, the batch automatically fails. When true, the batch request is … delayed until the user exits
 *   cell edit mode" (Excel.RunOptions.delayForCellEdit). The error code is not documented; the model
 *   uses `InvalidOperation` with a message naming cell-edit mode.
 * - Events: `onChanged` fires for the add-in's own writes too, with `triggerSource: 'ThisLocalAddin'`
 *   from ExcelApi 1.14 ("Represents the trigger source of the event. For example, identifies whether
 *   this local add-in triggers the event", Excel.WorksheetChangedEventArgs); `source` is `Local` or
 *   `Remote` (co-authors, Excel.EventSource); `details` "can be retrieved when the changed event is
 *   triggered on a single cell" only (ExcelApi 1.9). Events arrive after the request completes.
 * - Payload: "Excel on the web has a payload size limit for requests and responses of 5MB"
 *   (…/concepts/resource-limits-and-performance-optimization): `RequestPayloadSizeLimitExceeded`,
 *   `ResponsePayloadSizeLimitExceeded`.
 * - Filtered tables: deleting rows "will throw the InsertDeleteConflict error if the table … has a
 *   filter applied" (Excel.TableRowCollection.deleteRows/deleteRowsAt); the model applies the same
 *   to `Range.delete` over a filtered table's body (issue 8 reports it as likely).
 * - Undo: "When false, each context.sync() call creates an undo record" (Excel.RunOptions.mergeUndoGroup):
 *   the add-in's writes are undoable by the user, like the user's own edits.
 * - Protection: on a protected sheet, locked cells (all cells are locked by default; `locked` matters
 *   only under protection, Excel.CellProtectionFormat) refuse writes; formatting needs
 *   `allowFormatCells`. The error code is not documented; the model uses `AccessDenied` (Excel.ErrorCodes).
 * - Requirement sets: `isSetSupported('ExcelApi', v)` against the version the model is built with;
 *   `Table.resize` needs 1.13 (Excel.Table.resize), `triggerSource` 1.14, `details` 1.9.
 * - Table auto-expansion: typing in the row right under a table makes it part of the table (Excel's
 *   AutoCorrect "Include new rows and columns in table", on by default); API writes do not.
 */

export type Cell = string | number | boolean;

export interface ModelSheet {
  id: string;
  name: string;
  cells: Map<string, Cell>;
  fills: Map<string, string>;
  numberFormats: Array<{ address: string; format: string }>;
  validations: Map<string, unknown>;
  hiddenColumns: Set<number>;
  hiddenRows: Set<number>;
  locks: Array<{ b: Block; locked: boolean }>;
  protected: boolean;
  visibility: string;
  frozenRows: number;
  /** Column widths set through `format.columnWidth` (by the add-in or, in tests, the user). */
  widths?: Map<number, number>;
  /** Conditional formats, one entry per property set on a custom rule (ConditionalFormatCollection.add, ExcelApi 1.6). */
  conditionalFormats?: Array<{ address: string; property: string; value: string }>;
  changed: Array<(e: unknown) => Promise<unknown>>;
  selection: Array<(e: unknown) => Promise<unknown>>;
}

export interface ModelTable {
  name: string;
  sheet: ModelSheet;
  row: number;
  col: number;
  /** Rows including the header (and the total row when `totals`). */
  rows: number;
  cols: number;
  totals: boolean;
  /** The user's filter: a table column and the values it keeps. */
  filter: { col: number; keep: (v: Cell | '') => boolean } | null;
}

interface UndoEntry {
  sheet: ModelSheet;
  cells: Map<string, Cell>;
  tables: Array<{ t: ModelTable; row: number; rows: number }>;
}

export interface Failure {
  /** `run`: Excel.run rejects before the batch runs; `sync`: the next sync fails, applying nothing. */
  at: 'run' | 'sync';
  code: string;
}

const key = (r: number, c: number) => `${r},${c}`;

/**
 * A change of one replica, as real-time co-authoring sends it to the others (testing/excel-coauthoring.ts).
 * `stamp` orders concurrent changes (last writer wins).
 */
export type ReplicaOp =
  | { kind: 'cells'; sheet: string; b: Block; values: Cell[][]; stamp: number }
  | { kind: 'insert' | 'delete'; sheet: string; b: Block; stamp: number }
  | { kind: 'table'; name: string; rows: number; cols: number; stamp: number }
  | { kind: 'setting'; key: string; value: unknown; removed: boolean; stamp: number };

let stampClock = 0;
/** One clock for every replica of a test: a later stamp is a later change. */
export const nextStamp = (): number => ++stampClock;

/** `Workbook.settings` storage that reports each change (settings are part of the co-authored document). */
class ReportingMap extends Map<string, unknown> {
  report: ((op: ReplicaOp) => void) | null = null;
  override set(k: string, v: unknown): this {
    super.set(k, v);
    this.report?.({ kind: 'setting', key: k, value: v, removed: false, stamp: nextStamp() });
    return this;
  }
  override delete(k: string): boolean {
    const had = super.delete(k);
    this.report?.({ kind: 'setting', key: k, value: null, removed: true, stamp: nextStamp() });
    return had;
  }
}
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;

export class ExcelModel {
  readonly sheets: ModelSheet[] = [];
  readonly tables: ModelTable[] = [];
  readonly settings: Map<string, unknown> = new ReportingMap();
  /** Set by testing/excel-coauthoring.ts: every change of this replica, to send to the other. */
  private reportOp: ((op: ReplicaOp) => void) | null = null;
  /** `Office.context.document.settings` (the Common API), saved with `saveAsync`. */
  readonly documentSettings = new Map<string, unknown>();
  runs = 0;
  syncs = 0;
  readonly requestBytes: number[] = [];
  /** Bytes loaded by every sync (JSON of the loaded properties). */
  readonly responseBytes: number[] = [];
  readonly calls: string[] = [];
  /** Misuse of the API that Excel would not report as an error (kept for assertions). */
  readonly violations: string[] = [];
  selected: { sheet: string; address: string } | null = null;
  /** Injected failures, consumed in order. */
  readonly failures: Failure[] = [];
  /** Runs in progress (their contexts), for the handler-removal check. */
  readonly currentContexts = new Set<ModelContext>();
  /** Called after each successful sync: the user may act between two syncs of one batch. */
  betweenSyncs: (() => void) | null = null;
  payloadLimit = PAYLOAD_LIMIT;
  private cellEdit: { exited: Promise<void>; exit: () => void } | null = null;
  private readonly undo: UndoEntry[] = [];
  private nextId = 1;
  private inFlight = 0;

  constructor(public apiVersion = '1.14') {}

  readonly Excel = {
    run: <T>(a: unknown, b?: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> => {
      const batch = (typeof a === 'function' ? a : b) as (ctx: Excel.RequestContext) => Promise<T>;
      const opts = typeof a === 'function' ? {} : a;
      return this.run(opts, batch);
    },
  };

  readonly Office = {
    context: {
      requirements: { isSetSupported: (name: string, v = '1.1') => name === 'ExcelApi' && this.supports(v) },
      document: {
        settings: {
          get: (k: string) => this.documentSettings.get(k) ?? null,
          set: (k: string, v: unknown) => void this.documentSettings.set(k, v),
          remove: (k: string) => void this.documentSettings.delete(k),
          saveAsync: (cb?: (r: { status: string }) => void) => queueMicrotask(() => cb?.({ status: 'succeeded' })),
        },
      },
    },
  };

  /** Starts (or stops, with null) reporting this replica's changes (testing/excel-coauthoring.ts). */
  reportChanges(fn: ((op: ReplicaOp) => void) | null): void {
    this.reportOp = fn;
    (this.settings as ReportingMap).report = fn;
  }

  /**
   * Applies a co-author's change ("Coauthoring in Excel add-ins": the add-in sees it as `onChanged` with
   * `source: 'Remote'`, Excel.EventSource). `keep` filters cells (last writer wins); not reported back.
   */
  applyCoauthorOp(op: ReplicaOp, keep: (sheet: string, r: number, c: number) => boolean): void {
    const report = this.reportOp;
    this.reportChanges(null);
    try {
      if (op.kind === 'setting') {
        if (op.removed) this.settings.delete(op.key);
        else this.settings.set(op.key, op.value);
      } else if (op.kind === 'table') {
        const t = this.tables.find((x) => x.name === op.name);
        if (t) Object.assign(t, { rows: op.rows, cols: op.cols });
      } else {
        const s = this.sheet(op.sheet);
        if (op.kind === 'insert') this.insertDown(s, op.b);
        else if (op.kind === 'delete') this.deleteUp(s, op.b);
        else if (op.kind === 'cells') {
          op.values.forEach((line, r) =>
            line.forEach((v, c) => {
              if (keep(op.sheet, op.b.row + r, op.b.col + c)) this.write(s, { row: op.b.row + r, col: op.b.col + c, rows: 1, cols: 1 }, [[v]]);
            }),
          );
        }
        const type = op.kind === 'insert' ? 'RowInserted' : op.kind === 'delete' ? 'RowDeleted' : 'RangeEdited';
        this.fire(s, op.b, type, 'Remote', 'Unknown');
      }
    } finally {
      this.reportChanges(report);
    }
  }

  supports(v: string): boolean {
    return Number(v.split('.')[1]) <= Number(this.apiVersion.split('.')[1]);
  }

  requireApi(v: string, what: string): void {
    if (!this.supports(v)) throw new ModelError('ApiNotFound', `${what} richiede ExcelApi ${v}`);
  }

  // ── Reading the model (assertions) ───────────────────────────────────────

  sheet(name: string): ModelSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  table(name: string): ModelTable {
    const t = this.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no table ${name}`);
    return t;
  }

  cell(sheet: string, r: number, c: number): Cell | '' {
    return this.value(this.sheet(sheet), r, c);
  }

  bodyRows(t: ModelTable): number {
    return t.rows - 1 - (t.totals ? 1 : 0);
  }

  /** A table's body as rows of values (header and total row excluded), plus rows typed right under it. */
  body(tableName: string): Cell[][] {
    const t = this.table(tableName);
    const out: Cell[][] = [];
    const line = (r: number) => Array.from({ length: t.cols }, (_, c) => this.cell(t.sheet.name, r, t.col + c));
    for (let r = t.row + 1; r < t.row + 1 + this.bodyRows(t); r++) out.push(line(r));
    for (let r = t.row + t.rows; ; r++) {
      const l = line(r);
      if (l.every((v) => v === '')) break;
      out.push(l);
    }
    return out;
  }

  header(tableName: string): Cell[] {
    const t = this.table(tableName);
    return Array.from({ length: t.cols }, (_, c) => this.cell(t.sheet.name, t.row, t.col + c));
  }

  isLocked(s: ModelSheet, r: number, c: number): boolean {
    for (let i = s.locks.length - 1; i >= 0; i--) {
      const { b, locked } = s.locks[i]!;
      if (r >= b.row && r < b.row + b.rows && c >= b.col && c < b.col + b.cols) return locked;
    }
    return true;
  }

  // ── What people do in Excel ──────────────────────────────────────────────

  /** Types or pastes a block (refused on locked cells of a protected sheet, as Excel's UI does). */
  async userType(sheet: string, row: number, col: number, values: Cell[][]): Promise<boolean> {
    this.userExitCellEdit(); // any other action first ends the cell edit (Enter)
    const s = this.sheet(sheet);
    const b = { row, col, rows: values.length, cols: values[0]!.length };
    if (s.protected && this.anyLocked(s, b)) return false;
    this.pushUndo(s);
    for (const t of this.tables) {
      if (t.sheet !== s || row !== t.row + t.rows || col < t.col || col >= t.col + t.cols || t.totals) continue;
      t.rows += values.length;
      this.reportOp?.({ kind: 'table', name: t.name, rows: t.rows, cols: t.cols, stamp: nextStamp() });
    }
    this.write(s, b, values);
    this.fire(s, b, 'RangeEdited', 'Local', 'Unknown');
    return true;
  }

  /** Fill down: the first cell's value copied to the cells below it. */
  async userFillDown(sheet: string, row: number, col: number, rows: number): Promise<boolean> {
    const v = this.cell(sheet, row, col);
    return this.userType(sheet, row, col, Array.from({ length: rows }, () => [v]));
  }

  /** A co-author's change, arriving through real-time co-authoring (`source: 'Remote'`). */
  async remoteType(sheet: string, row: number, col: number, values: Cell[][]): Promise<void> {
    const s = this.sheet(sheet);
    const b = { row, col, rows: values.length, cols: values[0]!.length };
    this.write(s, b, values);
    this.fire(s, b, 'RangeEdited', 'Remote', 'Unknown');
  }

  /** Deletes whole worksheet rows. */
  async userDeleteRows(sheet: string, row: number, count: number): Promise<boolean> {
    this.userExitCellEdit(); // any other action first ends the cell edit (Enter)
    const s = this.sheet(sheet);
    if (s.protected) return false;
    this.pushUndo(s);
    this.deleteUp(s, { row, col: 0, rows: count, cols: 16_384 });
    this.fire(s, { row, col: 0, rows: count, cols: 16_384 }, 'RowDeleted', 'Local', 'Unknown');
    return true;
  }

  /** Inserts whole worksheet rows (a table they fall into grows). */
  async userInsertRows(sheet: string, row: number, count: number): Promise<boolean> {
    this.userExitCellEdit(); // any other action first ends the cell edit (Enter)
    const s = this.sheet(sheet);
    if (s.protected) return false;
    this.pushUndo(s);
    this.insertDown(s, { row, col: 0, rows: count, cols: 16_384 });
    this.fire(s, { row, col: 0, rows: count, cols: 16_384 }, 'RowInserted', 'Local', 'Unknown');
    return true;
  }

  /** Sorts a table's body by a column (by header label); Excel reports the body as changed. */
  async userSort(tableName: string, label: string, dir: 'asc' | 'desc' = 'asc'): Promise<void> {
    this.userExitCellEdit(); // any other action first ends the cell edit (Enter)
    const t = this.table(tableName);
    const c = this.header(tableName).indexOf(label);
    const n = this.bodyRows(t);
    if (n < 2 || c < 0) return;
    this.pushUndo(t.sheet);
    const rows = Array.from({ length: n }, (_, r) => Array.from({ length: t.cols }, (_, k) => this.cell(t.sheet.name, t.row + 1 + r, t.col + k)));
    const empty = (v: Cell | '') => v === '';
    rows.sort((x, y) => {
      const a = x[c]!;
      const b = y[c]!;
      if (empty(a) || empty(b)) return Number(empty(a)) - Number(empty(b));
      return (dir === 'asc' ? 1 : -1) * String(a).localeCompare(String(b), 'it', { numeric: true });
    });
    const b = { row: t.row + 1, col: t.col, rows: n, cols: t.cols };
    this.write(t.sheet, b, rows);
    this.applyFilter(t);
    this.fire(t.sheet, b, 'RangeEdited', 'Local', 'Unknown');
  }

  /** Filters a table to the rows whose cell in a column (by label) passes `keep`; hidden rows stay in the sheet. */
  userFilter(tableName: string, label: string, keep: (v: Cell | '') => boolean): void {
    const t = this.table(tableName);
    this.setFilter(t, { col: this.header(tableName).indexOf(label), keep });
  }

  userClearFilter(tableName: string): void {
    this.setFilter(this.table(tableName), null);
  }

  /** Shows a total row under the table (Table.showTotals). */
  userShowTotals(tableName: string, label: string): void {
    const t = this.table(tableName);
    if (t.totals) return;
    const r = t.row + t.rows;
    this.insertDown(t.sheet, { row: r, col: t.col, rows: 1, cols: t.cols });
    t.totals = true;
    t.rows += 1;
    t.sheet.cells.set(key(r, t.col + 1), label);
  }

  /** Ctrl+Z: undoes the last user edit or add-in sync; Excel reports the restored range as changed. */
  async userUndo(): Promise<boolean> {
    this.userExitCellEdit(); // any other action first ends the cell edit (Enter)
    const u = this.undo.pop();
    if (!u) return false;
    u.sheet.cells = u.cells;
    for (const x of u.tables) Object.assign(x.t, { row: x.row, rows: x.rows });
    for (const t of this.tables) if (t.sheet === u.sheet) this.applyFilter(t);
    const used = this.usedBlock(u.sheet) ?? { row: 0, col: 0, rows: 1, cols: 1 };
    this.fire(u.sheet, { ...used, rows: used.rows + 20 }, 'RangeEdited', 'Local', 'Unknown');
    return true;
  }

  get undoDepth(): number {
    return this.undo.length;
  }

  async userSelect(sheet: string, row: number, col: number): Promise<void> {
    const s = this.sheet(sheet);
    this.selected = { sheet, address: a1(row, col) };
    for (const h of [...s.selection]) await h({ address: a1(row, col), type: 'WorksheetSelectionChanged', worksheetId: s.id });
  }

  /** The user starts typing in a cell (F2); batches without `delayForCellEdit` fail until they leave it. */
  userEnterCellEdit(): void {
    if (this.cellEdit) return;
    let exit!: () => void;
    const exited = new Promise<void>((r) => (exit = r));
    this.cellEdit = { exited, exit };
  }

  userExitCellEdit(): void {
    const c = this.cellEdit;
    this.cellEdit = null;
    c?.exit();
  }

  get inCellEdit(): boolean {
    return this.cellEdit !== null;
  }

  /** Lets pending events and the adapter's reads finish (macrotask turns, no clock). */
  async settle(): Promise<boolean> {
    const deadline = Date.now() + 3_000;
    for (let i = 0; Date.now() < deadline; i++) {
      const before = this.syncs + this.runs;
      // Turns of the event loop first; handlers still running (a backoff timer) get real time.
      await new Promise((r) => (i < 50 ? setImmediate(r) : setTimeout(r, 2)));
      if (this.cellEdit && i >= 50) return true; // requests wait for the user to leave the cell
      if (this.inFlight === 0 && before === this.syncs + this.runs) {
        await new Promise((r) => setImmediate(r));
        if (this.inFlight === 0 && before === this.syncs + this.runs) return true;
      }
    }
    if (process.env.PIAO_MODEL_DEBUG) console.log('[model] settle: still in flight', this.inFlight, [...this.debugRuns.values()].join('\n---\n'));
    return false;
  }

  /** Stacks of the runs in progress (with PIAO_MODEL_DEBUG), to tell which request never ends. */
  private readonly debugRuns = new Map<object, string>();

  // ── The API side (called by excel-objects.ts) ────────────────────────────

  private async run<T>(opts: unknown, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    this.runs += 1;
    // Excel.run(context, batch) reuses the context of an earlier batch (handler removal).
    const reuse = opts instanceof ModelContext ? opts : null;
    if (!reuse && this.failures[0]?.at === 'run') {
      const f = this.failures.shift()!;
      throw new ModelError(f.code, `Excel.run non riuscito (${f.code})`);
    }
    const delay = !!(opts as { delayForCellEdit?: boolean } | null)?.delayForCellEdit;
    const ctx = reuse ?? new ModelContext(this, delay);
    this.inFlight += 1;
    this.currentContexts.add(ctx);
    const token = {};
    if (process.env.PIAO_MODEL_DEBUG) this.debugRuns.set(token, new Error('run').stack ?? '');
    try {
      const result = await batch(ctx as unknown as Excel.RequestContext);
      if (ctx.queue.length > 0) this.violations.push(`${ctx.queue.length} operazioni lasciate senza sync`);
      return result;
    } finally {
      this.currentContexts.delete(ctx);
      this.debugRuns.delete(token);
      this.inFlight -= 1;
    }
  }

  async syncContext(ctx: ModelContext): Promise<void> {
    this.syncs += 1;
    const ops = ctx.queue.splice(0);
    const bytes = ctx.requestBytes;
    ctx.requestBytes = 0;
    ctx.responseBytes = 0;
    // A request is a round trip to Excel: the pane's page keeps running (timers, events) meanwhile.
    await new Promise((r) => setImmediate(r));
    if (this.cellEdit) {
      if (!ctx.delayForCellEdit) throw new ModelError('InvalidOperation', "Excel è in modalità di modifica cella: la richiesta non è stata eseguita (cell edit mode).");
      await this.cellEdit.exited;
    }
    if (this.failures[0]?.at === 'sync') {
      const f = this.failures.shift()!;
      throw new ModelError(f.code, `context.sync non riuscito (${f.code})`);
    }
    if (bytes > this.payloadLimit) throw new ModelError('RequestPayloadSizeLimitExceeded', `Richiesta di ${bytes} byte oltre il limite`);
    if (bytes > 0) this.requestBytes.push(bytes);
    this.pending = [];
    this.undoTaken = new Set();
    try {
      for (const op of ops) op();
    } finally {
      const events = this.pending;
      this.pending = null;
      // Excel reports the add-in's writes too, after the request completes.
      if (events.length > 0) {
        this.inFlight += 1;
        setImmediate(() => {
          this.inFlight -= 1;
          for (const e of events) this.fire(e.sheet, e.b, e.type, 'Local', 'ThisLocalAddin');
        });
      }
    }
    this.responseBytes.push(ctx.responseBytes);
    if (ctx.responseBytes > this.payloadLimit) throw new ModelError('ResponsePayloadSizeLimitExceeded', `Risposta di ${ctx.responseBytes} byte oltre il limite`);
    this.betweenSyncs?.();
  }

  /** Events of the add-in's writes in the sync being applied; undo records already taken in it. */
  private pending: Array<{ sheet: ModelSheet; b: Block; type: string }> | null = null;
  private undoTaken = new Set<ModelSheet>();

  guardFormat(s: ModelSheet): void {
    if (s.protected) throw new ModelError('AccessDenied', 'Il foglio è protetto: formato non modificabile.');
  }

  /** `formulas`: written through `Range.formulasR1C1`, where text starting with `=` is meant as a formula. */
  apiWrite(s: ModelSheet, b: Block, values: Cell[][] | null, formulas = false): void {
    if (values && (values.length !== b.rows || values.some((r) => r.length !== b.cols))) {
      throw new ModelError('InvalidArgument', `dimensioni errate per ${a1(b.row, b.col, b.rows, b.cols)}`);
    }
    if (s.protected && this.anyLocked(s, b)) throw new ModelError('AccessDenied', `Il foglio è protetto: ${a1(b.row, b.col, b.rows, b.cols)}`);
    if (values && !formulas) {
      for (const cell of values.flat()) if (typeof cell === 'string' && /^[=]/.test(cell)) this.violations.push(`formula scritta come valore: ${cell}`);
    }
    this.takeUndo(s);
    this.write(s, b, values ?? Array.from({ length: Math.min(b.rows, 100_000) }, () => Array.from({ length: b.cols }, () => '')));
    this.pending?.push({ sheet: s, b, type: 'RangeEdited' });
  }

  apiDelete(s: ModelSheet, b: Block): void {
    if (s.protected) throw new ModelError('AccessDenied', 'Il foglio è protetto: righe non eliminabili.');
    for (const t of this.tables) {
      if (t.sheet !== s || !t.filter) continue;
      const overlap = b.row < t.row + t.rows && b.row + b.rows > t.row + 1 && b.col < t.col + t.cols && b.col + b.cols > t.col;
      if (overlap) throw new ModelError('InsertDeleteConflict', "L'operazione di inserimento o eliminazione ha generato un conflitto (tabella filtrata).");
    }
    this.takeUndo(s);
    this.deleteUp(s, b);
    this.pending?.push({ sheet: s, b, type: 'RowDeleted' });
  }

  apiInsert(s: ModelSheet, b: Block): void {
    if (s.protected) throw new ModelError('AccessDenied', 'Il foglio è protetto: righe non inseribili.');
    this.takeUndo(s);
    this.insertDown(s, b);
    this.pending?.push({ sheet: s, b, type: 'RowInserted' });
  }

  addSheet(name: string): ModelSheet {
    if (this.sheets.some((s) => s.name === name)) throw new ModelError('ItemAlreadyExists', `Il foglio ${name} esiste già`);
    const s: ModelSheet = {
      id: `ws${this.nextId++}`, name, cells: new Map(), fills: new Map(), numberFormats: [], validations: new Map(),
      hiddenColumns: new Set(), hiddenRows: new Set(), locks: [], protected: false, visibility: 'Visible', frozenRows: 0, changed: [], selection: [],
    };
    this.sheets.push(s);
    return s;
  }

  addTable(s: ModelSheet, b: Block, hasHeaders: boolean): ModelTable {
    const t: ModelTable = { name: `Tabella${this.nextId++}`, sheet: s, row: b.row, col: b.col, rows: Math.max(b.rows, hasHeaders ? 2 : 1), cols: b.cols, totals: false, filter: null };
    this.tables.push(t);
    return t;
  }

  addTableColumn(t: ModelTable, label: string): void {
    t.sheet.cells.set(key(t.row, t.col + t.cols), label);
    t.cols += 1;
  }

  resizeTable(t: ModelTable, b: Block): void {
    if (b.row !== t.row || b.col !== t.col) throw new ModelError('InvalidArgument', 'Table.resize: la riga di intestazione deve restare dov’è.');
    t.rows = b.rows + (t.totals ? 1 : 0);
    t.cols = b.cols;
    this.reportOp?.({ kind: 'table', name: t.name, rows: t.rows, cols: t.cols, stamp: nextStamp() });
  }

  removeTable(t: ModelTable): void {
    this.tables.splice(this.tables.indexOf(t), 1);
  }

  setFilter(t: ModelTable, filter: ModelTable['filter']): void {
    t.filter = filter;
    this.applyFilter(t);
  }

  usedBlock(s: ModelSheet): Block | null {
    let r0 = Infinity;
    let r1 = -1;
    let c0 = Infinity;
    let c1 = -1;
    for (const k of s.cells.keys()) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      r0 = Math.min(r0, r);
      r1 = Math.max(r1, r);
      c0 = Math.min(c0, c);
      c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  read(s: ModelSheet, b: Block): Cell[][] {
    if (b.rows > 100_000) return [];
    return Array.from({ length: b.rows }, (_, r) => Array.from({ length: b.cols }, (_, c) => this.value(s, b.row + r, b.col + c)));
  }
  /**
   * What a cell shows: a formula (text starting with `=`, as Excel takes what is typed) is calculated on
   * its row (testing/formula-eval.ts; the add-in's formulas refer to the same row only).
   */
  value(s: ModelSheet, r: number, c: number): Cell | '' {
    const cell = s.cells.get(key(r, c));
    if (typeof cell !== 'string' || !cell.startsWith('=')) return cell ?? '';
    return (
      evaluate(
        cell,
        (i) => {
          const v = s.cells.get(key(r, i));
          return v === undefined || (typeof v === 'string' && v.startsWith('=')) ? null : v;
        },
        c,
      ) ?? ''
    );
  }

  forCells(b: Block, fn: (r: number, c: number) => void): void {
    for (let r = b.row; r < b.row + Math.min(b.rows, 100_000); r++) for (let c = b.col; c < b.col + b.cols; c++) fn(r, c);
  }

  forCols(b: Block, fn: (c: number) => void): void {
    for (let c = b.col; c < b.col + b.cols; c++) fn(c);
  }

  // ── Internals ────────────────────────────────────────────────────────────

  private fire(s: ModelSheet, b: Block, changeType: string, source: 'Local' | 'Remote', trigger: 'Unknown' | 'ThisLocalAddin'): void {
    const single = b.rows === 1 && b.cols === 1;
    const value = single ? (s.cells.get(key(b.row, b.col)) ?? '') : undefined;
    const address = b.cols >= 16_384 ? `${b.row + 1}:${b.row + b.rows}` : a1(b.row, b.col, b.rows, b.cols);
    const e: Record<string, unknown> = { address, changeType, source, type: 'WorksheetChanged', worksheetId: s.id };
    if (this.supports('1.14')) e.triggerSource = trigger;
    if (single && this.supports('1.9')) e.details = { valueAfter: value, valueTypeAfter: typeof value === 'number' ? 'Double' : 'String' };
    for (const h of [...s.changed]) {
      this.inFlight += 1;
      void Promise.resolve(h(e)).finally(() => (this.inFlight -= 1));
    }
  }

  private anyLocked(s: ModelSheet, b: Block): boolean {
    for (let r = b.row; r < b.row + Math.min(b.rows, 1000); r++) for (let c = b.col; c < b.col + b.cols; c++) if (this.isLocked(s, r, c)) return true;
    return false;
  }

  private pushUndo(s: ModelSheet): void {
    this.undo.push({ sheet: s, cells: new Map(s.cells), tables: this.tables.filter((t) => t.sheet === s).map((t) => ({ t, row: t.row, rows: t.rows })) });
    if (this.undo.length > 100) this.undo.shift();
  }

  /** One undo record per sheet per sync (mergeUndoGroup false). */
  private takeUndo(s: ModelSheet): void {
    if (this.undoTaken.has(s)) return;
    this.undoTaken.add(s);
    this.pushUndo(s);
  }

  private write(s: ModelSheet, b: Block, values: Cell[][]): void {
    this.reportOp?.({ kind: 'cells', sheet: s.name, b, values: values.map((l) => [...l]), stamp: nextStamp() });
    values.forEach((line, r) =>
      line.forEach((v, c) => {
        let cell = v;
        // A leading apostrophe keeps text as text and is not part of the value (Range.values).
        if (typeof cell === 'string' && cell.startsWith("'")) cell = cell.slice(1);
        if (cell === '' || cell === null || cell === undefined) s.cells.delete(key(b.row + r, b.col + c));
        else s.cells.set(key(b.row + r, b.col + c), cell);
      }),
    );
  }

  private deleteUp(s: ModelSheet, b: Block): void {
    this.reportOp?.({ kind: 'delete', sheet: s.name, b, stamp: nextStamp() });
    const moved = new Map<string, Cell>();
    for (const [k, v] of s.cells) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      const inCols = c >= b.col && c < b.col + b.cols;
      if (inCols && r >= b.row && r < b.row + b.rows) continue;
      moved.set(inCols && r >= b.row + b.rows ? key(r - b.rows, c) : k, v);
    }
    s.cells = moved;
    for (const t of this.tables) {
      if (t.sheet !== s || b.col > t.col || b.col + b.cols < t.col + t.cols) continue;
      if (b.row > t.row + t.rows - 1) continue;
      if (b.row + b.rows <= t.row) {
        t.row -= b.rows;
        continue;
      }
      const overlap = Math.max(0, Math.min(t.row + t.rows, b.row + b.rows) - Math.max(t.row + 1, b.row));
      t.rows = Math.max(2, t.rows - overlap);
    }
  }

  private insertDown(s: ModelSheet, b: Block): void {
    this.reportOp?.({ kind: 'insert', sheet: s.name, b, stamp: nextStamp() });
    const moved = new Map<string, Cell>();
    for (const [k, v] of s.cells) {
      const [r, c] = k.split(',').map(Number) as [number, number];
      const inCols = c >= b.col && c < b.col + b.cols;
      moved.set(inCols && r >= b.row ? key(r + b.rows, c) : k, v);
    }
    s.cells = moved;
    for (const t of this.tables) {
      if (t.sheet !== s || b.col > t.col || b.col + b.cols < t.col + t.cols) continue;
      if (b.row <= t.row) t.row += b.rows;
      else if (b.row < t.row + t.rows) t.rows += b.rows;
    }
  }

  private applyFilter(t: ModelTable): void {
    for (let r = t.row + 1; r < t.row + 1 + this.bodyRows(t); r++) {
      if (t.filter && !t.filter.keep(this.cell(t.sheet.name, r, t.col + t.filter.col))) t.sheet.hiddenRows.add(r);
      else t.sheet.hiddenRows.delete(r);
    }
  }
}
