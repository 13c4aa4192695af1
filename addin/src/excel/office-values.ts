import type { CellValue, ColumnDef } from '@piao/shared/schema/index';
import { cellValue, isoToSerial } from '@piao/shared/workbook/cells';
import type { HostValue } from './sheet-host';

/** How document values look in Excel cells, and A1 addresses. */

/** A document value as the cell holds it once written (what `range.values` reads back). */
export function excelValue(col: ColumnDef | null, value: CellValue): HostValue {
  return value === '' ? null : cellValue(col, value, isoToSerial);
}

/**
 * What to put in `range.values`: Excel would take text starting with `=`, `+`, `-` or `@` as a formula
 * and text that looks like a number or a date as one, so such text gets the apostrophe prefix that
 * keeps it text (the apostrophe is not part of the value read back). Empty cells are `''`.
 */
export function toExcelInput(col: ColumnDef | null, value: CellValue): string | number | boolean {
  const v = excelValue(col, value);
  if (v === null) return '';
  if (typeof v === 'string' && /^[=+\-@\d.,]/.test(v)) return `'${v}`;
  return v;
}

/** A raw cell from `range.values`: empty strings are empty cells. */
export function fromExcel(v: unknown): HostValue {
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
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
