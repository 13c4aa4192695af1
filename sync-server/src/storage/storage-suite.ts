import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { AppendNotice, Storage, UpdateRecord } from './types';

/**
 * A store under test. `open` may be called several times: every call returns a new connection to
 * the same data (that is how persistence across restarts is checked).
 */
export interface StorageFixture {
  open(): Promise<Storage>;
  dispose(): Promise<void>;
}

const PLAN = 'casale-monferrato/2022-2024';

/** Yjs updates that build a small map, one per edit, the way a client produces them. */
function edits(n: number, clientId = 1, key = 'k'): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  const map = doc.getMap('obiettivi');
  for (let i = 0; i < n; i++) {
    doc.transact(() => {
      map.set(`${key}${i % 7}`, i);
      if (i % 5 === 4) map.delete(`${key}${(i + 3) % 7}`);
    });
  }
  return { updates, doc };
}

function rec(room: string, update: Uint8Array, sub = 'u1', at = 1_700_000_000_000): UpdateRecord {
  return { room, sub, at, update };
}

async function loadDoc(s: Storage, room: string): Promise<Y.Doc> {
  const st = await s.load(room);
  const doc = new Y.Doc();
  if (st.snapshot) Y.applyUpdate(doc, st.snapshot);
  for (const u of st.updates) Y.applyUpdate(doc, u);
  return doc;
}

function sameDoc(a: Y.Doc, b: Y.Doc): void {
  expect(a.getMap('obiettivi').toJSON()).toEqual(b.getMap('obiettivi').toJSON());
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  // Same content and same deletions: neither side has anything the other lacks.
  expect(Y.snapshotContainsUpdate(Y.snapshot(a), Y.encodeStateAsUpdate(b))).toBe(true);
  expect(Y.snapshotContainsUpdate(Y.snapshot(b), Y.encodeStateAsUpdate(a))).toBe(true);
}

/**
 * The behaviour every `Storage` must have, run against a fixture factory so the same suite can check
 * SQLite now and PostgreSQL later.
 */
