import type { CellValue, ColumnDef, SheetDef, SheetId } from '@piao/shared/schema/index';
import type { Origin } from '@piao/shared/doc/origins';

/**
 * The port between the Yjs binding and a spreadsheet (design.md §6): Excel through Office.js, or the
 * in-memory sheet that the browser grid renders. The binder only talks to this interface, so the same
 * code path runs in Excel and in the browser.
 *
 * Rows are identified by the hidden ID column, never by position: users sort and filter. The host owns
 * that column — it gives an id to every non-empty row that lacks one (rows typed below the table,
 * pasted rows, a copied row whose id is now duplicated) in the same round trip that reads the row, and
 * tells the binder which ids it created and which disappeared.
 */

/** A raw cell value as the host holds it (what the user typed, or what we wrote). */
export type HostValue = string | number | boolean | null;

/** Column id of the hidden, locked ID column; it is always the first column of a bound table. */
export const ID_COLUMN = '_id';
/** Its header label. */
export const ID_LABEL = 'ID';
/** The row id of the single row that shows a one-record sheet (`ente`, `capacita_assunzionale`). */
export const RECORD_ROW_ID = '_record';

/** What a host needs to create or re-bind one sheet. */
export interface SheetSpec {
  readonly sheet: SheetId;
  /** Worksheet name (the workbook title of the sheet, e.g. `2.2 Obiettivi`). */
  readonly name: string;
  /** Table name, `PIAO_<sheet>`. */
  readonly table: string;
  /** Italian label of the whole sheet. */
  readonly label: string;
  /** Every column of the schema in order (computed ones are shown read-only); the ID column is implicit. */
  readonly columns: readonly ColumnDef[];
  /** One-record sheet: a single row with id `RECORD_ROW_ID`; rows cannot be added or deleted. */
  readonly record: boolean;
}

export function sheetSpec(def: SheetDef): SheetSpec {
  return { sheet: def.id, name: def.title, table: `PIAO_${def.id}`, label: def.label, columns: def.columns, record: def.kind === 'record' };
}

/** A row as read from the host: its id (assigned by the host when it had none) and raw values by column id. */
export interface HostRow {
  id: string;
  /** True when the host has just given this row its id: the document does not know it yet. */
  created: boolean;
  values: Record<string, HostValue>;
}

/**
 * Writes to one sheet. Values are document values (dates as ISO strings, booleans); the host converts
 * them to its own representation (Excel date serials, `Sì`/`No`).
 */
export interface HostBatch {
  /** Cells to overwrite, by row id and column id; rows the host does not have are skipped. */
  set?: Array<{ rowId: string; values: Record<string, HostValue> }>;
  /** New rows, written below the last row, with their ids. */
  append?: Array<{ id: string; values: Record<string, HostValue> }>;
  /** Row ids to delete. */
  remove?: string[];
  /**
   * Snapshot entries (`SheetHost.writeState`) to save before the cells are written, in the same
   * `Excel.run`: a write already sent lands even if the pane closes meanwhile, and the next session
   * must not take its values for the user's edits. Hosts without `writeState` ignore it; the Office
   * host saves the added entries with the first request and leaves removals (null) to `writeState`.
   */
  state?: ReadonlyMap<string, string | null>;
}

/** One user action in the host: the cells it changed and the rows it removed. */
export interface UserEdit {
  sheet: SheetId;
  /** Changed rows; `values` holds only the columns the user changed (raw, not yet coerced). */
  rows: HostRow[];
  /** Ids of rows that are no longer in the host. */
  removed: string[];
  /**
   * The host lost track of some changes (reads of its change events kept failing): the binder must
   * re-read the whole sheet and reconcile it (three-way, against what it last knew the host held).
   */
  lost?: boolean;
  /**
   * Cells a co-author changed (`source: 'Remote'` in a shared workbook): not an edit of this user (the
   * co-author's pane syncs it), only what the host now holds, so the binder does not write it again.
   */
  remote?: boolean;
}

/** An invalid cell (or a whole row, when `column` is null) and why. */
export interface InvalidMark {
  rowId: string;
  column: string | null;
  message: string;
  severity: 'error' | 'warning';
}

export interface HostSelection {
  sheet: SheetId;
  rowId: string | null;
  column: string | null;
}

/** Round trips and the largest request, so tests and benchmarks can assert them. */
export interface HostStats {
  /** `Excel.run` calls (or their simulation). */
  runs: number;
  /** `context.sync` calls (or their simulation). */
  syncs: number;
  /** The largest estimated request payload of a single sync, in bytes. */
  maxPayloadBytes: number;
}

export interface SheetHost {
  /** The transaction origin of edits made in this host: `'excel'` or `'grid'`. */
  readonly origin: Origin;
  readonly stats: HostStats;
  /**
   * Computed columns are formulas the host recalculates itself (Excel): the binder writes them only to put
   * a formula back, never after an edit of their inputs (issue 8, defect 7). Otherwise (the browser grid)
   * the binder writes their values.
   */
  readonly formulas?: boolean;
  /**
   * How the host holds a document value once written (e.g. a date serial in Excel), as `readRows`
   * would return it. The binder compares with it to write back only values the host must normalise.
   */
  hostValue(column: ColumnDef, value: CellValue): HostValue;
  /** Creates the sheet as a table with headers, formats and validation, or re-binds an existing one. */
  ensureSheet(spec: SheetSpec): Promise<void>;
  /** Every non-empty row in host order, giving ids to rows that lack one. */
  readRows(sheet: SheetId): Promise<HostRow[]>;
  /** Applies a batch of writes in as few round trips as possible; never reported back as a user edit. */
  applyBatch(sheet: SheetId, batch: HostBatch): Promise<void>;
  /** Subscribes to user edits; returns the unsubscribe function. */
  onUserEdit(listener: (edit: UserEdit) => void): () => void;
  /** Replaces the invalid-cell marks of a sheet. */
  markInvalid(sheet: SheetId, marks: readonly InvalidMark[]): Promise<void>;
  /** Moves the selection to a row (and column). */
  select(sheet: SheetId, rowId: string, column?: string | null): Promise<void>;
  /** Subscribes to the user's selection (for presence); returns the unsubscribe function. */
  onSelection(listener: (selection: HostSelection) => void): () => void;
  /** Protects the sheet (Excel) or disables editing (grid). */
  setReadOnly(sheet: SheetId, readOnly: boolean): Promise<void>;
  /**
   * Texts the binding keeps inside the workbook under keys starting with `prefix` (the last-synced
   * snapshot of a sheet, one entry per row, see `snapshot.ts`), without the prefix. Hosts without storage leave these out, and every bind
   * then lets the document win.
   */
  readState?(prefix: string): Promise<Map<string, string>>;
  /** Sets (text) or removes (null) such entries, by full key. */
  writeState?(entries: ReadonlyMap<string, string | null>): Promise<void>;
  /** Marks the workbook as bound to PIAO, so Excel opens the task pane with it (`Office.AutoShowTaskpaneWithDocument`). */
  tagWorkbook?(): Promise<void>;
  /** Releases event handlers. */
  dispose?(): void | Promise<void>;
}
