import type { DataValidation, Style, Worksheet } from 'exceljs';
import type { ExcelCell } from './cells';
import { columnLetter } from './layout';
import { HEADER_STYLE } from './styles';
import { PACE_EVERY_ROWS, pace } from './pace';

/** One column of a worksheet as written: header, width, the shared style of its cells, its rule. */
export interface OutColumn {
  header: string;
  width: number;
  style: Partial<Style>;
  hidden?: boolean;
  validation?: DataValidation | null;
}

export interface TableSpec {
  name: string;
  columns: readonly OutColumn[];
  /** Columns kept visible when scrolling right (the Settore column). */
  frozenColumns?: number;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Rows below the data that still get the column's data validation (room to type new rows). */
  validationSpareRows?: number;
  /** Protect the sheet (templates: the ID column is locked, every other column is not). */
  protect?: boolean;
  /** An Excel row to write in bold (a totals line). */
  boldRow?: number;
  /** Throws to stop writing (see OutputWatch). */
  check?: () => void;
  /** Called with each written row's Excel row number. */
  onRow?: (excelRow: number, index: number) => void;
}

/** A worksheet of exceljs' streaming writer (its typings omit `dataValidations`). */
export type StreamSheet = Worksheet & { dataValidations: { add(address: string, rule: DataValidation): void } };

/** The exceljs streaming workbook, as far as this module uses it. */
export interface StreamBook {
  addWorksheet(name: string, options?: Record<string, unknown>): StreamSheet;
}

/**
 * Writes a table worksheet row by row and commits it: header (styled, frozen, autofilter), columns,
 * data validation over the data rows (plus spare rows), cells sharing their column's style object.
 * Returns the number of data rows written.
 */
export async function writeTable(book: StreamBook, spec: TableSpec, rows: Iterable<readonly ExcelCell[]>, progress?: (n: number) => void): Promise<number> {
  const ncols = spec.columns.length;
  const ws = book.addWorksheet(spec.name, {
    state: spec.state ?? 'visible',
    views: [{ state: 'frozen', xSplit: spec.frozenColumns ?? 0, ySplit: 1, topLeftCell: `${columnLetter((spec.frozenColumns ?? 0) + 1)}2`, activeCell: 'A2' }],
  });
  ws.columns = spec.columns.map((c) => ({ width: c.width, style: c.style, hidden: !!c.hidden }));
  const header = ws.addRow(spec.columns.map((c) => c.header));
  header.height = 30;
  for (let c = 1; c <= ncols; c++) header.getCell(c).style = HEADER_STYLE;
  header.commit();

  const styles = spec.columns.map((c) => c.style);
  const boldStyles = spec.boldRow ? spec.columns.map((c) => ({ ...c.style, font: { bold: true } })) : styles;
  let n = 0;
  let sincePace = 0;
  for (const cells of rows) {
    // Index = column number: a hole (no cell at all) is cheaper than a null cell in exceljs.
    const sparse: ExcelCell[] = [];
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v !== null && v !== undefined) sparse[i + 1] = v;
    }
    const row = ws.addRow(sparse);
    const rowStyles = row.number === spec.boldRow ? boldStyles : styles;
    for (let i = 0; i < cells.length; i++) if (sparse[i + 1] !== undefined) row.getCell(i + 1).style = rowStyles[i]!;
    row.commit();
    n++;
    spec.onRow?.(n + 1, n - 1);
    if (++sincePace >= PACE_EVERY_ROWS) {
      progress?.(sincePace);
      sincePace = 0;
      await pace(ws, spec.check);
    }
  }
  if (sincePace) progress?.(sincePace);

  const lastRow = n + 1;
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(lastRow, 1), column: ncols } };
  const lastValidated = Math.max(lastRow + (spec.validationSpareRows ?? 0), 2);
  spec.columns.forEach((c, i) => {
    if (!c.validation) return;
    const col = columnLetter(i + 1);
    ws.dataValidations.add(`${col}2:${col}${lastValidated}`, c.validation);
  });
  if (spec.protect) await protect(ws);
  ws.commit();
  return n;
}

/** Protection without a password: a guard against accidental edits of the ID column, not security. */
export async function protect(ws: Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatCells: true,
    formatColumns: false,
    formatRows: true,
    insertRows: true,
    deleteRows: true,
    sort: true,
    autoFilter: true,
  });
}
