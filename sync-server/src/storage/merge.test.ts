import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readSheet, updateRow } from '@piao/shared';
import { applyAll, mergeStored } from './merge';

function history(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const ids: string[] = [];
  for (let i = 0; i < 300; i++) {
    if (i % 3 === 0) ids.push(addRow(doc, 'obiettivi', { codice: `C-${i}`, peso: i % 100 }, 'test'));
    else updateRow(doc, 'obiettivi', ids[i % ids.length]!, { titolo: `t${i}` }, 'test');
    if (i % 17 === 0) applyChanges(doc, [{ kind: 'delete', sheet: 'obiettivi', id: ids[0]! }], 'test');
  }
  return updates;
}

describe('merging stored records', () => {
  it('gives the same document as Y.mergeUpdates, in one transaction', () => {
    const parts = history();
    const viaYjs = new Y.Doc();
    Y.applyUpdate(viaYjs, Y.mergeUpdates(parts));
    const ours = new Y.Doc();
    let transactions = 0;
    ours.on('afterTransaction', () => transactions++);
    applyAll(ours, parts, 'load');
    expect(transactions).toBe(1);
    expect(readSheet(ours, 'obiettivi')).toEqual(readSheet(viaYjs, 'obiettivi'));
    const fromMerged = new Y.Doc();
    Y.applyUpdate(fromMerged, mergeStored(parts));
    expect(readSheet(fromMerged, 'obiettivi')).toEqual(readSheet(viaYjs, 'obiettivi'));
    expect(Y.encodeStateVector(fromMerged)).toEqual(Y.encodeStateVector(viaYjs));
  });

  it('keeps records whose dependencies are missing, so a later record completes them', () => {
    const parts = history();
    const withoutFirst = parts.slice(1);
    const merged = mergeStored(withoutFirst);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, merged);
    Y.applyUpdate(doc, parts[0]!);
    const all = new Y.Doc();
    applyAll(all, parts);
    expect(readSheet(doc, 'obiettivi')).toEqual(readSheet(all, 'obiettivi'));
  });
});
