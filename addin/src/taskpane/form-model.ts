import type * as Y from 'yjs';
import type { CellValue, ColumnDef, PlanSettings, RowValues, SheetDef } from '@piao/shared/schema/types';
import { getSheet } from '@piao/shared/schema/index';
import { readSheet, type RowChange, type SheetRow } from '@piao/shared/doc/rows';
import { coerceCell, type Coerced } from '@piao/shared/validate/coerce';
import { textTooLong } from '../i18n/cell-limit';
import { formatMoney } from '../i18n/numbers';

/** How the form edits a column: a dropdown for closed lists (enum, Sì/No, references), else a text box. */
export type FieldKind = 'choice' | 'longtext' | 'date' | 'number' | 'text' | 'computed';

const NUMERIC = new Set(['int', 'decimal', 'money', 'percent', 'year']);

export function fieldKind(col: ColumnDef): FieldKind {
  if (col.computed) return 'computed';
  if (col.type === 'enum' || col.type === 'bool' || col.type === 'ref') return 'choice';
  if (col.type === 'longtext') return 'longtext';
  if (col.type === 'date') return 'date';
  if (NUMERIC.has(col.type)) return 'number';
  return 'text';
}

/**
 * Whether the form marks the field as required: required to store, or required by the norms to approve
 * the plan (`requiredToApprove`: a draft may leave it empty, validation reports CELL_REQUIRED). Marking
 * only; the form never refuses to store an empty value.
 */
export function isRequired(col: ColumnDef, row: RowValues, settings: PlanSettings): boolean {
  if (typeof col.required === 'function' ? col.required(row, settings) : col.required) return true;
  const approve = col.requiredToApprove;
  return typeof approve === 'function' ? approve(row) : approve === true;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * A document value as the form's text box shows it: decimals with the Italian comma, money with € and
 * thousands separators, dates as GG/MM/AAAA (typed the same way: never month first), booleans as Sì/No.
 */
export function displayValue(col: ColumnDef, value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Sì' : 'No';
  if (typeof value === 'number') {
    if (col.type === 'money') return formatMoney(value);
    return NUMERIC.has(col.type) ? String(value).replace('.', ',') : String(value);
  }
  const d = col.type === 'date' ? ISO_DATE.exec(value) : null;
  return d ? `${d[3]}/${d[2]}/${d[1]}` : value;
}

/** The values a reference column may take: the keys present in the referenced sheet, in row order. */
export function refOptions(col: ColumnDef, planDoc: Y.Doc | undefined, roomDoc: Y.Doc | undefined): string[] {
  if (!col.ref) return [];
  const target = getSheet(col.ref.sheet);
  const doc = target.scope === 'plan' ? planDoc : roomDoc;
  if (!doc || target.kind !== 'table') return [];
  const out: string[] = [];
  for (const row of readSheet(doc, col.ref.sheet)) {
    const v = row.values[col.ref.column];
    if (typeof v === 'string' && v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/** Options of a dropdown field (the stored value, even if no longer allowed, stays selectable). */
export function choiceOptions(col: ColumnDef, current: CellValue | undefined, refs: readonly string[]): string[] {
  const base = col.type === 'bool' ? ['Sì', 'No'] : col.type === 'ref' ? [...refs] : [...(col.values ?? [])];
  const shown = displayValue(col, current);
  if (shown !== '' && !base.includes(shown)) base.push(shown);
  return base;
}

/** Converts what the user typed or chose into the document value, with the schema's coercion. */
export function commitValue(col: ColumnDef, raw: string): Coerced {
  if (col.computed) return { ok: false, error: 'colonna calcolata' };
  // References are checked by validation (the target may be typed before it exists): store the text.
  if (col.type === 'ref') return { ok: true, value: raw.trim() === '' ? null : raw.trim() };
  const tooLong = col.type === 'text' || col.type === 'longtext' ? textTooLong(raw) : null;
  if (tooLong) return { ok: false, error: tooLong };
  // Money typed Italian-style without decimals ("1.500"): the dots group thousands.
  if (col.type === 'money' && /^\s*-?\d{1,3}(\.\d{3})+\s*€?\s*$/.test(raw)) return coerceCell(col, raw.replace(/\./g, ''));
  return coerceCell(col, raw);
}

/** The change that writes one field: a cell of a table row, or of a one-record sheet. */
export function fieldChange(sheet: SheetDef, rowId: string | null, column: string, value: CellValue): RowChange {
  if (sheet.kind === 'record') return { kind: 'record', sheet: sheet.id, values: { [column]: value } };
  if (!rowId) throw new Error('Nessuna riga selezionata');
  return { kind: 'update', sheet: sheet.id, id: rowId, values: { [column]: value } };
}

/** A short label for a row in the row picker: its first two filled text columns. */
export function rowLabel(sheet: SheetDef, row: SheetRow, index: number): string {
  const parts: string[] = [];
  for (const c of sheet.columns) {
    if (parts.length === 2) break;
    if (c.computed || c.type === 'longtext') continue;
    const v = row.values[c.id];
    if (v !== null && v !== undefined && v !== '') parts.push(displayValue(c, v));
  }
  const text = parts.join(' — ');
  return `${index + 1}. ${text.length > 60 ? `${text.slice(0, 59)}…` : text}`;
}
