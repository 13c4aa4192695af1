import * as Y from 'yjs';
import type { RoomState } from '../storage/types';

/** Longest stretch of records applied without letting other work run (health, other rooms, sockets). */
const SLICE_MS = 15;

/**
 * A room's document built from its stored records in slices: each slice applies records in one
 * transaction (one transaction over many records is what keeps loading linear, storage/merge.ts) until
 * SLICE_MS have passed, then yields a turn of the event loop. A cold room of tens of thousands of
 * records held the loop for seconds in one block, and 100 clients joining 5 cold rooms saw /healthz
 * take 5 s (issue 14 item 10). Throws, with the document destroyed, if a record cannot be applied.
 */
export async function buildRoomDoc(state: RoomState, origin?: unknown): Promise<Y.Doc> {
  const parts = state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
  const doc = new Y.Doc();
  try {
    let i = 0;
    while (i < parts.length) {
      const until = performance.now() + SLICE_MS;
      doc.transact(() => {
        do Y.applyUpdate(doc, parts[i++]!, origin);
        while (i < parts.length && performance.now() < until);
      }, origin);
      if (i < parts.length) await new Promise((resolve) => setImmediate(resolve));
    }
    return doc;
  } catch (err) {
    doc.destroy();
    throw err;
  }
}
