import { BOOL_LABELS } from '../schema/columns';
import type { CellValue, ColumnDef } from '../schema/types';

/*
 * How a document value looks in an Excel cell, for both writers: the exceljs export and the add-in's
 * Office.js host (which imports this file, so it must stay free of exceljs and Node).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/** An ISO `YYYY-MM-DD` date as the UTC-midnight Date exceljs turns into an Excel serial day. */
export function isoToDate(iso: string): Date | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The Excel serial day of an ISO date (`2023-01-15` → 44941); null if it is not one. */
export function isoToSerial(iso: string): number | null {
  const d = isoToDate(iso);
  return d ? Math.round((d.getTime() - EXCEL_EPOCH_MS) / MS_PER_DAY) : null;
}

/**
 * A document value in a cell: Sì/No for booleans, a date column's ISO text through `date` (a Date for
 * exceljs, a serial day for Office.js). A value that does not fit its column (written by a foreign
 * client) is shown as it is rather than dropped, so the cell and the reported issue agree.
 */
export function cellValue<D>(col: ColumnDef | null, v: CellValue | undefined, date: (iso: string) => D | null): string | number | D | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? BOOL_LABELS.true : BOOL_LABELS.false;
  if (col?.type === 'date' && typeof v === 'string') return date(v) ?? v;
  return v;
}

export type ExcelCell = string | number | Date | null;

/** The value a document cell takes in an exceljs worksheet: real dates, Sì/No for booleans. */
export function toExcel(col: ColumnDef, v: CellValue | undefined): ExcelCell {
  return cellValue(col, v, isoToDate);
}
