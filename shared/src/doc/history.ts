import type { CellValue, RowValues } from '../schema/types';

/**
 * The contract of `GET /api/plans/<ente>/<triennio>/history`, shared by the server that answers it and
 * the pane that shows it.
 */

/** One cell an update changed. A deleted row is one entry with `deleted: true` and null column. */
export interface CellChange {
  sheet: string;
  /** Null for one-record sheets (ente, capacita_assunzionale, impostazioni). */
  rowId: string | null;
  column: string | null;
  /** The new value; null when the cell was cleared or the row deleted. */
  value: CellValue;
  /** The value before this update; absent when the cell was empty (or the row new). */
  previous?: CellValue;
  /** For a deleted row: its values just before the deletion, so it can be re-created. */
  previousRow?: RowValues;
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

/** The answer of the history API: one page of entries; `next` is the cursor of the following page. */
export interface HistoryPage {
  entries: HistoryItem[];
  next: number | null;
}
