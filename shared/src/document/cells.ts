import type { CellValue, ColumnDef } from '../schema/types';
import { fmtDate, fmtEuro, fmtNum } from '../validate/format';

/**
 * How a cell reads in the published document: Italian number and date formats (1.234,50 €, 31/01/2022,
 * 12,5 %), Sì/No for booleans. Hand-written formats (validate/format.ts), not Intl: the document must be
 * the same bytes on every runtime.
 */
export function formatCell(col: ColumnDef, v: CellValue | undefined): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? 'Sì' : 'No';
  if (typeof v === 'number') {
    switch (col.type) {
      case 'money':
        return fmtEuro(v);
      case 'percent':
        return `${fmtNum(v, 2)} %`;
      case 'year':
      case 'int':
        return col.type === 'year' ? String(v) : fmtNum(v, 0);
      default:
        return fmtNum(v, 2);
    }
  }
  if (col.type === 'date') return fmtDate(v);
  return v;
}
