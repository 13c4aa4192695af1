import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { createTestDatabase, type TestDatabase } from '../../../test/support/postgres';
import { connectClient, makeDataDir, principal, room, sameContent, seedPlan, silentLogger, waitSynced, type TestClient } from '../../../test/support/server-harness';
import { REPO_ROOT } from '../config';
import { openDataDir } from '../data-dir';
import { startServer, type RunningServer } from '../server';
import { openDatabase } from '../storage/database-url';

const BIN = path.join(REPO_ROOT, 'sync-server', 'bin', 'piao.mjs');
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' };
const R = room('lavori-pubblici');

function piao(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A row added by `sub`, as the Yjs update that adds it. */
function rowUpdate(base: Y.Doc, codice: string): Uint8Array {
  const before = Y.encodeStateVector(base);
  addRow(base, 'obiettivi', { codice }, 'test');
  return Y.encodeStateAsUpdate(base, before);
}

describe('piao copy-data --from sqlite:… --to postgres://…', () => {
  let db: TestDatabase;
  let dataDir: string;
  let server: RunningServer | null = null;
  let client: TestClient | null = null;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await makeDataDir();
  }, 60_000);
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  it('moves every record (with author and time), snapshot and plan; a server on PostgreSQL serves the same documents and history', async () => {
    // A SQLite installation: a plan, edits by two people, a compacted room, an edit after the snapshot.
    await seedPlan(dataDir, { ...PLAN, sectors: ['lavori-pubblici'] });
    const dd = await openDataDir(dataDir, { logger: silentLogger });
    const doc = new Y.Doc();
    await dd.appendUpdate(R, rowUpdate(doc, 'A-1'), 'anna');
    await dd.appendUpdate(R, rowUpdate(doc, 'B-1'), 'bruno');
    expect((await dd.storage.compact(R)).merged).toBe(2);
    await dd.appendUpdate(R, rowUpdate(doc, 'A-2'), 'anna');
    const history = await dd.storage.history();
    const plans = await dd.plans.listPlans();
    const rooms = await dd.storage.rooms();
    const sourceDoc = await dd.loadRoomDoc(R);
    const token = await dd.auth.sign(principal({ role: 'editor', sub: 'carla', sectors: ['lavori-pubblici'] }), 3600);
    await dd.close();

    const r = await piao(['copy-data', '--from', `sqlite:${dataDir}`, '--to', db.url]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Copiati in .*: 4 registrazioni, 1 istantanee, 1 piani/);

    // The target as a server sees it: same documents, same history (seq, room, sub, at, bytes), same plans.
    server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, databaseUrl: db.url });
    expect(await server.storage.history()).toEqual(history);
    expect(await server.storage.listPlans()).toEqual(plans);
    expect(await server.storage.rooms()).toEqual(rooms);
    expect(sameContent(await server.rooms.getDoc(R), sourceDoc)).toBe(true);

    // Tokens of the same key work, and a new edit is stored after the copied seqs.
    const c = connectClient(`${server.url.replace(/^http/, 'ws')}/sync`, R, token, { ack: true });
    client = c;
    await waitSynced(c, 10_000);
    expect(readSheet(c.doc, 'obiettivi').map((row) => row.values.codice)).toEqual(['A-1', 'B-1', 'A-2']);
    addRow(c.doc, 'obiettivi', { codice: 'C-1' }, 'test');
    await expect.poll(async () => (await server!.storage.history()).length, { timeout: 10_000 }).toBe(history.length + 1);
    const last = (await server.storage.history()).at(-1)!;
    expect(last.sub).toBe('carla');
    expect(last.seq).toBeGreaterThan(history.at(-1)!.seq);
  }, 60_000);

  it('refuses a target that already holds data, in Italian, and leaves it intact', async () => {
    const check = await openDatabase(db.url);
    try {
      const before = await check.history();
      const r = await piao(['copy-data', '--from', `sqlite:${dataDir}`, '--to', db.url]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/Copia rifiutata: il database di destinazione contiene già dati/);
      expect(await check.history()).toEqual(before);
    } finally {
      await check.close();
    }
  });

  it('says what is wrong with the source or the target', async () => {
    const noFile = await piao(['copy-data', '--from', `sqlite:${path.join(dataDir, 'manca')}`, '--to', db.url]);
    expect(noFile.stderr).toMatch(/Database SQLite non trovato/);
    const badFrom = await piao(['copy-data', '--from', dataDir, '--to', db.url]);
    expect(badFrom.stderr).toMatch(/Origine non valida/);
    const badTo = await piao(['copy-data', '--from', `sqlite:${dataDir}`, '--to', 'mysql://x@h/db']);
    expect(badTo.stderr).toMatch(/Database non supportato/);
    for (const r of [noFile, badFrom, badTo]) expect(r.code).not.toBe(0);
  });
});
