import { BOOL_LABELS, NUM_FMT, SHEETS } from '@piao/shared/schema/index';
import type { ColumnDef, SheetId } from '@piao/shared/schema/index';
import { columnLetter } from './office-values';

/**
 * Excel data validation and number formats from the schema. Validation guides the person typing
 * (dropdowns, number and date checks); it does not stop a paste, so coercion in code stays authoritative.
 */

/** Hidden worksheet holding dropdown lists that cannot be written inline. */
export const LIST_SHEET = 'PIAO_elenchi';

const INLINE_MAX = 255;
const NUMBER_LIMIT = 1e15;

function needsStoredList(values: readonly string[]): boolean {
  return values.join(',').length > INLINE_MAX || values.some((v) => v.includes(',') || v.includes('"'));
}

/** Every list that must live in the hidden sheet gets a fixed column, the same in every workbook. */
const LIST_SLOTS: ReadonlyMap<string, number> = new Map(
  SHEETS.flatMap((s) => s.columns.filter((c) => c.type === 'enum' && needsStoredList(c.values ?? [])).map((c) => `${s.id}.${c.id}`)).map((k, i) => [k, i]),
);

/** The hidden-sheet column (0-based) of a stored list, or null for lists written inline. */
export function listSlot(sheet: SheetId, col: ColumnDef): number | null {
  return LIST_SLOTS.get(`${sheet}.${col.id}`) ?? null;
}

function listSource(sheet: SheetId, col: ColumnDef): string | null {
  const values = col.values ?? [];
  if (values.length === 0) return null;
  const slot = listSlot(sheet, col);
  if (slot === null) return values.join(',');
  const letter = columnLetter(slot);
  return `=${LIST_SHEET}!$${letter}$1:$${letter}$${values.length}`;
}

function fmt(n: number): string {
  return n.toLocaleString('it-IT', { maximumFractionDigits: 2 });
}

/** The number format of a column: the schema's, or text for text-like columns (so `04.02` stays a code). */
export function excelNumberFormat(col: ColumnDef): string {
  if (col.numFmt) return col.numFmt;
  if (col.type === 'text' || col.type === 'longtext' || col.type === 'ref' || col.type === 'email' || col.type === 'url' || col.type === 'enum') return '@';
  return NUM_FMT[col.type] ?? 'General';
}

export interface ColumnValidation {
  rule: Excel.DataValidationRule;
  errorAlert: Excel.DataValidationErrorAlert;
  prompt: Excel.DataValidationPrompt | null;
}

/** The validation of a column, or null when Excel has nothing to check (free text, computed). */
export function columnValidation(sheet: SheetId, col: ColumnDef): ColumnValidation | null {
  if (col.computed) return null;
  const prompt = col.help ? { showPrompt: true, title: col.label.slice(0, 32), message: col.help.slice(0, 255) } : null;
  const alert = (title: string, message: string): Excel.DataValidationErrorAlert => ({ showAlert: true, style: 'Stop', title, message: message.slice(0, 255) });
  switch (col.type) {
    case 'enum': {
      const source = listSource(sheet, col);
      if (!source) return null;
      return { rule: { list: { inCellDropDown: true, source } }, errorAlert: alert('Valore non ammesso', `Scegliere un valore dall'elenco di «${col.label}».`), prompt };
    }
    case 'bool':
      return { rule: { list: { inCellDropDown: true, source: `${BOOL_LABELS.true},${BOOL_LABELS.false}` } }, errorAlert: alert('Valore non ammesso', 'Scegliere Sì o No.'), prompt };
    case 'int':
    case 'year':
    case 'decimal':
    case 'money':
    case 'percent': {
      const whole = col.type === 'int' || col.type === 'year';
      const bounds = { formula1: col.min ?? -NUMBER_LIMIT, formula2: col.max ?? NUMBER_LIMIT, operator: 'Between' as const };
      const range =
        col.min !== undefined && col.max !== undefined
          ? ` tra ${fmt(col.min)} e ${fmt(col.max)}`
          : col.min !== undefined
            ? ` maggiore o uguale a ${fmt(col.min)}`
            : col.max !== undefined
              ? ` minore o uguale a ${fmt(col.max)}`
              : '';
      return {
        rule: whole ? { wholeNumber: bounds } : { decimal: bounds },
        errorAlert: alert('Numero non valido', `«${col.label}»: inserire un numero${whole ? ' intero' : ''}${range}.`),
        prompt,
      };
    }
    case 'date':
      return {
        rule: { date: { formula1: '1950-01-01', formula2: '2199-12-31', operator: 'Between' } },
        errorAlert: alert('Data non valida', `«${col.label}»: inserire una data (GG/MM/AAAA).`),
        prompt,
      };
    default:
      return null;
  }
}
