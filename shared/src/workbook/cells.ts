import { BOOL_LABELS } from '../schema/columns';
import type { CellValue, ColumnDef } from '../schema/types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO `YYYY-MM-DD` date as the UTC-midnight Date exceljs turns into an Excel serial day. */
export function isoToDate(iso: string): Date | null {
  const m = ISO_DATE.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

export type ExcelCell = string | number | Date | null;

/**
 * The value a document cell takes in a worksheet: real dates, Sì/No for booleans. A value that does
 * not fit its column (written by a foreign client) is shown as it is rather than dropped, so the
 * Controlli sheet and the cell agree.
 */
export function toExcel(col: ColumnDef, v: CellValue | undefined): ExcelCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? BOOL_LABELS.true : BOOL_LABELS.false;
  if (col.type === 'date' && typeof v === 'string') return isoToDate(v) ?? v;
  return v;
}
