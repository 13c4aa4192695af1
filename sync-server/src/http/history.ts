import * as Y from 'yjs';
import { ORDER_KEY, SHEETS, isCellValue, type CellValue, type SheetDef } from '@piao/shared';
import type { HistoryEntry } from '../context';

/** One cell an update changed. A deleted row is one entry with `deleted: true` and null column. */
export interface CellChange {
  sheet: string;
  /** Null for one-record sheets (ente, capacita_assunzionale, impostazioni). */
  rowId: string | null;
  column: string | null;
  /** The new value; null when the cell was cleared or the row deleted. */
  value: CellValue;
  deleted?: true;
}

/** An audit entry as the API answers it: who changed which cells of which room, and when. */
export interface HistoryItem {
  seq: number;
  room: string;
  sub: string;
  /** ISO 8601. */
  at: string;
  cells: CellChange[];
}

function cellsOfRow(sheet: string, rowId: string, row: Y.Map<unknown>, out: CellChange[]): void {
  for (const [column, value] of row.entries()) {
    if (column !== ORDER_KEY && isCellValue(value)) out.push({ sheet, rowId, column, value });
  }
}

function observeSheet(doc: Y.Doc, def: SheetDef, sink: () => CellChange[]): void {
  const map = doc.getMap<unknown>(def.id);
  map.observeDeep((events) => {
    const out = sink();
    for (const event of events) {
      if (event.target === map) {
        for (const [key, change] of event.changes.keys) {
          if (def.kind === 'record') {
            if (key === ORDER_KEY) continue;
            const value = change.action === 'delete' ? null : map.get(key);
            if (isCellValue(value)) out.push({ sheet: def.id, rowId: null, column: key, value });
          } else if (change.action === 'delete') {
            out.push({ sheet: def.id, rowId: key, column: null, value: null, deleted: true });
          } else {
            const row = map.get(key);
            if (row instanceof Y.Map) cellsOfRow(def.id, key, row, out);
          }
        }
      } else if (def.kind === 'table' && event.path.length === 1 && event.target instanceof Y.Map) {
        // Rows created in the same update are reported whole above; this is an edit of an existing row.
        const rowId = String(event.path[0]);
        const row = event.target as Y.Map<unknown>;
        for (const [column, change] of event.changes.keys) {
          if (column === ORDER_KEY) continue;
          const value = change.action === 'delete' ? null : row.get(column);
          if (isCellValue(value)) out.push({ sheet: def.id, rowId, column, value });
        }
      }
    }
  });
}

/**
 * Says which cells each stored update changed, by replaying every room's updates in order on a scratch
 * document and recording what each one did to the sheets. The entries must start at the beginning of
 * each room's log: an update only makes sense on top of the ones before it.
 */
export function describeHistory(entries: readonly HistoryEntry[]): HistoryItem[] {
  const rooms = new Map<string, Y.Doc>();
  let current: CellChange[] = [];
  const sink = () => current;
  const out: HistoryItem[] = [];
  for (const e of entries) {
    let doc = rooms.get(e.room);
    if (!doc) {
      doc = new Y.Doc();
      for (const def of SHEETS) observeSheet(doc, def, sink);
      rooms.set(e.room, doc);
    }
    current = [];
    try {
      Y.applyUpdate(doc, e.update);
    } catch {
      // A corrupt record must not hide the rest of the audit trail; it is listed with no cells.
      current = [];
    }
    out.push({ seq: e.seq, room: e.room, sub: e.sub, at: new Date(e.at).toISOString(), cells: current });
  }
  for (const doc of rooms.values()) doc.destroy();
  return out;
}
