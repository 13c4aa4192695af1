/**
 * Section 5: document size. Yjs bytes per row, v1 and v2 encodings of the document's state, against
 * the same rows as JSON — for rows just typed and after a realistic editing history — plus what the
 * durable log stores for that history (every update, and the compacted snapshot).
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
  /** Y.mergeUpdates of the history (the snapshot compaction writes); null when not computed. */
  mergedBytes: number | null;
}

function measure(what: string, rows: number, updates: number, merge: boolean): DocSizeCase {
  const h = buildHistory({ rows, updates });
  const json = rowsAsJson(h.doc);
  // Merging many records is superlinear in Yjs: done 5,000 at a time, then the results (same bytes).
  let mergedBytes: number | null = null;
  if (merge) {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < h.updates.length; i += 5_000) parts.push(Y.mergeUpdates(h.updates.slice(i, i + 5_000)));
    mergedBytes = Y.mergeUpdates(parts).byteLength;
  }
  return {
    what,
    rows: h.rows,
    updates: h.updates.length,
    jsonBytes: Buffer.byteLength(json),
    v1Bytes: Y.encodeStateAsUpdate(h.doc).byteLength,
    v2Bytes: Y.encodeStateAsUpdateV2(h.doc).byteLength,
    logBytes: h.updates.reduce((n, u) => n + u.byteLength, 0),
    mergedBytes,
  };
}

export function runDocSize(opts: { rows: number; updatesPerRow: number }): DocSizeCase[] {
  const { rows } = opts;
  return [
    measure('righe appena inserite (una transazione per riga)', rows, rows, true),
    measure(`dopo una storia di modifiche (${opts.updatesPerRow} aggiornamenti per riga)`, rows, rows * opts.updatesPerRow, true),
    measure(`foglio piccolo, stessa storia (${opts.updatesPerRow} aggiornamenti per riga)`, Math.round(rows / 10), Math.round(rows / 10) * opts.updatesPerRow, true),
  ];
}
