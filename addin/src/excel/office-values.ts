import type { CellValue, ColumnDef } from '@piao/shared/schema/index';
import { cellValue, isoToSerial } from '@piao/shared/workbook/cells';
import type { HostValue } from './sheet-host';

/**
 * How document values look in Excel cells, and A1 addresses.
 *
 * Percentages: the document holds them as 0–100 (schema `percent`, see shared/src/schema/columns.ts);
 * Excel holds a percentage as a fraction shown with a `%` format ("Format numbers as percentages",
 * support.microsoft.com: typing 50% or, in a cell already formatted as a percentage, 50 stores 0.5).
 * So the cell holds the fraction and the adapter converts on the way in and out: a user typing "50%"
 * stores 50 in the document, not 0.5. Reads are converted by `fromExcelCell`, writes by `toExcelInput`;
 * `excelValue` — what the adapter's reads return — stays in document units.
 */

/** Text-like columns are formatted as Text (`@`), so Excel keeps what is written there as it is. */
const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'longtext', 'ref', 'email', 'url', 'enum']);

/** Whether a column's cells are Text-formatted (`@`): see `excelNumberFormat` in office-validation.ts. */
export function isTextColumn(col: ColumnDef | null): boolean {
  return col !== null && !col.numFmt && TEXT_TYPES.has(col.type);
}

/** Rounds away the binary noise of ×100 / ÷100 (0.275 × 100 = 27.500000000000004). */
function roundScaled(n: number): number {
  return Number(n.toPrecision(12));
}

/** A document value as the adapter's reads return it (document units: 50 for 50 %). */
export function excelValue(col: ColumnDef | null, value: CellValue): HostValue {
  return value === '' ? null : cellValue(col, value, isoToSerial);
}

/**
 * What to put in `range.values`. Percent columns get the fraction. Outside Text-formatted columns,
 * Excel would take text starting with `=`, `+`, `-` or `@` as a formula and text that looks like a number
 * or a date as one, so such text gets the apostrophe prefix that keeps it text (Range.values: "If the
 * … value starts with a plus, minus, or equal sign, Excel interprets this value as a formula"). Text-
 * formatted cells ("Text: … displays the content exactly as you type it, even when you type numbers",
 * support.microsoft.com "Available number formats in Excel") get no apostrophe at all, so whatever Excel
 * does with a quote prefix in a Text cell, none ends up there (issue 8, defect 17). Empty cells are `''`.
 */
export function toExcelInput(col: ColumnDef | null, value: CellValue): string | number | boolean {
  const v = excelValue(col, value);
  if (v === null) return '';
  if (col?.type === 'percent' && typeof v === 'number') return roundScaled(v / 100);
  if (typeof v === 'string' && !isTextColumn(col) && /^[=+\-@\d.,']/.test(v)) return `'${v}`;
  return v;
}

/** A raw cell from `range.values`: empty strings are empty cells. */
export function fromExcel(v: unknown): HostValue {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

/** A raw cell of a known column, in document units (a percent cell's 0.5 is 50). */
export function fromExcelCell(col: ColumnDef | null, v: unknown): HostValue {
  const value = fromExcel(v);
  if (col?.type === 'percent' && typeof value === 'number') return roundScaled(value * 100);
  return value;
}

/** `0` → `A`, `27` → `AB`. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a block given by 0-based indexes; one cell is written `C5`. */
export function a1(row: number, col: number, rows = 1, cols = 1): string {
  const start = `${columnLetter(col)}${row + 1}`;
  return rows === 1 && cols === 1 ? start : `${start}:${columnLetter(col + cols - 1)}${row + rows}`;
}

/** Drops the sheet name and `$`, upper-cases, and writes `C5:C5` as `C5`, so event addresses compare. */
export function normaliseAddress(address: string): string {
  const bang = address.lastIndexOf('!');
  const bare = (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, '').toUpperCase();
  const [from, to] = bare.split(':');
  return to === undefined || to === from ? from! : bare;
}
