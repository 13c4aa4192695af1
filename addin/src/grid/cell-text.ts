import { BOOL_LABELS } from '@piao/shared/schema/index';
import type { ColumnDef } from '@piao/shared/schema/index';
import type { HostValue } from '../excel/sheet-host';
import { formatMoney } from '../i18n/numbers';

/** How a host value is shown in an editor, and what an editor's text is sent back as. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMERIC = new Set(['int', 'year', 'decimal', 'money', 'percent']);

/**
 * The text an editor shows: decimals with a comma, money with € and thousands separators (read back by
 * the same coercion as an Excel cell), booleans as Sì/No, anything else as typed.
 */
export function cellText(col: ColumnDef, value: HostValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? BOOL_LABELS.true : BOOL_LABELS.false;
  if (typeof value === 'number' && col.type === 'money') return formatMoney(value);
  if (typeof value === 'number') return NUMERIC.has(col.type) ? String(value).replace('.', ',') : String(value);
  return value;
}

/** What the grid writes: the text itself (the binder coerces it exactly as it coerces an Excel cell). */
export function cellInput(text: string): HostValue {
  return text.trim() === '' ? null : text;
}

/** A date editor can show the value natively only when it is an ISO date (or empty). */
export function isIsoOrEmpty(value: HostValue): boolean {
  return value === null || (typeof value === 'string' && ISO_DATE.test(value));
}

export function isNumeric(col: ColumnDef): boolean {
  return NUMERIC.has(col.type);
}
