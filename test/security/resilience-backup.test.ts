/**
 * Backup and restore (issue 14, item 12 and docs/security.md): `piao backup` copies the data folder
 * while the server runs and writes; a server started on the copy has every row committed before the
 * copy, and accepts the tokens signed before (same key). Restoring into a folder whose database was
 * emptied makes the server start again.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { REPO_ROOT } from '../../sync-server/src/config';
import { DB_FILE } from '../../sync-server/src/data-dir';
import { startServer } from '../../sync-server/src/server';
import { connectClient, ENTE, room, silentLogger, startTestServer, TRIENNIO, waitFor, waitSynced } from '../support/server-harness';

const SECTOR = 'lavori-pubblici';
const BIN = path.join(REPO_ROOT, 'sync-server', 'bin', 'piao.mjs');
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

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

describe('piao backup', () => {
  it('copies a running server with its key; a server on the copy has the rows and accepts the old tokens', async () => {
    const ts = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] }] });
    dirs.push(ts.dataDir);
    const token = await ts.token({ role: 'coordinator', sub: 'backup-user' });
    const c = connectClient(ts.syncUrl, room(SECTOR), token);
    const out = path.join(await mkdtemp(path.join(tmpdir(), 'piao-backup-')), 'copia');
    dirs.push(path.dirname(out));
    try {
      await waitSynced(c);
      for (let i = 0; i < 20; i++) addRow(c.doc, 'obiettivi', { codice: `OB-${i}` }, 'test');
      await waitFor(async () => (await ts.server.storage.rooms()).some((r) => r.room === room(SECTOR)), 5000, 'righe salvate');
      await ts.server.ctx.rooms.getDoc(room(SECTOR));
      const committed = readSheet(await ts.server.ctx.rooms.getDoc(room(SECTOR)), 'obiettivi').length;
      // Writes keep coming while the copy is taken.
      const more = setInterval(() => addRow(c.doc, 'obiettivi', { codice: `OB-X${Math.random()}` }, 'test'), 5);
      const r = await piao(['backup', '--data', ts.dataDir, '--out', out]);
      clearInterval(more);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Copia scritta in .*piao\.sqlite.*jwt-secret/);
      expect(((await stat(path.join(out, 'jwt-secret'))).mode & 0o777).toString(8)).toBe('600');
      const copy = await startServer({ port: 0, host: '127.0.0.1', dataDir: out, logger: silentLogger });
      try {
        const rows = readSheet(await copy.ctx.rooms.getDoc(room(SECTOR)), 'obiettivi');
        expect(rows.length).toBeGreaterThanOrEqual(committed);
        const res = await fetch(`${copy.url}/api/plans/${ENTE}/${TRIENNIO}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
      } finally {
        await copy.close();
      }
      expect(await piao(['backup', '--data', ts.dataDir, '--out', out])).toMatchObject({ code: 2, stderr: expect.stringMatching(/non è vuota/) });
    } finally {
      c.destroy();
      await ts.stop({ keepData: true });
    }

    // The database is emptied: the server refuses to start; once restored from the copy, it starts.
    await truncate(path.join(ts.dataDir, DB_FILE), 0);
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir: ts.dataDir, logger: silentLogger })).rejects.toThrow(/vuoto/);
    await rm(path.join(ts.dataDir, DB_FILE));
    for (const f of await readdir(ts.dataDir)) if (f.startsWith(`${DB_FILE}-`)) await rm(path.join(ts.dataDir, f));
    await copyFile(path.join(out, DB_FILE), path.join(ts.dataDir, DB_FILE));
    const restored = await startServer({ port: 0, host: '127.0.0.1', dataDir: ts.dataDir, logger: silentLogger });
    try {
      expect(readSheet(await restored.ctx.rooms.getDoc(room(SECTOR)), 'obiettivi').length).toBeGreaterThanOrEqual(20);
    } finally {
      await restored.close();
    }
  }, 60_000);
});
