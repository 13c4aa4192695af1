import { BOOL_LABELS } from '@piao/shared/schema/index';
import type { ColumnDef } from '@piao/shared/schema/index';
import type { HostValue } from '../excel/sheet-host';
import { formatMoney } from '../i18n/numbers';

/** How a host value is shown in an editor, and what an editor's text is sent back as. */

const ISO_DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMERIC = new Set(['int', 'year', 'decimal', 'money', 'percent']);

/**
 * The text an editor shows: decimals with a comma, money with € and thousands separators, dates as
 * GG/MM/AAAA (all read back by the same coercion as an Excel cell), booleans as Sì/No, anything else as typed.
 */
export function cellText(col: ColumnDef, value: HostValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? BOOL_LABELS.true : BOOL_LABELS.false;
  if (typeof value === 'number' && col.type === 'money') return formatMoney(value);
  const iso = col.type === 'date' && typeof value === 'string' ? ISO_DATE_PARTS.exec(value) : null;
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  if (typeof value === 'number') return NUMERIC.has(col.type) ? String(value).replace('.', ',') : String(value);
  return value;
}

/** What the grid writes: the text itself (the binder coerces it exactly as it coerces an Excel cell). */
export function cellInput(text: string): HostValue {
  return text.trim() === '' ? null : text;
}

export function isNumeric(col: ColumnDef): boolean {
  return NUMERIC.has(col.type);
}
