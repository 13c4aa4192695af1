/**
 * Section 5: document size. Yjs bytes per row, v1 and v2 encodings of the document's state, against
 * the same rows as JSON — for rows just typed and after a realistic editing history — plus what the
 * durable log stores for that history before compaction (every update; the compacted snapshot is the
 * v1 state).
 */
import * as Y from 'yjs';
import { buildHistory, rowsAsJson } from './history';

export interface DocSizeCase {
  what: string;
  rows: number;
  updates: number;
  jsonBytes: number;
  v1Bytes: number;
  v2Bytes: number;
  /** Sum of every update of the history (the uncompacted log). */
  logBytes: number;
}

function measure(what: string, rows: number, updates: number): DocSizeCase {
  const h = buildHistory({ rows, updates });
  const json = rowsAsJson(h.doc);
  return {
    what,
    rows: h.rows,
    updates: h.updates.length,
    jsonBytes: Buffer.byteLength(json),
    v1Bytes: Y.encodeStateAsUpdate(h.doc).byteLength,
    v2Bytes: Y.encodeStateAsUpdateV2(h.doc).byteLength,
    logBytes: h.updates.reduce((n, u) => n + u.byteLength, 0),
  };
}

export function runDocSize(opts: { rows: number; updatesPerRow: number }): DocSizeCase[] {
  const { rows } = opts;
  return [
    measure('righe appena inserite (una transazione per riga)', rows, rows),
    measure(`dopo una storia di modifiche (${opts.updatesPerRow} aggiornamenti per riga)`, rows, rows * opts.updatesPerRow),
    measure(`foglio piccolo, stessa storia (${opts.updatesPerRow} aggiornamenti per riga)`, Math.round(rows / 10), Math.round(rows / 10) * opts.updatesPerRow),
  ];
}
