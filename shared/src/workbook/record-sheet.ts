import type { RowValues, SheetDef } from '../schema/types';
import { withComputed } from '../schema';
import { toExcel } from './cells';
import type { StreamBook } from './sheet-writer';
import { BOLD_STYLE, HEADER_STYLE, columnStyle } from './styles';
import { type ListRegistry, columnValidation } from './validation';

/** Excel row of a record sheet's field (header in row 1, one field per row). */
export function recordFieldRow(def: SheetDef, columnId: string): number | null {
  const i = def.columns.findIndex((c) => c.id === columnId);
  return i < 0 ? null : i + 2;
}

/** Writes a one-record sheet as two columns, Campo | Valore, each value with its own format and rule. */
export function writeRecordSheet(book: StreamBook, def: SheetDef, record: RowValues | undefined, lists: ListRegistry): void {
  const ws = book.addWorksheet(def.title, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'B2' }] });
  ws.columns = [{ width: 44 }, { width: Math.max(24, ...def.columns.map((c) => c.width)) }];
  const header = ws.addRow(['Campo', 'Valore']);
  header.height = 24;
  header.getCell(1).style = HEADER_STYLE;
  header.getCell(2).style = HEADER_STYLE;
  header.commit();
  const values = withComputed(def, record ?? {});
  def.columns.forEach((col, i) => {
    const v = toExcel(col, values[col.id]);
    const row = ws.addRow(v === null ? [col.label] : [col.label, v]);
    row.getCell(1).style = BOLD_STYLE;
    row.getCell(2).style = columnStyle(col);
    const rule = col.computed ? null : columnValidation(col, lists);
    if (rule) ws.dataValidations.add(`B${i + 2}`, rule);
    row.commit();
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: def.columns.length + 1, column: 2 } };
  ws.commit();
}
