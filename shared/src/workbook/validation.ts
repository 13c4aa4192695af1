import type { DataValidation } from 'exceljs';
import { type ExcelRule, excelRule, fitsInlineList } from '../schema/data-validation';
import type { ColumnDef } from '../schema/types';
import { isoToDate } from './cells';
import { LISTS_SHEET, columnLetter } from './layout';

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
  return fitsInlineList(values) ? `"${values.join(',')}"` : lists.rangeOf(name, values);
}

/** Where a ref column's dropdown comes from, when the caller knows the target's values or range. */
export type RefSource = { values: readonly string[] } | { range: string } | undefined;

function refFormula(name: string, ref: RefSource, lists: ListRegistry): string | null {
  if (!ref) return null;
  if ('range' in ref) return ref.range;
  return ref.values.length ? listFormula(name, ref.values, lists) : null;
}

function messages(rule: ExcelRule) {
  return {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: rule.errorStyle,
    errorTitle: rule.errorTitle,
    error: rule.errorMessage,
    showInputMessage: !!rule.prompt,
    ...(rule.prompt ? { promptTitle: rule.prompt.title, prompt: rule.prompt.message } : {}),
  };
}

/**
 * The exceljs data validation of a column: the schema's `excelRule` with lists inline when they fit,
 * else in the `Liste` sheet. A ref column gets a dropdown only when the caller passes its source.
 */
export function columnValidation(col: ColumnDef, lists: ListRegistry, ref?: RefSource): DataValidation | null {
  const rule = excelRule(col);
  if (!rule) return null;
  switch (rule.kind) {
    case 'list':
      return { ...messages(rule), type: 'list', formulae: [listFormula(col.label, rule.values, lists)] };
    case 'whole':
    case 'decimal':
      return { ...messages(rule), type: rule.kind, operator: 'between', formulae: [rule.min, rule.max] };
    case 'date':
      return { ...messages(rule), type: 'date', operator: 'between', formulae: [isoToDate(rule.min), isoToDate(rule.max)] };
    case 'ref': {
      const formula = refFormula(col.label, ref, lists);
      return formula ? { ...messages(rule), type: 'list', formulae: [formula] } : null;
    }
  }
}
