/**
 * Presence (awareness) across instances (issue 10): a client on instance A sees a client on instance B
 * in its awareness states, with the identity of B's token (the presence guard of B decided it), and
 * sees it go when it disconnects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { connectClient, principal, room, silentLogger, waitSynced, type TestClient } from '../support/server-harness';
import { openDataDir } from '../../sync-server/src/data-dir';
import { startServer, type RunningServer } from '../../sync-server/src/server';
import { openDatabase } from '../../sync-server/src/storage/database-url';

const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');

/** The `user.sub` of every presence state a client sees, its own excluded. */
const othersSeen = (c: TestClient) =>
  [...c.provider.awareness.getStates().entries()]
    .filter(([id]) => id !== c.doc.clientID)
    .map(([, s]) => (s as { user?: { sub?: string } }).user?.sub)
    .sort();

describe('presence across instances on one PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const servers: RunningServer[] = [];
  const clients: TestClient[] = [];
  let tokens: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-presence-'));
    const dd = await openDataDir(dataDir, { storage: await openDatabase(db.url) });
    const seed = new Y.Doc();
    applyChanges(seed, [{ kind: 'add', sheet: 'settori', values: { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' } }], 'test');
    await dd.plans.createPlan(PLAN);
    await dd.appendUpdate(roomName(PLAN.ente, PLAN.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(seed), 'seed');
    tokens = await Promise.all(['anna', 'bruno', 'carla'].map((sub) => dd.auth.sign(principal({ role: 'editor', sub, sectors: ['lavori-pubblici'] }), 3600)));
    await dd.close();
    for (let i = 0; i < 2; i++) servers.push(await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: db.url }));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await Promise.all(servers.map((s) => s.close()));
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('a client on one instance sees the clients of another in its awareness, and sees them leave', async () => {
    const urls = servers.map((s) => `${s.url.replace(/^http/, 'ws')}/sync`);
    const anna = connectClient(urls[0]!, R, tokens[0]!);
    const bruno = connectClient(urls[1]!, R, tokens[1]!);
    clients.push(anna, bruno);
    await waitSynced(anna, 10_000);
    await waitSynced(bruno, 10_000);

    // Bruno claims to be someone else: what Anna sees is his token's identity, set by instance 1.
    bruno.provider.awareness.setLocalStateField('user', { sub: 'finto', name: 'Finto', color: '#00aa00' });
    anna.provider.awareness.setLocalStateField('user', { color: '#aa0000' });
    await expect.poll(() => othersSeen(anna), { timeout: 5000 }).toEqual(['bruno']);
    await expect.poll(() => othersSeen(bruno), { timeout: 5000 }).toEqual(['anna']);
    const brunoAsSeen = anna.provider.awareness.getStates().get(bruno.doc.clientID) as { user: Record<string, unknown> };
    expect(brunoAsSeen.user).toEqual({ sub: 'bruno', name: 'bruno', role: 'editor', color: '#00aa00' });

    // A third client joining instance 1 later gets Anna's state with its first sync.
    const carla = connectClient(urls[1]!, R, tokens[2]!);
    clients.push(carla);
    carla.provider.awareness.setLocalStateField('user', { color: '#0000aa' });
    await expect.poll(() => othersSeen(carla), { timeout: 5000 }).toEqual(['anna', 'bruno']);
    await expect.poll(() => othersSeen(anna), { timeout: 5000 }).toEqual(['bruno', 'carla']);

    // Bruno goes: Anna, on the other instance, sees him leave (not after the 30 s timeout).
    bruno.destroy();
    await expect.poll(() => othersSeen(anna), { timeout: 5000 }).toEqual(['carla']);
  }, 30_000);

  it('an instance that loads the room later asks the others: its client sees who is there at once, not at their next renewal (15 s)', async () => {
    const late = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: db.url });
    servers.push(late);
    const dd = await openDataDir(dataDir, { storage: await openDatabase(db.url) });
    const token = await dd.auth.sign(principal({ role: 'editor', sub: 'dario', sectors: ['lavori-pubblici'] }), 3600);
    await dd.close();
    const dario = connectClient(`${late.url.replace(/^http/, 'ws')}/sync`, R, token);
    clients.push(dario);
    await waitSynced(dario, 10_000);
    // Anna (instance 0) and Carla (instance 1) last published well before this room was loaded here.
    await expect.poll(() => othersSeen(dario), { timeout: 5000 }).toEqual(['anna', 'carla']);
  }, 30_000);

  it('a presence notice over the NOTIFY payload limit (8000 bytes) is not sent and is counted; the rest arrive', async () => {
    const a = await openDatabase(db.url);
    const b = await openDatabase(db.url);
    try {
      const heard: Array<[string, number | null]> = [];
      const stop = await b.subscribePresence((r, u) => heard.push([r, u ? u.byteLength : null]));
      const big = new Uint8Array(6000); // base64 in JSON: 8000 bytes and more
      const small = new Uint8Array(100);
      expect(await a.publishPresence([{ room: 'x/y/grande', update: big }, { room: 'x/y/piccola', update: small }, { room: 'x/y/nuova', update: null }])).toBe(1);
      await expect.poll(() => heard, { timeout: 5000 }).toEqual([['x/y/piccola', 100], ['x/y/nuova', null]]);
      // Its own notices a connection does not hear.
      const own: string[] = [];
      const stopOwn = await a.subscribePresence((r) => own.push(r));
      await a.publishPresence([{ room: 'x/y/propria', update: small }]);
      await expect.poll(() => heard.length, { timeout: 5000 }).toBe(3);
      expect(own).toEqual([]);
      await stop();
      await stopOwn();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
