import type { CellChange, HistoryItem } from '@piao/shared/doc/history';
import { parseRoom } from '@piao/shared/doc/rooms';
import type { CellValue, RowValues } from '@piao/shared/schema/types';

/** One line of the history list: what happened to one cell, or to a whole row. */
export type HistoryLine =
  | { kind: 'change' | 'set' | 'cleared'; sheet: string; rowId: string | null; column: string; value: CellValue; previous: CellValue }
  | { kind: 'deleted'; sheet: string; rowId: string; previousRow: RowValues };

export function lineOf(c: CellChange): HistoryLine | null {
  if (c.deleted) return c.rowId ? { kind: 'deleted', sheet: c.sheet, rowId: c.rowId, previousRow: c.previousRow ?? {} } : null;
  if (c.column === null) return null;
  const previous = c.previous ?? null;
  const kind = c.value === null ? 'cleared' : previous === null ? 'set' : 'change';
  return { kind, sheet: c.sheet, rowId: c.rowId, column: c.column, value: c.value, previous };
}

/** The lines of an entry, with a cap: an import of a whole sheet is summarised, not listed cell by cell. */
export function linesOf(item: HistoryItem, max = 12): { lines: HistoryLine[]; hidden: number } {
  const all = item.cells.map(lineOf).filter((l): l is HistoryLine => l !== null);
  return { lines: all.slice(0, max), hidden: Math.max(0, all.length - max) };
}

/** The sector id (or `_piano`) of a full room name. */
export function roomId(room: string): string {
  return parseRoom(room)?.room ?? room;
}
