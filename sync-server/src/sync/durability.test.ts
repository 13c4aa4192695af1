import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  connectClient,
  makeDataDir,
  principal,
  room,
  sameContent,
  seedPlan,
  waitFor,
  type TestClient,
} from '../../../test/support/server-harness';
import { REPO_ROOT } from '../config';
import { openDataDir } from '../data-dir';

const FIXTURE = path.join(REPO_ROOT, 'sync-server/src/sync/child-server.fixture.ts');

/** Each commit takes this long in the child: updates spend time in flight, as on a slow disk. */
const COMMIT_DELAY_MS = 15;

async function spawnServer(dataDir: string, port = 0): Promise<{ proc: ChildProcess; port: number }> {
  const args = ['sync-server/bin/run-ts.mjs', FIXTURE, dataDir, String(port), String(COMMIT_DELAY_MS)];
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`il server figlio è uscito (${code})`)));
  });
  return { proc, port: (JSON.parse(line) as { port: number }).port };
}

function exited(proc: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve(proc.signalCode ?? proc.exitCode);
  return new Promise((r) => proc.once('exit', (code, signal) => r(signal ?? code)));
}

describe('durability across kill -9', () => {
  const procs: ChildProcess[] = [];
  const clients: TestClient[] = [];
  let dataDir = '';
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('every update any client received survives SIGKILL; clients reconnect and converge; compaction keeps it all', async () => {
    dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] });
    const R = room('lavori-pubblici');
    const dd0 = await openDataDir(dataDir);
    const tokens = await Promise.all(
      [0, 1, 2, 3].map((i) => dd0.auth.sign(principal({ role: 'editor', sub: `editor-${i}`, sectors: ['lavori-pubblici'] }), 3600)),
    );
    await dd0.close();

    const first = await spawnServer(dataDir);
    procs.push(first.proc);
    const syncUrl = `ws://127.0.0.1:${first.port}/sync`;
    for (let i = 0; i < 4; i++) clients.push(connectClient(syncUrl, R, tokens[i]!, { ack: i % 2 === 0 }));
    await waitFor(() => clients.every((c) => c.provider.synced), 10_000, 'sync iniziale');

    // Bursts: every client writes its own keys as fast as the event loop lets it.
    const written = clients.map(() => 0);
    let running = true;
    const bursts = clients.map(async (c, i) => {
      const map = c.doc.getMap<number>('prove');
      while (running) {
        map.set(`c${i}-${written[i]}`, written[i]!);
        if (written[i]! % 10 === 9) map.delete(`c${i}-${written[i]! - 5}`);
        written[i]!++;
        await new Promise((r) => setTimeout(r, 1 + (i % 3)));
      }
    });
    await waitFor(() => clients.every((c) => c.received.length >= 40), 15_000, 'aggiornamenti ricevuti');
    first.proc.kill('SIGKILL');
    expect(await exited(first.proc)).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    const receivedAtKill = clients.map((c) => Y.mergeUpdates(c.received));
    const savedAtKill = clients.map((c) => c.saved.at(-1));
    // Offline edits keep going for a moment: they must reach the server after the restart.
    await new Promise((r) => setTimeout(r, 150));
    running = false;
    await Promise.all(bursts);

    const dd = await openDataDir(dataDir);
    const stored = await dd.loadRoomDoc(R);
    const storedSnap = Y.snapshot(stored);
    for (const [i, u] of receivedAtKill.entries()) {
      expect([i, Y.snapshotContainsUpdate(storedSnap, u)]).toEqual([i, true]);
    }
    // What was confirmed as saved is stored too.
    const storedSv = Y.decodeStateVector(Y.encodeStateVector(stored));
    for (const sv of savedAtKill.filter((_, i) => i % 2 === 0)) {
      expect(sv).toBeDefined();
      for (const [client, clock] of Y.decodeStateVector(sv!)) expect(storedSv.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
    }
    const subs = new Set((await dd.plans.history({ ente: 'casale-monferrato', triennio: '2022-2024' })).map((h) => h.sub));
    expect([...subs].sort()).toEqual(['editor-0', 'editor-1', 'editor-2', 'editor-3', 'seed']);
    await dd.close();

    const second = await spawnServer(dataDir, first.port);
    procs.push(second.proc);
    await waitFor(
      () => clients.every((c) => c.provider.synced) && clients.every((c) => sameContent(c.doc, clients[0]!.doc)),
      20_000,
      'riconnessione e convergenza',
    );
    // Nothing any client wrote is lost (deleted keys excepted).
    const finalMap = clients[0]!.doc.getMap<number>('prove');
    for (const [i, n] of written.entries()) {
      for (let k = 0; k < n; k++) {
        const deleted = k % 10 === 4 && k + 5 < n;
        expect([`c${i}-${k}`, finalMap.has(`c${i}-${k}`)]).toEqual([`c${i}-${k}`, !deleted]);
      }
    }
    // Its own edits are confirmed as saved (others' arrive by relay, which happens only after storing).
    const confirmed = (c: TestClient) => {
      const server = Y.decodeStateVector(c.saved.at(-1) ?? new Uint8Array([0]));
      return (server.get(c.doc.clientID) ?? 0) >= Y.getState(c.doc.store, c.doc.clientID);
    };
    await waitFor(() => clients.every((c, i) => i % 2 === 1 || confirmed(c)), 10_000, 'conferme finali');
    second.proc.kill('SIGTERM');
    expect(await exited(second.proc)).toBe(0);

    // Compaction: same document, every audit record still there.
    const dd2 = await openDataDir(dataDir);
    const before = await dd2.loadRoomDoc(R);
    const historyBefore = await dd2.storage.history();
    expect(sameContent(before, clients[0]!.doc)).toBe(true);
    expect((await dd2.storage.compact(R)).merged).toBeGreaterThan(0);
    const after = await dd2.loadRoomDoc(R);
    expect(sameContent(after, before)).toBe(true);
    expect(after.getMap('prove').toJSON()).toEqual(before.getMap('prove').toJSON());
    expect(await dd2.storage.history()).toEqual(historyBefore);
    expect((await dd2.storage.load(R)).updates).toEqual([]);
    await dd2.close();
  }, 60_000);
});
