import * as Y from 'yjs';
import type { SheetDef, SheetId } from '../schema/types';
import { ORDER_KEY } from './order';
import { isCellValue } from './rows';

/**
 * A value in a sheet that is not a cell (text, number, Sì/No): what a foreign Yjs client may have stored
 * before the server refused such content (issue 14 item 11). Reading skips it, so without this list it
 * would simply disappear; validation reports each as CELL_TYPE.
 */
export interface ForeignValue {
  /** `_piano` or the sector id. */
  room: string;
  sheet: SheetId;
  /** The row holding it; for a table entry that is not a row at all, its key (and column null). */
  rowId: string | null;
  column: string | null;
  /** What it is, in Italian ("un testo Yjs (Y.Text)", "il numero NaN"…). */
  kind: string;
}

export function describeForeign(v: unknown): string {
  if (v instanceof Y.Text) return 'un testo Yjs (Y.Text)';
  if (v instanceof Y.Array) return 'un elenco Yjs (Y.Array)';
  if (v instanceof Y.Map) return 'una mappa annidata';
  if (v instanceof Y.AbstractType) return 'un tipo Yjs annidato';
  if (v instanceof Uint8Array) return 'dati binari';
  if (typeof v === 'number') return `il numero ${String(v)}`;
  if (typeof v === 'bigint') return 'un BigInt';
  if (Array.isArray(v)) return 'un elenco';
  if (typeof v === 'object' && v !== null) return 'un oggetto';
  return `un valore di tipo ${typeof v}`;
}

/**
 * The foreign values of one room's document, one level deep only (rows of tables, cells of rows and
 * records): never recursing, so unbounded nesting cannot overflow the stack.
 */
export function foreignValues(doc: Y.Doc, room: string, sheets: readonly SheetDef[]): ForeignValue[] {
  const out: ForeignValue[] = [];
  for (const sheet of sheets) {
    if (!doc.share.has(sheet.id)) continue;
    const map = doc.getMap<unknown>(sheet.id);
    for (const [key, v] of map.entries()) {
      if (sheet.kind === 'record') {
        if (!isCellValue(v)) out.push({ room, sheet: sheet.id, rowId: null, column: key, kind: describeForeign(v) });
        continue;
      }
      if (!(v instanceof Y.Map)) {
        out.push({ room, sheet: sheet.id, rowId: key, column: null, kind: describeForeign(v) });
        continue;
      }
      for (const [column, cell] of (v as Y.Map<unknown>).entries()) {
        if (column !== ORDER_KEY && !isCellValue(cell)) out.push({ room, sheet: sheet.id, rowId: key, column, kind: describeForeign(cell) });
      }
    }
  }
  return out;
}
