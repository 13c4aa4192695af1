import { BOOL_LABELS } from './columns';
import type { ColumnDef, SheetId } from './types';

/*
 * The Excel data-validation rule of a column, said once and in no library's terms. The workbook export
 * (exceljs) and the add-in (Office.js) only map it to their own shape, so a dropdown, a bound or an
 * Italian message cannot differ between a downloaded workbook and the one the add-in binds.
 */

/** Excel keeps at most 255 characters of an error or input message, and of an inline list. */
const MESSAGE_MAX = 255;
const INLINE_LIST_MAX = 255;
/** …and at most 32 of an input-message title. */
const TITLE_MAX = 32;
/** Bounds of a number column without its own: Excel's number rules need both ends. */
const NUMBER_LIMIT = 1e15;
/** Bounds of every date rule: wide enough for any plan, narrow enough to catch a typed year of `23`. */
const FIRST_DATE = '1950-01-01';
const LAST_DATE = '2199-12-31';

/** Messages Excel shows: on a refused value, and (optionally) while the cell is selected. */
export interface ExcelRuleMessages {
  /** `stop` refuses the value; `warning` lets the person keep it after the message. */
  readonly errorStyle: 'stop' | 'warning';
  readonly errorTitle: string;
  readonly errorMessage: string;
  readonly prompt?: { readonly title: string; readonly message: string };
}

/** What Excel checks: a dropdown, an inclusive number range, a date range, or the codes of a ref's target. */
export type ExcelCheck =
  | { readonly kind: 'list'; readonly values: readonly string[] }
  | { readonly kind: 'whole' | 'decimal'; readonly min: number; readonly max: number }
  /** ISO `YYYY-MM-DD` bounds. */
  | { readonly kind: 'date'; readonly min: string; readonly max: string }
  /** The values live in another sheet's column; only the caller knows them (or their range). */
  | { readonly kind: 'ref'; readonly target: { readonly sheet: SheetId; readonly column: string } };

export type ExcelRule = ExcelCheck & ExcelRuleMessages;

function formatNumber(n: number): string {
  return n.toLocaleString('it-IT', { maximumFractionDigits: 2 });
}

function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` tra ${formatNumber(min)} e ${formatNumber(max)}`;
  if (min !== undefined) return ` maggiore o uguale a ${formatNumber(min)}`;
  if (max !== undefined) return ` minore o uguale a ${formatNumber(max)}`;
  return '';
}

/**
 * The data-validation rule of a column, or null when Excel has nothing to check (free text, e-mail,
 * URL, computed columns, an enum without values, a ref without target). Excel does not stop a paste,
 * so validation in code stays authoritative; this only guides the person typing.
 */
export function excelRule(col: ColumnDef): ExcelRule | null {
  if (col.computed) return null;
  const prompt = col.help ? { prompt: { title: col.label.slice(0, TITLE_MAX), message: col.help.slice(0, MESSAGE_MAX) } } : {};
  const stop = (errorTitle: string, message: string) => ({ errorStyle: 'stop' as const, errorTitle, errorMessage: message.slice(0, MESSAGE_MAX), ...prompt });
  switch (col.type) {
    case 'enum': {
      const values = col.values ?? [];
      if (values.length === 0) return null;
      return { kind: 'list', values, ...stop('Valore non ammesso', `Scegliere un valore dall'elenco di «${col.label}».`) };
    }
    case 'bool':
      return { kind: 'list', values: [BOOL_LABELS.true, BOOL_LABELS.false], ...stop('Valore non ammesso', `Scegliere ${BOOL_LABELS.true} o ${BOOL_LABELS.false}.`) };
    case 'int':
    case 'year':
    case 'decimal':
    case 'money':
    case 'percent': {
      const whole = col.type === 'int' || col.type === 'year';
      return {
        kind: whole ? 'whole' : 'decimal',
        min: col.min ?? -NUMBER_LIMIT,
        max: col.max ?? NUMBER_LIMIT,
        ...stop('Numero non valido', `«${col.label}»: inserire un numero${whole ? ' intero' : ''}${rangeWords(col.min, col.max)}.`),
      };
    }
    case 'date':
      return { kind: 'date', min: FIRST_DATE, max: LAST_DATE, ...stop('Data non valida', `«${col.label}»: inserire una data (GG/MM/AAAA).`) };
    case 'ref':
      if (!col.ref) return null;
      // A warning, not a stop: the referenced row may be added later in the same session.
      return {
        kind: 'ref',
        target: col.ref,
        ...stop('Riferimento sconosciuto', `«${col.label}»: il codice non risulta tra quelli esistenti.`),
        errorStyle: 'warning',
      };
    default:
      return null;
  }
}

/**
 * Whether a dropdown can be written inline (`"a,b,c"`): Excel splits inline lists on commas, has no
 * escape for quotes and keeps at most 255 characters, quotes included. Other lists go in a hidden sheet.
 */
export function fitsInlineList(values: readonly string[]): boolean {
  return values.join(',').length + 2 <= INLINE_LIST_MAX && !values.some((v) => v.includes(',') || v.includes('"'));
}
