import { NUM_FMT, SHEETS, excelRule, fitsInlineList } from '@piao/shared/schema/index';
import type { ColumnDef, ExcelRule, SheetId } from '@piao/shared/schema/index';
import { columnLetter } from './office-values';

/**
 * Excel data validation and number formats from the schema. The rule itself is the schema's
 * `excelRule`; this file only says it in Office.js terms and places long lists in a hidden sheet.
 */

/** Hidden worksheet holding dropdown lists that cannot be written inline. */
export const LIST_SHEET = 'PIAO_elenchi';

/** Every list that must live in the hidden sheet gets a fixed column, the same in every workbook. */
const LIST_SLOTS: ReadonlyMap<string, number> = new Map(
  SHEETS.flatMap((s) => s.columns.filter((c) => c.type === 'enum' && !fitsInlineList(c.values ?? [])).map((c) => `${s.id}.${c.id}`)).map((k, i) => [k, i]),
);

/** The hidden-sheet column (0-based) of a stored list, or null for lists written inline. */
export function listSlot(sheet: SheetId, col: ColumnDef): number | null {
  return LIST_SLOTS.get(`${sheet}.${col.id}`) ?? null;
}

function listSource(sheet: SheetId, col: ColumnDef, values: readonly string[]): string {
  const slot = listSlot(sheet, col);
  if (slot === null) return values.join(',');
  const letter = columnLetter(slot);
  return `=${LIST_SHEET}!$${letter}$1:$${letter}$${values.length}`;
}

/**
 * Percent cells hold fractions (see office-values.ts). Excel has no format that shows "50%" and
 * "27,5%" without a trailing separator ("0.##%" shows "50,%"), so the column is `0.0#%` and a
 * conditional format (`ConditionalRangeFormat.numberFormat`, ExcelApi 1.6) shows whole percentages as `0%`.
 */
export const PERCENT_FORMAT = '0.0#%';
export const PERCENT_WHOLE_FORMAT = '0%';

/** The conditional-format formula that picks whole percentages, relative to the range's first cell. */
export function wholePercentFormula(firstCell: string): string {
  return `=AND(ISNUMBER(${firstCell}),ROUND(${firstCell}*100,6)=ROUND(${firstCell}*100,0))`;
}

/** The number format of a column: the schema's, or text for text-like columns (so `04.02` stays a code). */
export function excelNumberFormat(col: ColumnDef): string {
  if (col.type === 'percent') return PERCENT_FORMAT;
  if (col.numFmt) return col.numFmt;
  if (col.type === 'text' || col.type === 'longtext' || col.type === 'ref' || col.type === 'email' || col.type === 'url' || col.type === 'enum') return '@';
  return NUM_FMT[col.type] ?? 'General';
}

export interface ColumnValidation {
  rule: Excel.DataValidationRule;
  errorAlert: Excel.DataValidationErrorAlert;
  prompt: Excel.DataValidationPrompt | null;
}

function officeRule(sheet: SheetId, col: ColumnDef, rule: ExcelRule): Excel.DataValidationRule | null {
  switch (rule.kind) {
    case 'list':
      return { list: { inCellDropDown: true, source: listSource(sheet, col, rule.values) } };
    case 'whole':
      return { wholeNumber: { formula1: rule.min, formula2: rule.max, operator: 'Between' } };
    case 'decimal': {
      // Percent cells hold fractions: 0–100 % is 0–1 in the cell.
      const scale = col.type === 'percent' ? 100 : 1;
      return { decimal: { formula1: rule.min / scale, formula2: rule.max / scale, operator: 'Between' } };
    }
    case 'date':
      return { date: { formula1: rule.min, formula2: rule.max, operator: 'Between' } };
    case 'ref':
      // The codes of the target sheet live in another room; the pane checks refs as the user types.
      return null;
  }
}

/** The validation of a column, or null when Excel has nothing to check (free text, computed, refs). */
export function columnValidation(sheet: SheetId, col: ColumnDef): ColumnValidation | null {
  const rule = excelRule(col);
  const officeR = rule && officeRule(sheet, col, rule);
  if (!rule || !officeR) return null;
  return {
    rule: officeR,
    errorAlert: { showAlert: true, style: rule.errorStyle === 'stop' ? 'Stop' : 'Warning', title: rule.errorTitle, message: rule.errorMessage },
    prompt: rule.prompt ? { showPrompt: true, title: rule.prompt.title, message: rule.prompt.message } : null,
  };
}
