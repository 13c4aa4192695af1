import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { CellValue, RowValues } from '@piao/shared/schema/types';
import { schemaLabel, type Locale } from '../i18n';
import { displayValue } from './form-model';

/** A column's label in the pane's language (the id itself for a column the schema does not know). */
export function columnLabel(sheet: string, column: string, locale: Locale): string {
  const col = isSheetId(sheet) ? getSheet(sheet).columns.find((c) => c.id === column) : undefined;
  return col ? schemaLabel(col, locale) : column;
}

export function sheetLabel(sheet: string, locale: Locale): string {
  return isSheetId(sheet) ? schemaLabel(getSheet(sheet), locale) : sheet;
}

/** A value as the form shows it, shortened for a one-line notice. */
export function valueText(sheet: string, column: string, value: CellValue | undefined, max = 80): string {
  const col = isSheetId(sheet) ? getSheet(sheet).columns.find((c) => c.id === column) : undefined;
  const text = col ? displayValue(col, value) : value === null || value === undefined ? '' : String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A row named by its key (codice, or the first filled text column), for notices about a row that may be gone. */
export function rowName(sheet: string, values: RowValues): string {
  if (!isSheetId(sheet)) return '';
  for (const c of getSheet(sheet).columns) {
    if (c.computed || c.type === 'longtext') continue;
    const v = values[c.id];
    if (v !== null && v !== undefined && v !== '') return valueText(sheet, c.id, v, 40);
  }
  return '';
}

/** "Marco Bellini", "Marco Bellini e Elena Conti", "A, B e C"; the fallback when nobody is known. */
export function joinNames(names: readonly string[], fallback: string, and = 'e'): string {
  if (names.length === 0) return fallback;
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}
