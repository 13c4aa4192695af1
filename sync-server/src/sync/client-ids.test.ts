import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStorage } from '../storage/sqlite';
import type { Storage } from '../storage/types';
import { ClientIdRegistry } from './client-ids';

const ROOM = 'casale-monferrato/2022-2024/lavori-pubblici';

/** A document with a fixed client id and a function returning each new edit as an update. */
function writer(id: number) {
  const doc = new Y.Doc();
  doc.clientID = id;
  return {
    doc,
    edit(key: string): Uint8Array {
      const sv = Y.encodeStateVector(doc);
      doc.getMap('m').set(key, key);
      return Y.encodeStateAsUpdate(doc, sv);
    },
  };
}

describe('ClientIdRegistry', () => {
  let dir: string;
  let storage: Storage;
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'piao-ids-'));
    storage = openSqliteStorage(path.join(dir, 'piao.sqlite'));
  };

  it('rebuilds owners from the log, across pages, first writer wins; other rooms with the same prefix are ignored', async () => {
    await open();
    const a = writer(1);
    const records = [];
    for (let i = 0; i < 4500; i++) records.push({ room: ROOM, sub: 'anna', at: i, update: a.edit(`k${i}`) });
    // A later record by someone else under the same id (data written before the rule existed).
    const forged = writer(1);
    Y.applyUpdate(forged.doc, Y.encodeStateAsUpdate(a.doc));
    records.push({ room: ROOM, sub: 'mallory', at: 9999, update: forged.edit('x') });
    records.push({ room: `${ROOM}-bis`, sub: 'bruno', at: 1, update: writer(2).edit('y') });
    await storage.append(records);

    const reg = new ClientIdRegistry(storage);
    await reg.ready(ROOM);
    expect(reg.ownerOf(ROOM, 1)).toBe('anna');
    expect(reg.ownerOf(ROOM, 2)).toBeUndefined();
  });

  it('refuses new structs under a foreign id, allows duplicates of what the room holds, claims fresh ids', async () => {
    await open();
    const reg = new ClientIdRegistry(storage);
    const room = new Y.Doc();
    const a = writer(10);
    const first = a.edit('a1');
    expect(reg.foreignClients(ROOM, first, 'anna', room)).toEqual([]);
    Y.applyUpdate(room, first);
    expect(reg.ownerOf(ROOM, 10)).toBe('anna');

    // Bruno relays Anna's structs the room already holds (a full sync step 2): not a write under her id.
    expect(reg.foreignClients(ROOM, Y.encodeStateAsUpdate(a.doc), 'bruno', room)).toEqual([]);
    // Bruno writes new structs under Anna's id: refused, and his own fresh id in the same update is not claimed.
    const m = writer(10);
    Y.applyUpdate(m.doc, Y.encodeStateAsUpdate(room));
    m.doc.clientID = 10; // Yjs gives a doc a new id when a remote update uses its own: set it back, as an attacker would
    const b = writer(20);
    const mixed = Y.mergeUpdates([m.edit('falso'), b.edit('b1')]);
    expect(reg.foreignClients(ROOM, mixed, 'bruno', room)).toEqual([10]);
    expect(reg.ownerOf(ROOM, 20)).toBeUndefined();
    // Anna continues under her own id.
    expect(reg.foreignClients(ROOM, a.edit('a2'), 'anna', room)).toEqual([]);
  });

  it('reads a room\'s log once per process; re-reads after the last seq only on a store others append to (subscribe)', async () => {
    await open();
    await storage.append([{ room: ROOM, sub: 'anna', at: 1, update: writer(1).edit('a') }]);
    const reads: Array<number | undefined> = [];
    const counting = { history: (q?: Parameters<Storage['history']>[0]) => (reads.push(q?.sinceSeq), storage.history(q)) };
    const single = new ClientIdRegistry(counting);
    await Promise.all([single.ready(ROOM), single.ready(ROOM)]);
    await single.ready(ROOM);
    await single.ready(ROOM);
    expect(reads).toEqual([0]);
    expect(single.ownerOf(ROOM, 1)).toBe('anna');

    // Another instance on the same PostgreSQL appends: the next connection's ready must learn it.
    reads.length = 0;
    const shared = new ClientIdRegistry({ ...counting, subscribe: async () => async () => {} });
    await shared.ready(ROOM);
    await storage.append([{ room: ROOM, sub: 'bruno', at: 2, update: writer(2).edit('b') }]);
    await shared.ready(ROOM);
    expect(reads).toEqual([0, 1]);
    expect(shared.ownerOf(ROOM, 2)).toBe('bruno');
  });
});
