import * as Y from 'yjs';

/**
 * Applies stored records to a document in ONE transaction. `Y.mergeUpdates` over tens of thousands of
 * small records is super-linear (a room with 50,000 uncompacted records took ~2 minutes to load, see
 * bench/RESULTS.md §2); integrating them into a document in one transaction takes under a second.
 */
export function applyAll(doc: Y.Doc, parts: readonly Uint8Array[], origin?: unknown): void {
  if (parts.length === 0) return;
  if (parts.length === 1) {
    Y.applyUpdate(doc, parts[0]!, origin);
    return;
  }
  doc.transact(() => {
    for (const p of parts) Y.applyUpdate(doc, p, origin);
  }, origin);
}

/** One update equivalent to all the records (pending structs included), built through a document. */
export function mergeStored(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const doc = new Y.Doc();
  applyAll(doc, parts);
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}
