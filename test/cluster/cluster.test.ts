/**
 * Three instances on loopback over one PostgreSQL (issue 10): stock y-websocket clients of one room spread
 * over the instances converge; one instance killed with SIGKILL in the middle of a burst → its clients
 * reconnect to a survivor (what a load balancer does with a dead backend) and every edit any client had
 * confirmed as saved is in PostgreSQL, and every edit written at all ends up there too.
 * 6 clients write until the kill (at least 120 edits in all), then 25 more each: about 300 edits
 * (not 1,000: the suite shares 2 cores).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { connectClient, principal, room, sameContent, waitFor, type TestClient } from '../support/server-harness';
import { REPO_ROOT } from '../../sync-server/src/config';
import { docFromState, openDataDir } from '../../sync-server/src/data-dir';
import { openDatabase } from '../../sync-server/src/storage/database-url';

const FIXTURE = path.join(REPO_ROOT, 'test/cluster/instance.fixture.ts');
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');
const CLIENTS = 6;
/** Edits each client makes after the kill (while its instance is gone, for two of them). */
const EDITS_AFTER_KILL = 25;

interface Instance {
  proc: ChildProcess;
  url: string;
}

async function spawnInstance(dataDir: string, databaseUrl: string): Promise<Instance> {
  const proc = spawn(process.execPath, ['sync-server/bin/run-ts.mjs', FIXTURE, dataDir, databaseUrl], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`istanza uscita (${code})`)));
  });
  return { proc, url: `ws://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/sync` };
}

function exited(proc: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.signalCode ?? proc.exitCode);
  return new Promise((r) => proc.once('exit', (code, signal) => r(signal ?? code)));
}

/** Highest clock of `c`'s own edits its instance confirmed as saved. */
const confirmedClock = (c: TestClient) => (c.saved.length > 0 ? (Y.decodeStateVector(c.saved.at(-1)!).get(c.doc.clientID) ?? 0) : 0);

describe('three instances on one PostgreSQL', () => {
  let db: TestDatabase;
  let dataDir: string;
  const instances: Instance[] = [];
  const clients: TestClient[] = [];
  let tokens: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-cluster3-'));
    const dd = await openDataDir(dataDir, { storage: await openDatabase(db.url) });
    const seed = new Y.Doc();
    applyChanges(seed, [{ kind: 'add', sheet: 'settori', values: { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' } }], 'test');
    await dd.plans.createPlan(PLAN);
    await dd.appendUpdate(roomName(PLAN.ente, PLAN.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(seed), 'seed');
    tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => dd.auth.sign(principal({ role: 'editor', sub: `e${i}`, sectors: ['lavori-pubblici'] }), 3600)));
    await dd.close();
    instances.push(...(await Promise.all([0, 1, 2].map(() => spawnInstance(dataDir, db.url)))));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const i of instances) if (i.proc.exitCode === null && i.proc.signalCode === null) i.proc.kill('SIGKILL');
    await Promise.all(instances.map((i) => exited(i.proc)));
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('clients spread over the instances converge; SIGKILL of one during a burst loses no confirmed edit', async () => {
    // Client i on instance i % 3: clients 2 and 5 are on the instance that dies.
    for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(instances[i % 3]!.url, R, tokens[i]!, { ack: true }));
    await waitFor(() => clients.every((c) => c.provider.synced), 15_000, 'sync iniziale');

    const written = clients.map(() => 0);
    let killedAt: number[] | null = null;
    const bursts = clients.map(async (c, i) => {
      const map = c.doc.getMap<number>('prove');
      // Until the kill, and on past it: the kill always lands in the middle of the burst.
      while (!killedAt || written[i]! < killedAt[i]! + EDITS_AFTER_KILL) {
        map.set(`c${i}-${written[i]}`, written[i]!);
        written[i]!++;
        await new Promise((r) => setTimeout(r, 2 + (i % 3)));
      }
    });
    // Kill in the middle of the burst, once the doomed instance has confirmed edits of its clients.
    await waitFor(() => written.reduce((a, b) => a + b, 0) >= 120 && confirmedClock(clients[2]!) > 0 && confirmedClock(clients[5]!) > 0, 20_000, 'burst avviato');
    const victim = instances[2]!;
    victim.proc.kill('SIGKILL');
    killedAt = [...written];
    // Its clients' next connection goes to a survivor, as a balancer routes around a dead backend.
    clients[2]!.provider.serverUrl = instances[0]!.url;
    clients[5]!.provider.serverUrl = instances[1]!.url;
    expect(await exited(victim.proc)).toBe('SIGKILL');
    const confirmedAtKill = clients.map((c) => c.saved.at(-1));
    await Promise.all(bursts);
    const total = written.reduce((a, b) => a + b, 0);

    await waitFor(
      () => clients.every((c) => c.provider.synced && c.doc.getMap('prove').size === total) && clients.every((c) => sameContent(c.doc, clients[0]!.doc)),
      30_000,
      'convergenza dopo la caduta di un istanza',
    );
    // Every client's own edits end up confirmed by the instance it is on now.
    await waitFor(() => clients.every((c) => confirmedClock(c) === Y.getState(c.doc.store, c.doc.clientID)), 15_000, 'conferme finali');

    // PostgreSQL, read through a connection of its own, holds what was confirmed at the kill and all the rest.
    const check = await openDatabase(db.url);
    try {
      const stored = docFromState(await check.load(R));
      const storedSv = Y.decodeStateVector(Y.encodeStateVector(stored));
      for (const sv of confirmedAtKill) {
        expect(sv).toBeDefined();
        for (const [client, clock] of Y.decodeStateVector(sv!)) expect(storedSv.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
      }
      expect(stored.getMap('prove').size).toBe(total);
      expect(sameContent(stored, clients[0]!.doc)).toBe(true);
      const subs = new Set((await check.history({ roomPrefix: R })).map((h) => h.sub));
      expect(subs).toEqual(new Set(Array.from({ length: CLIENTS }, (_, i) => `e${i}`)));
    } finally {
      await check.close();
    }
  }, 60_000);
});
