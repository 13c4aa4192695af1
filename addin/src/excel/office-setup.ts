import type { ColumnDef } from '@piao/shared/schema/index';
import { ID_LABEL, type SheetSpec } from './sheet-host';
import { MAX_ROWS, headerColumns, type Sync } from './office-layout';
import { LIST_SHEET, PERCENT_WHOLE_FORMAT, columnValidation, excelNumberFormat, listSlot, wholePercentFormula } from './office-validation';
import { a1 } from './office-values';
import { MARKS_SHEET, setupMarks } from './office-marks';
import { computedFormula } from './office-formulas';
import { sendChunked } from './office-write';
import { MAX_PAYLOAD_BYTES, payloadBytes, type WriteOp } from './write-plan';

/** Points per character of the schema's column widths. */
const POINTS_PER_CHAR = 7;

/**
 * Workbook setting (Workbook.settings, ExcelApi 1.4: saved with the document) that records, per bound
 * table, what this add-in last applied to each column (number format and data validation). Re-binding
 * re-applies a column only when the schema changed what we set, so a user's own formats and validation
 * are left alone (issue 8, defect 16), and `dataValidation.clear()` only ever removes our own rule.
 */
export function setupSettingKey(table: string): string {
  return `PIAO.colonne.${table}`;
}

/** What we apply to a column, as compared between binds (the formula as the schema orders the columns). */
function fingerprint(spec: SheetSpec, col: ColumnDef): string {
  const v = columnValidation(spec.sheet, col);
  const order = [ID_LABEL, ...spec.columns.map((c) => c.id)];
  const formula = col.computed ? computedFormula(spec.sheet, col, order, order.indexOf(col.id)) : null;
  return JSON.stringify({ format: excelNumberFormat(col), rule: v?.rule ?? null, alert: v?.errorAlert ?? null, prompt: v?.prompt ?? null, formula });
}

/** Rows of formulas per write: about 1 MB of R1C1 text, far under the request budget. */
const FORMULA_ROWS = 5000;

function hadRule(print: string | undefined): boolean {
  if (print === undefined) return false;
  try {
    return (JSON.parse(print) as { rule: unknown }).rule !== null;
  } catch {
    return true;
  }
}

function readApplied(value: unknown): Record<string, string> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : null;
  } catch {
    return null;
  }
}

/**
 * Creates the dropdown lists sheet (veryHidden, as the export does) and fills the lists of this sheet.
 * Runs before any validation rule is set: a list rule whose source names `PIAO_elenchi!…` must find
 * that sheet and its values when Excel applies it (issue 8, defect 6). Values are written into
 * Text-formatted cells, so they stay text without an apostrophe.
 */
function writeLists(wb: Excel.Workbook, lists: Excel.Worksheet, spec: SheetSpec): void {
  const stored = spec.columns.filter((c) => listSlot(spec.sheet, c) !== null);
  if (stored.length === 0) return;
  const listWs = lists.isNullObject ? wb.worksheets.add(LIST_SHEET) : lists;
  listWs.visibility = 'VeryHidden';
  for (const c of stored) {
    const values = c.values ?? [];
    if (values.length === 0) continue;
    const range = listWs.getRangeByIndexes(0, listSlot(spec.sheet, c)!, values.length, 1);
    setNumberFormat(range, '@');
    range.values = values.map((v) => [v]);
  }
}

/**
 * Creates the worksheet and its table when missing (header row with the Italian labels, hidden ID
 * column first) and adds columns the schema gained since. Number formats and data validation are applied
 * to whole columns (rows added later inherit them) when a column is created or when the schema changed
 * what we applied; column widths only when a column is created — never over the user's. Leaves the last
 * sync to the caller, who registers event handlers in the same request.
 */
