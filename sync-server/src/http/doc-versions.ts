import type * as Y from 'yjs';

/**
 * A version for each live document, for caching results per content (issue 14 item 10): an id per
 * document object (a room unloaded and loaded again is a new object) and a count of its updates since
 * first seen. A state vector would miss deletions, which do not move it.
 */
const versions = new WeakMap<Y.Doc, { id: number; n: number }>();
let nextId = 1;

export function docVersion(doc: Y.Doc): string {
  let v = versions.get(doc);
  if (!v) {
    const entry = { id: nextId++, n: 0 };
    doc.on('update', () => entry.n++);
    versions.set(doc, entry);
    v = entry;
  }
  return `${v.id}.${v.n}`;
}
