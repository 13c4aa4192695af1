import type { DataValidation } from 'exceljs';
import { BOOL_LABELS } from '../schema/columns';
import type { ColumnDef } from '../schema/types';
import { LISTS_SHEET, columnLetter } from './layout';

/** Excel refuses inline list rules longer than 255 characters and splits them on commas. */
const INLINE_LIST_MAX = 255;

/** One dropdown list kept in the hidden `Liste` sheet (column `column`, values from row 2). */
export interface StoredList {
  name: string;
  values: readonly string[];
  column: number;
}

/** Collects the lists that cannot be inline, so the `Liste` sheet is written once at the end. */
export class ListRegistry {
  readonly lists: StoredList[] = [];
  private readonly byKey = new Map<string, StoredList>();

  /** The range formula of a list, adding it on first use. */
  rangeOf(name: string, values: readonly string[]): string {
    const key = values.join('\u0000');
    let list = this.byKey.get(key);
    if (!list) {
      list = { name, values, column: this.lists.length + 1 };
      this.lists.push(list);
      this.byKey.set(key, list);
    }
    const col = columnLetter(list.column);
    return `${LISTS_SHEET}!$${col}$2:$${col}$${values.length + 1}`;
  }
}

function listFormula(name: string, values: readonly string[], lists: ListRegistry): string {
  const inline = values.join(',');
  const fits = inline.length + 2 <= INLINE_LIST_MAX && !values.some((v) => v.includes(',') || v.includes('"'));
  return fits ? `"${inline}"` : lists.rangeOf(name, values);
}

const NUMBER_LIMIT = 1e15;
const FIRST_DATE = new Date(Date.UTC(1950, 0, 1));
const LAST_DATE = new Date(Date.UTC(2199, 11, 31));

function fmt(n: number): string {
  return n.toLocaleString('it-IT', { maximumFractionDigits: 2 });
}

/** Where a ref column's dropdown comes from, when the caller knows the target's values or range. */
export type RefSource = { values: readonly string[] } | { range: string } | undefined;

/**
 * The Excel data-validation rule of a column, derived from the schema (enum → dropdown, bool → Sì/No,
 * numbers → whole/decimal range, dates → a date). Excel does not stop a paste, so validation in code
 * stays authoritative; this only guides the person typing.
 */
export function columnValidation(col: ColumnDef, lists: ListRegistry, ref?: RefSource): DataValidation | null {
  const common = { allowBlank: true, showErrorMessage: true, showInputMessage: !!col.help, ...(col.help ? { promptTitle: col.label.slice(0, 32), prompt: col.help.slice(0, 255) } : {}) };
  switch (col.type) {
    case 'enum': {
      const values = col.values ?? [];
      if (values.length === 0) return null;
      return { ...common, type: 'list', formulae: [listFormula(col.label, values, lists)], errorStyle: 'stop', errorTitle: 'Valore non ammesso', error: `Scegliere un valore dall'elenco di «${col.label}».`.slice(0, 255) };
    }
    case 'bool':
      return { ...common, type: 'list', formulae: [`"${BOOL_LABELS.true},${BOOL_LABELS.false}"`], errorStyle: 'stop', errorTitle: 'Valore non ammesso', error: 'Scegliere Sì o No.' };
    case 'int':
    case 'year':
    case 'decimal':
    case 'money':
    case 'percent': {
      const whole = col.type === 'int' || col.type === 'year';
      const min = col.min ?? -NUMBER_LIMIT;
      const max = col.max ?? NUMBER_LIMIT;
      const range =
        col.min !== undefined && col.max !== undefined ? `tra ${fmt(col.min)} e ${fmt(col.max)}` : col.min !== undefined ? `maggiore o uguale a ${fmt(col.min)}` : col.max !== undefined ? `minore o uguale a ${fmt(col.max)}` : '';
      return {
        ...common,
        type: whole ? 'whole' : 'decimal',
        operator: 'between',
        formulae: [min, max],
        errorStyle: 'stop',
        errorTitle: 'Numero non valido',
        error: `«${col.label}»: inserire un numero${whole ? ' intero' : ''}${range ? ' ' + range : ''}.`.slice(0, 255),
      };
    }
    case 'date':
      return { ...common, type: 'date', operator: 'between', formulae: [FIRST_DATE, LAST_DATE], errorStyle: 'stop', errorTitle: 'Data non valida', error: `«${col.label}»: inserire una data (GG/MM/AAAA).`.slice(0, 255) };
    case 'ref': {
      if (!ref) return null;
      const formula = 'values' in ref ? (ref.values.length ? listFormula(col.label, ref.values, lists) : null) : ref.range;
      if (!formula) return null;
      // A warning, not a stop: the referenced row may be added later in the same session.
      return { ...common, type: 'list', formulae: [formula], errorStyle: 'warning', errorTitle: 'Riferimento sconosciuto', error: `«${col.label}»: il codice non risulta tra quelli esistenti.`.slice(0, 255) };
    }
    default:
      return null;
  }
}
