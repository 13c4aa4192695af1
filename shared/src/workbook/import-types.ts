import type { RowChange } from '../doc/rows';
import type { CellValue } from '../schema/types';

/** A problem in an uploaded workbook, pointing at the cell to fix. */
export interface ImportError {
  /** Worksheet name ('' for a problem with the whole file). */
  sheet: string;
  /** Excel row number (0 for a problem with the whole file or sheet). */
  row: number;
  /** Header label of the column ('' when not about one column). */
  column: string;
  /** Italian, says what is wrong and how to fix it. */
  message: string;
}

/** What an import does, per sheet and in total. */
export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Always 0: rows missing from the file are never deleted (too risky from an offline copy). */
  deleted: number;
  /** Rows of the document that the file does not contain: kept, not deleted. */
  notInFile: number;
  /** Rows tagged with another sector (a consolidated workbook), ignored. */
  otherSector: number;
  /** Cells written (in added rows: their non-empty cells are not counted here, the row is). */
  cellsChanged: number;
  /** Cells changed both in the file and by someone else since the file's base (kept as theirs unless forced). */
  conflicts: number;
  /** Conflicts the importer chose to overwrite with the file's value. */
  overwritten: number;
  /** Rows of the file's base that someone else deleted since, which the file did not change: not re-created. */
  deletedByOthers: number;
}

/**
 * A cell the file changed that someone else also changed since the file's base. `key` is what the
 * importer sends back (`force`) to overwrite it; `who`/`when` are filled by the server from the audit log.
 */
export interface ImportConflict {
  key: string;
  /** Worksheet name, Excel row, header label: where the cell is in the file. */
  sheet: string;
  row: number;
  column: string;
  sheetId: string;
  rowId: string;
  /** Null when the whole row was deleted by someone else. */
  columnId: string | null;
  /** The document's value now (null when empty or the row was deleted). */
  theirs: CellValue;
  yours: CellValue;
  rowDeleted?: true;
  /** True when this request overwrote it with the file's value. */
  overwritten: boolean;
  /** `sub` of the last writer of that cell, and when (ISO 8601). */
  who?: string;
  when?: string;
}

export interface ImportSummary extends ImportCounts {
  /** Counts per worksheet read, by worksheet name. */
  sheets: Record<string, ImportCounts>;
  /** Italian sentences for the user: what changed, then what needs attention. */
  message: string;
  /** Italian warnings (e.g. a file without a base: old two-way semantics). */
  warnings: string[];
  /** Whether the file carried a verified base (three-way merge) or not (two-way, with a warning). */
  threeWay: boolean;
}

export type ImportResult =
  | { ok: true; changes: RowChange[]; summary: ImportSummary; conflicts: ImportConflict[] }
  | { ok: false; errors: ImportError[] };
