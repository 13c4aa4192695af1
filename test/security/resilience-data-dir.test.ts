/**
 * Issue 14, item 12: an emptied or deleted `piao.sqlite` in a data folder that was used before must stop
 * the server (naming the file and the backup to restore), not start it as a new, empty database.
 */
import { readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addRow } from '@piao/shared/doc/rows';
import { ensureDemo } from '../../sync-server/src/bootstrap/demo';
import { DB_FILE } from '../../sync-server/src/data-dir';
import { MARKER_FILE } from '../../sync-server/src/data-guard';
import { startServer } from '../../sync-server/src/server';
import { connectClient, ENTE, makeDataDir, room, silentLogger, startTestServer, TRIENNIO, waitFor, waitSynced } from '../support/server-harness';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A data folder a server has used: one plan, one edit stored, server stopped cleanly. */
async function usedDataDir(): Promise<string> {
  const ts = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: ['lavori-pubblici'] }] });
  dirs.push(ts.dataDir);
  const c = connectClient(ts.syncUrl, room('lavori-pubblici'), await ts.token({ role: 'coordinator' }));
  await waitSynced(c);
  addRow(c.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
  await waitFor(async () => (await ts.server.storage.rooms()).some((r) => r.room === room('lavori-pubblici')), 5000, 'riga salvata');
  c.destroy();
  await ts.stop({ keepData: true });
  return ts.dataDir;
}

const start = (dataDir: string) => startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger });

describe('a used data folder whose database is gone', () => {
  it('a first start in an empty folder creates the database and marks the folder', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const s = await start(dir);
    await s.close();
    expect((await readdir(dir)).sort()).toEqual(expect.arrayContaining([DB_FILE, MARKER_FILE, 'jwt-secret']));
  });

  it('an emptied piao.sqlite stops the server with the file named, and stays as it was', async () => {
    const dir = await usedDataDir();
    const db = path.join(dir, DB_FILE);
    await truncate(db, 0);
    await expect(start(dir)).rejects.toThrow(new RegExp(`${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} è vuoto.*Ripristinare`));
    expect((await stat(db)).size).toBe(0);
  });

  it('a deleted piao.sqlite stops the server, and --demo does not recreate the plan over it', async () => {
    const dir = await usedDataDir();
    const db = path.join(dir, DB_FILE);
    await rm(db);
    await writeFile(path.join(dir, 'piao-backup-2026-12-01.sqlite'), 'copia');
    await expect(ensureDemo(dir)).rejects.toThrow(/mancante.*piao-backup-2026-12-01\.sqlite/);
    await expect(start(dir)).rejects.toThrow(/mancante/);
    await expect(stat(db)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('only the signing key left (marker gone too) is still a sign of earlier use', async () => {
    const dir = await usedDataDir();
    await rm(path.join(dir, DB_FILE));
    await rm(path.join(dir, MARKER_FILE));
    await expect(start(dir)).rejects.toThrow(/jwt-secret/);
  });
});
