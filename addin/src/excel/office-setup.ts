import { ID_LABEL, type SheetSpec } from './sheet-host';
import { MAX_ROWS, headerColumns, type Sync } from './office-layout';
import { LIST_SHEET, columnValidation, excelNumberFormat, listSlot } from './office-validation';
import { toExcelInput } from './office-values';

/** Points per character of the schema's column widths. */
const POINTS_PER_CHAR = 7;

/**
 * Creates the worksheet and its table when missing (header row with the Italian labels, hidden ID
 * column first), adds columns the schema gained since, and re-applies number formats, widths, locking
 * and data validation to whole columns, so rows added later inherit them. Leaves the last sync to the
 * caller, who registers event handlers in the same request.
 */
export async function setupSheet(ctx: Excel.RequestContext, sync: Sync, spec: SheetSpec): Promise<Excel.Table> {
  const wb = ctx.workbook;
  const existing = wb.tables.getItemOrNullObject(spec.table).load('name');
  const named = wb.worksheets.getItemOrNullObject(spec.name).load('name');
  const lists = wb.worksheets.getItemOrNullObject(LIST_SHEET).load('name');
  await sync();

  const labels = [ID_LABEL, ...spec.columns.map((c) => c.label)];
  let table: Excel.Table;
  if (existing.isNullObject) {
    const ws = named.isNullObject ? wb.worksheets.add(spec.name) : named;
    const header = ws.getRangeByIndexes(0, 0, 1, labels.length);
    header.values = [labels];
    header.format.font.bold = true;
    table = ws.tables.add(header, true);
    table.name = spec.table;
    ws.freezePanes.freezeRows(1);
  } else {
    table = existing;
  }
  const header = table.getHeaderRowRange().load('values, rowIndex, columnIndex');
  await sync();

  const present = (header.values[0] ?? []).map((v) => String(v).trim());
  for (const label of labels) {
    if (present.includes(label)) continue;
    table.columns.add(undefined, undefined, label);
    present.push(label);
  }
  const ids = headerColumns(spec, present);
  const ws = table.worksheet;
  const bodyRows = MAX_ROWS - header.rowIndex - 1;
  ids.forEach((id, i) => {
    const index = header.columnIndex + i;
    const body = ws.getRangeByIndexes(header.rowIndex + 1, index, bodyRows, 1);
    const whole = ws.getRangeByIndexes(header.rowIndex, index, 1, 1).getEntireColumn();
    const col = spec.columns.find((c) => c.id === id);
    if (present[i] === ID_LABEL) {
      setNumberFormat(body, '@');
      body.format.protection.locked = true;
      whole.columnHidden = true;
      return;
    }
    if (!col) return;
    setNumberFormat(body, excelNumberFormat(col));
    whole.format.columnWidth = col.width * POINTS_PER_CHAR;
    if (col.type === 'longtext') body.format.wrapText = true;
    body.format.protection.locked = !!col.computed;
    body.dataValidation.clear();
    const v = columnValidation(spec.sheet, col);
    if (v) {
      body.dataValidation.rule = v.rule;
      body.dataValidation.errorAlert = v.errorAlert;
      if (v.prompt) body.dataValidation.prompt = v.prompt;
    }
  });

  const stored = spec.columns.filter((c) => listSlot(spec.sheet, c) !== null);
  if (stored.length > 0) {
    const listWs = lists.isNullObject ? wb.worksheets.add(LIST_SHEET) : lists;
    listWs.visibility = 'Hidden';
    for (const c of stored) {
      const values = c.values ?? [];
      listWs.getRangeByIndexes(0, listSlot(spec.sheet, c)!, values.length, 1).values = values.map((v) => [toExcelInput(null, v)]);
    }
  }
  return table;
}

/** Office.js applies a single value to every cell of the range; its typings only know 2-D arrays. */
function setNumberFormat(range: Excel.Range, format: string): void {
  (range as unknown as { numberFormat: string }).numberFormat = format;
}