export async function setupSheet(ctx: Excel.RequestContext, sync: Sync, spec: SheetSpec): Promise<Excel.Table> {
  const wb = ctx.workbook;
  const existing = wb.tables.getItemOrNullObject(spec.table).load('name');
  const named = wb.worksheets.getItemOrNullObject(spec.name).load('name');
  const lists = wb.worksheets.getItemOrNullObject(LIST_SHEET).load('name');
  const marksWs = wb.worksheets.getItemOrNullObject(MARKS_SHEET).load('name');
  const setting = wb.settings.getItemOrNullObject(setupSettingKey(spec.table)).load('value');
  await sync();

  writeLists(wb, lists, spec);

  const labels = [ID_LABEL, ...spec.columns.map((c) => c.label)];
  let table: Excel.Table;
  const created = existing.isNullObject;
  if (created) {
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
  const tableBody = table.getDataBodyRange().load('rowCount');
  await sync();

  const present = (header.values[0] ?? []).map((v) => String(v).trim());
  const added = new Set<string>();
  for (const label of labels) {
    if (present.includes(label)) continue;
    table.columns.add(undefined, undefined, label);
    present.push(label);
    added.add(label);
  }
  // A workbook bound before this record existed had everything re-applied at every bind: once more.
  const before = (setting.isNullObject ? null : readApplied(setting.value)) ?? {};
  const after: Record<string, string> = {};
  const ids = headerColumns(spec, present);
  const formulaOps: WriteOp[] = [];
  const ws = table.worksheet;
  const bodyRows = MAX_ROWS - header.rowIndex - 1;
  ids.forEach((id, i) => {
    const index = header.columnIndex + i;
    const body = ws.getRangeByIndexes(header.rowIndex + 1, index, bodyRows, 1);
    const whole = ws.getRangeByIndexes(header.rowIndex, index, 1, 1).getEntireColumn();
    const col = spec.columns.find((c) => c.id === id);
    if (present[i] === ID_LABEL) {
      if (created || added.has(ID_LABEL)) setNumberFormat(body, '@');
      body.format.protection.locked = true;
      whole.columnHidden = true;
      return;
    }
    if (!col) return;
    const fresh = created || added.has(present[i]!);
    if (fresh) {
      whole.format.columnWidth = col.width * POINTS_PER_CHAR;
      if (col.type === 'longtext') body.format.wrapText = true;
    }
    body.format.protection.locked = !!col.computed;
    const print = fingerprint(spec, col);
    after[id] = print;
    if (!fresh && before[id] === print) return;
    setNumberFormat(body, excelNumberFormat(col));
    // Computed columns hold their formula in every row (rows added later get it from the binding). A new
    // table's one body row is the empty row the first appended row reuses: it gets the formula then.
    const formula = created ? null : computedFormula(spec.sheet, col, ids, i);
    if (formula) {
      for (let r = 0; r < tableBody.rowCount; r += FORMULA_ROWS) {
        const values = Array.from({ length: Math.min(FORMULA_ROWS, tableBody.rowCount - r) }, () => [formula]);
        formulaOps.push({ kind: 'cells', row: header.rowIndex + 1 + r, col: index, values, bytes: payloadBytes(values), formula: true });
      }
    }
    if (col.type === 'percent') {
      const cf = body.conditionalFormats.add('Custom');
      cf.custom.rule.formula = wholePercentFormula(a1(header.rowIndex + 1, index));
      cf.custom.format.numberFormat = PERCENT_WHOLE_FORMAT;
    }
    const v = columnValidation(spec.sheet, col);
    // Only a rule we set is cleared: a column that never had ours keeps the user's own.
    const ours = hadRule(before[id]) || (!(id in before) && v !== null);
    if (!fresh && ours) body.dataValidation.clear();
    if (v) {
      body.dataValidation.rule = v.rule;
      body.dataValidation.errorAlert = v.errorAlert;
      if (v.prompt) body.dataValidation.prompt = v.prompt;
    }
  });
  // The conditional formats that show invalid-cell marks (office-marks.ts), over the whole table width.
  const idCol = header.columnIndex + present.indexOf(ID_LABEL);
  const marks = JSON.stringify({ marks: 1, headerRow: header.rowIndex, colStart: header.columnIndex, width: present.length, idCol });
  after['#segni'] = marks;
  if (before['#segni'] !== marks) setupMarks(wb, marksWs, ws, spec.sheet, { headerRow: header.rowIndex, colStart: header.columnIndex, width: present.length, idCol });
  await sendChunked(sync, {
    ops: formulaOps,
    limit: MAX_PAYLOAD_BYTES,
    queue: (op) => {
      if (op.kind === 'cells') ws.getRangeByIndexes(op.row, op.col, op.values.length, 1).formulasR1C1 = op.values as string[][];
    },
  });
  const record = JSON.stringify(after);
  if (setting.isNullObject || setting.value !== record) wb.settings.add(setupSettingKey(spec.table), record);
  return table;
}

/** Office.js applies a single value to every cell of the range; its typings only know 2-D arrays. */
function setNumberFormat(range: Excel.Range, format: string): void {
  (range as unknown as { numberFormat: string }).numberFormat = format;
}
