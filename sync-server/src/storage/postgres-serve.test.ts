import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readSheet } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { connectClient, principal, room, waitSynced, type TestClient } from '../../../test/support/server-harness';
import { REPO_ROOT } from '../config';
import { DB_FILE, openDataDir } from '../data-dir';
import { openDatabase } from './database-url';

const BIN = path.join(REPO_ROOT, 'sync-server', 'bin', 'piao.mjs');
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');

interface Served {
  proc: ChildProcess;
  syncUrl: string;
  output(): string;
}

/** `piao serve` in its own process (so it can be killed with SIGKILL); resolves once it listens. */
async function serve(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<Served> {
  const proc = spawn(process.execPath, [BIN, 'serve', '--insecure-http', '--port', '0', '--data', dataDir, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await expect.poll(() => /in ascolto su http:\/\/localhost:(\d+)/.test(out) || proc.exitCode !== null, { timeout: 30_000 }).toBe(true);
  const port = /in ascolto su http:\/\/localhost:(\d+)/.exec(out)?.[1];
  if (!port) throw new Error(`piao serve non è partito:\n${out}`);
  return { proc, syncUrl: `ws://127.0.0.1:${port}/sync`, output: () => out };
}

function piao(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('piao serve --database postgres://…', () => {
  let db: TestDatabase;
  let dataDir: string;
  const procs: ChildProcess[] = [];
  const clients: TestClient[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'piao-pg-serve-'));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('stores in PostgreSQL: edits confirmed by a server killed with SIGKILL are served by the next one', async () => {
    // The plan, seeded into PostgreSQL the way `piao serve --demo --database` would.
    const dd = await openDataDir(dataDir, { storage: await openDatabase(db.url) });
    const seed = new Y.Doc();
    applyChanges(seed, [{ kind: 'add', sheet: 'settori', values: { id: 'lavori-pubblici', denominazione: 'Lavori pubblici' } }], 'test');
    await dd.plans.createPlan(PLAN);
    await dd.appendUpdate(roomName(PLAN.ente, PLAN.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(seed), 'seed');
    const token = await dd.auth.sign(principal({ role: 'editor', sub: 'editor-pg', sectors: ['lavori-pubblici'] }), 3600);
    await dd.close();

    const first = await serve(dataDir, ['--database', db.url]);
    procs.push(first.proc);
    const a = connectClient(first.syncUrl, R, token, { ack: true });
    clients.push(a);
    await waitSynced(a, 15_000);
    for (let i = 0; i < 20; i++) addRow(a.doc, 'obiettivi', { codice: `OB-${i}` }, 'test');
    // Wait for the save confirmation of every edit: "committed in PostgreSQL".
    await expect
      .poll(() => (a.saved.length > 0 ? (Y.decodeStateVector(a.saved.at(-1)!).get(a.doc.clientID) ?? 0) : 0), { timeout: 15_000 })
      .toBe(Y.getState(a.doc.store, a.doc.clientID));
    first.proc.kill('SIGKILL');
    a.destroy();

    // The next server takes the URL from PIAO_DATABASE_URL; the data folder holds no SQLite database.
    const second = await serve(dataDir, [], { PIAO_DATABASE_URL: db.url });
    procs.push(second.proc);
    const b = connectClient(second.syncUrl, R, token);
    clients.push(b);
    await waitSynced(b, 15_000);
    expect(readSheet(b.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(Array.from({ length: 20 }, (_, i) => `OB-${i}`));
    expect(existsSync(path.join(dataDir, DB_FILE))).toBe(false);
    second.proc.kill('SIGTERM');
  }, 90_000);

  it('piao migrate says the schema is up to date; a wrong URL is refused in Italian', async () => {
    const ok = await piao(['migrate', '--database', db.url]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain('già aggiornato');
    const bad = await piao(['serve', '--insecure-http', '--port', '0', '--data', dataDir, '--database', 'mysql://x@127.0.0.1/y']);
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('Database non supportato');
    // An unreachable database (also with --demo): one Italian line, the password hidden, no stack.
    for (const demo of [[], ['--demo']]) {
      const down = await piao(['serve', '--insecure-http', '--port', '0', '--data', dataDir, ...demo, '--database', 'postgres://piao:segreto@127.0.0.1:1/piao']);
      expect(down.code).toBe(1);
      expect(down.out).toContain('Impossibile aprire il database PostgreSQL postgres://piao:***@127.0.0.1:1/piao');
      expect(down.out).not.toContain('segreto');
      expect(down.out).not.toMatch(/\n\s+at /);
    }
    const none = await piao(['migrate'], { PIAO_DATABASE_URL: '' });
    expect(none.code).toBe(2);
    expect(none.out).toContain('Indicare il database');
  }, 60_000);
});
