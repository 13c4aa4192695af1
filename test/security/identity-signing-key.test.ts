/**
 * Issue 14, item 13: a deleted signing key was replaced silently, and every token handed out stopped
 * working with no word why. Through the real server on a used data folder: a missing key with data in
 * the database refuses the start (naming the key file and the way out), `newSigningKey` creates a new
 * one at warn level, and the tools that open the folder refuse too.
 */
import { Writable } from 'node:stream';
import { access, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { addRow } from '@piao/shared/doc/rows';
import { SECRET_FILE } from '../../sync-server/src/auth/secret';
import { openDataDir } from '../../sync-server/src/data-dir';
import { startServer } from '../../sync-server/src/server';
import { connectClient, makeDataDir, rawConnect, room, silentLogger, startTestServer, storedBytes, waitFor, waitSynced } from '../support/server-harness';

const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] };
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A logger that keeps every record (level and message) in memory. */
function recordingLogger() {
  const records: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) records.push(JSON.parse(line) as { level: number; msg: string });
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), records };
}

const exists = (file: string) => access(file).then(() => true, () => false);

describe('identity: the signing key', () => {
  it('is created at warn level on a first start', async () => {
    const dir = await makeDataDir();
    dirs.push(dir);
    const { logger, records } = recordingLogger();
    const s = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, logger });
    await s.close();
    expect(records.some((r) => r.level === 40 && /chiave/.test(r.msg))).toBe(true);
  });

  it('missing from a folder whose database holds data: the start is refused unless newSigningKey; then old tokens fail, new ones work', async () => {
    const ts = await startTestServer({ plans: [PLAN] });
    dirs.push(ts.dataDir);
    const oldToken = await ts.token({ role: 'coordinator', sub: 'coord' });
    const c = connectClient(ts.syncUrl, room('lavori-pubblici'), oldToken);
    await waitSynced(c);
    addRow(c.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
    await waitFor(async () => (await storedBytes(ts.server)).records >= 2, 5000, 'riga salvata');
    c.destroy();
    const stored = await storedBytes(ts.server);
    await ts.stop({ keepData: true });

    const key = path.join(ts.dataDir, SECRET_FILE);
    await rm(key);
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir: ts.dataDir, logger: silentLogger })).rejects.toThrow(/Manca la chiave dei token.*jwt-secret[\s\S]*--new-signing-key/);
    expect(await exists(key)).toBe(false);
    // The CLI tools (piao token, export, import) open the folder the same way.
    await expect(openDataDir(ts.dataDir, { logger: silentLogger })).rejects.toThrow(/Manca la chiave/);
    expect(await exists(key)).toBe(false);

    const { logger, records } = recordingLogger();
    const s = await startServer({ port: 0, host: '127.0.0.1', dataDir: ts.dataDir, logger, newSigningKey: true });
    try {
      expect(records.some((r) => r.level === 40 && /NUOVA chiave/.test(r.msg))).toBe(true);
      expect(await storedBytes(s)).toEqual(stored);
      const sync = `${s.url.replace(/^http/, 'ws')}/sync/${room('lavori-pubblici')}`;
      expect((await rawConnect(`${sync}?token=${oldToken}`)).status).toBe(401);
      const fresh = await s.ctx.auth.sign({ sub: 'coord', name: 'coord', ente: PLAN.ente, role: 'coordinator', sectors: [] }, 600);
      const ok = await rawConnect(`${sync}?token=${fresh}`);
      expect(ok.status).toBeUndefined();
      ok.ws?.close();
    } finally {
      await s.close();
    }
  });
});
