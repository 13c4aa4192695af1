import * as Y from 'yjs';
import { ORDER_KEY, SHEETS, isCellValue, type CellValue, type RowValues, type SheetDef } from '@piao/shared';
import type { CellChange, HistoryItem } from '@piao/shared/doc/history';
import type { HistoryEntry } from '../context';

/** Reads the audit records after a seq, oldest first (a plan's rooms, from the store). */
export type HistorySource = (sinceSeq: number) => Promise<HistoryEntry[]>;

/** What one room's replay needs between two records: the scratch document and the last values seen. */
interface RoomReplay {
  doc: Y.Doc;
  /** `sheet\0rowId` (rowId '' for one-record sheets) → the row's cells as they stand after the last record. */
  rows: Map<string, RowValues>;
  /** Cells of the record being decoded, filled by the observers. */
  current: CellChange[];
}

const rowKey = (sheet: string, rowId: string | null) => `${sheet}\u0000${rowId ?? ''}`;

function changeOf(r: RoomReplay, sheet: string, rowId: string | null, column: string, value: CellValue): CellChange {
  const key = rowKey(sheet, rowId);
  let row = r.rows.get(key);
  if (!row) r.rows.set(key, (row = {}));
  const previous = row[column];
  if (value === null) delete row[column];
  else row[column] = value;
  const out: CellChange = { sheet, rowId, column, value };
  if (previous !== undefined && previous !== null) out.previous = previous;
  return out;
}

function observeSheet(r: RoomReplay, def: SheetDef): void {
  const map = r.doc.getMap<unknown>(def.id);
  map.observeDeep((events) => {
    for (const event of events) {
      if (event.target === map) {
        for (const [key, change] of event.changes.keys) {
          if (def.kind === 'record') {
            if (key === ORDER_KEY) continue;
            const value = change.action === 'delete' ? null : map.get(key);
            if (isCellValue(value)) r.current.push(changeOf(r, def.id, null, key, value));
          } else if (change.action === 'delete') {
            const k = rowKey(def.id, key);
            const previousRow = r.rows.get(k) ?? {};
            r.rows.delete(k);
            r.current.push({ sheet: def.id, rowId: key, column: null, value: null, previousRow, deleted: true });
          } else {
            const row = map.get(key);
            if (!(row instanceof Y.Map)) continue;
            // A row (re)created by this record: whatever was known under its id is replaced.
            r.rows.delete(rowKey(def.id, key));
            for (const [column, value] of row.entries()) {
              if (column !== ORDER_KEY && isCellValue(value)) r.current.push(changeOf(r, def.id, key, column, value));
            }
          }
        }
      } else if (def.kind === 'table' && event.path.length === 1 && event.target instanceof Y.Map) {
        // Rows created in the same update are reported whole above; this is an edit of an existing row.
        const rowId = String(event.path[0]);
        const row = event.target as Y.Map<unknown>;
        for (const [column, change] of event.changes.keys) {
          if (column === ORDER_KEY) continue;
          const value = change.action === 'delete' ? null : row.get(column);
          if (isCellValue(value)) r.current.push(changeOf(r, def.id, rowId, column, value));
        }
      }
    }
  });
}

function newReplay(): RoomReplay {
  const r: RoomReplay = { doc: new Y.Doc({ gc: true }), rows: new Map(), current: [] };
  for (const def of SHEETS) observeSheet(r, def);
  return r;
}

/**
 * The described history of one plan, built incrementally: each call reads only the records stored after
 * the last one it decoded, replays them on per-room scratch documents kept between calls, and appends
 * their descriptions. A second request therefore costs the new records only (the log used to be replayed
 * from its start on every request). Memory: one scratch document per room plus the described entries.
 */
export class HistoryIndex {
  private readonly replays = new Map<string, RoomReplay>();
  private readonly items: HistoryItem[] = [];
  private lastSeq = 0;
  private pending: Promise<void> = Promise.resolve();
  /** Records decoded so far (tests assert that a second request does not decode old ones again). */
  decoded = 0;

  constructor(private readonly source: HistorySource) {}

  /** Every described entry of the plan up to the latest stored record, oldest first. */
  async all(): Promise<readonly HistoryItem[]> {
    // One catch-up at a time: two concurrent requests must not decode the same records twice.
    const run = this.pending.then(() => this.catchUp());
    this.pending = run.catch(() => undefined);
    await run;
    return this.items;
  }

  private async catchUp(): Promise<void> {
    const fresh = await this.source(this.lastSeq);
    for (const e of fresh) this.add(e);
  }

  /** Decodes one record; records must arrive in seq order, each room's from its first. */
  add(e: HistoryEntry): HistoryItem {
    let r = this.replays.get(e.room);
    if (!r) this.replays.set(e.room, (r = newReplay()));
    r.current = [];
    try {
      Y.applyUpdate(r.doc, e.update);
    } catch {
      // A corrupt record must not hide the rest of the audit trail; it is listed with no cells.
      r.current = [];
    }
    this.decoded++;
    this.lastSeq = Math.max(this.lastSeq, e.seq);
    const item: HistoryItem = { seq: e.seq, room: e.room, sub: e.sub, at: new Date(e.at).toISOString(), cells: r.current };
    r.current = [];
    this.items.push(item);
    return item;
  }

  destroy(): void {
    for (const r of this.replays.values()) r.doc.destroy();
    this.replays.clear();
  }
}

/** Describes a complete log at once (each room's records from its first), e.g. for the CLI and tests. */
export function describeHistory(entries: readonly HistoryEntry[]): HistoryItem[] {
  const index = new HistoryIndex(async () => []);
  const out = entries.map((e) => index.add(e));
  index.destroy();
  return out;
}