export function storageSuite(name: string, makeFixture: () => Promise<StorageFixture>): void {
  describe(`Storage: ${name}`, () => {
    let fx: StorageFixture;
    let s: Storage;
    beforeEach(async () => {
      fx = await makeFixture();
      s = await fx.open();
    });
    afterEach(async () => {
      await s.close();
      await fx.dispose();
    });

    it('appends records in order and rebuilds the document from them', async () => {
      const room = `${PLAN}/lavori-pubblici`;
      const { updates, doc } = edits(20);
      const seqs = await s.append(updates.map((u) => rec(room, u)));
      expect(seqs).toHaveLength(20);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
      const st = await s.load(room);
      expect(st.snapshot).toBeNull();
      expect(st.updates).toHaveLength(20);
      expect(st.lastSeq).toBe(seqs.at(-1));
      sameDoc(await loadDoc(s, room), doc);
    });

    it('keeps rooms apart and loads an unknown room as empty', async () => {
      const a = edits(3, 1, 'a');
      const b = edits(4, 2, 'b');
      await s.append([...a.updates.map((u) => rec(`${PLAN}/a`, u)), ...b.updates.map((u) => rec(`${PLAN}/b`, u))]);
      sameDoc(await loadDoc(s, `${PLAN}/a`), a.doc);
      sameDoc(await loadDoc(s, `${PLAN}/b`), b.doc);
      expect(await s.load(`${PLAN}/nessuno`)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0 });
    });

    it('persists across reopening', async () => {
      const room = `${PLAN}/_piano`;
      const { updates, doc } = edits(10);
      await s.append(updates.map((u) => rec(room, u)));
      await s.close();
      s = await fx.open();
      sameDoc(await loadDoc(s, room), doc);
    });

    it('compacts without changing the document and keeps every audit record', async () => {
      const room = `${PLAN}/lavori-pubblici`;
      const { updates, doc } = edits(40);
      await s.append(updates.slice(0, 30).map((u, i) => rec(room, u, `u${i % 3}`, 1000 + i)));
      const before = await s.history({ roomPrefix: `${PLAN}/` });
      const r = await s.compact(room);
      expect(r.merged).toBe(30);
      const st = await s.load(room);
      expect(st.snapshot).not.toBeNull();
      expect(st.updates).toHaveLength(0);
      expect(st.snapshotSeq).toBe(before.at(-1)!.seq);
      const after = await s.history({ roomPrefix: `${PLAN}/` });
      expect(after).toEqual(before);
      // More records after the snapshot, then a second compaction.
      await s.append(updates.slice(30).map((u) => rec(room, u, 'u9', 5000)));
      expect((await s.load(room)).updates).toHaveLength(10);
      sameDoc(await loadDoc(s, room), doc);
      expect((await s.compact(room)).merged).toBe(10);
      expect((await s.compact(room)).merged).toBe(0);
      sameDoc(await loadDoc(s, room), doc);
      const all = await s.history();
      expect(all).toHaveLength(40);
      expect(all.map((h) => h.sub).slice(30)).toEqual(Array(10).fill('u9'));
      const [info] = await s.rooms(`${PLAN}/`);
      expect(info).toMatchObject({ room, records: 40, pending: 0 });
      expect(info!.bytes).toBe(updates.reduce((n, u) => n + u.byteLength, 0));
    });

    it('answers history by plan, since a seq, with a limit', async () => {
      const u = edits(6).updates;
      await s.append([
        rec(`${PLAN}/a`, u[0]!, 'anna', 1),
        rec(`altro-ente/2022-2024/a`, u[1]!, 'bruno', 2),
        rec(`${PLAN}/_piano`, u[2]!, 'carla', 3),
        rec(`${PLAN}/b`, u[3]!, 'anna', 4),
      ]);
      const h = await s.history({ roomPrefix: `${PLAN}/` });
      expect(h.map((e) => [e.room, e.sub, e.at])).toEqual([
        [`${PLAN}/a`, 'anna', 1],
        [`${PLAN}/_piano`, 'carla', 3],
        [`${PLAN}/b`, 'anna', 4],
      ]);
      expect(h[0]!.update).toEqual(u[0]);
      const since = await s.history({ roomPrefix: `${PLAN}/`, sinceSeq: h[0]!.seq, limit: 1 });
      expect(since.map((e) => e.sub)).toEqual(['carla']);
      expect(await s.history({ roomPrefix: 'nessuno/' })).toEqual([]);
    });

    it('lists plans created explicitly and plans registered by an appended record', async () => {
      await s.createPlan({ ente: 'asti', triennio: '2025-2027' });
      await s.createPlan({ ente: 'asti', triennio: '2025-2027' });
      const planRecord = { ...rec(`${PLAN}/_piano`, edits(1).updates[0]!), registersPlan: { ente: PLAN.split('/')[0]!, triennio: '2022-2024' } };
      // The adapter knows no room names: a `_piano` room without the mark registers nothing.
      await s.append([planRecord, rec('alba/2022-2024/_piano', edits(1).updates[0]!), rec('alba/2022-2024/settore', edits(1).updates[0]!)]);
      expect(await s.listPlans()).toEqual([
        { ente: 'asti', triennio: '2025-2027' },
        { ente: 'casale-monferrato', triennio: '2022-2024' },
      ]);
    });

    it('commits concurrent appends (group commit) without losing or reordering records', async () => {
      const room = `${PLAN}/concorrente`;
      const clients = Array.from({ length: 8 }, (_, i) => edits(25, 100 + i, `c${i}-`));
      // Every client's records go in as many small concurrent batches.
      const calls: Array<Promise<number[]>> = [];
      for (let j = 0; j < 25; j++) for (const c of clients) calls.push(s.append([rec(room, c.updates[j]!, String(c.doc.clientID))]));
      const seqs = (await Promise.all(calls)).flat();
      expect(new Set(seqs).size).toBe(200);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      const doc = await loadDoc(s, room);
      for (const c of clients) {
        expect(Y.snapshotContainsUpdate(Y.snapshot(doc), Y.encodeStateAsUpdate(c.doc))).toBe(true);
      }
      expect((await s.history()).length).toBe(200);
    });

    it('tells another connection which room got records up to which seq, and never itself (optional)', async (ctx) => {
      if (!s.subscribe || !s.loadAfter) return ctx.skip();
      const other = await fx.open();
      try {
        const heard: AppendNotice[] = [];
        const stop = await other.subscribe!((n) => heard.push(n));
        await other.append([rec(`${PLAN}/sua`, edits(1).updates[0]!)]);
        const room = `${PLAN}/annunciata`;
        const { updates, doc } = edits(12);
        const seqs: number[] = [];
        for (let i = 0; i < 12; i += 4) seqs.push(...(await s.append(updates.slice(i, i + 4).map((u) => rec(room, u)))));
        // Notices may fold together; the last one names the last seq, and the records after the
        // listener's last seen seq are what it reads.
        await vi.waitFor(() => expect(heard.at(-1)).toEqual({ room, seq: seqs.at(-1) }));
        expect(heard.every((n) => n.room === room)).toBe(true);
        const seen = heard.map((n) => n.seq);
        expect(seen).toEqual([...seen].sort((a, b) => a - b));
        const after = await other.loadAfter!(room, seqs[3]!);
        expect(after.map((a) => a.seq)).toEqual(seqs.slice(4));
        const rebuilt = await loadDoc(other, room);
        sameDoc(rebuilt, doc);
        await stop();
        await s.append([rec(room, edits(1, 9).updates[0]!)]);
        const count = heard.length;
        await new Promise((r) => setTimeout(r, 50));
        expect(heard).toHaveLength(count);
      } finally {
        await other.close();
      }
    });
  });
}
