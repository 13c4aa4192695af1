import type { RowChange } from '../doc/rows';

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
}

export interface ImportSummary extends ImportCounts {
  /** Counts per worksheet read, by worksheet name. */
  sheets: Record<string, ImportCounts>;
  /** One Italian sentence for the user. */
  message: string;
}

export type ImportResult = { ok: true; changes: RowChange[]; summary: ImportSummary } | { ok: false; errors: ImportError[] };
