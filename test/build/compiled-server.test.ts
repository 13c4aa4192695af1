/**
 * Issue 10 §3: production runs compiled JavaScript. Builds sync-server/dist with the build `npm start`
 * uses, starts `node sync-server/dist/piao.mjs serve` (no TypeScript loader: no tsx, no `--import`), and
 * checks the whole path a deployment relies on: /healthz, the demo plan created through the SQLite worker
 * thread, and a sync room with two stock y-websocket clients — an edit is confirmed and relayed.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { roomName } from '@piao/shared/doc/rooms';
import { REPO_ROOT } from '../../sync-server/src/config';
import { connectClient, waitSynced, type TestClient } from '../support/server-harness';

const DIST = path.join(REPO_ROOT, 'sync-server', 'dist');
const SECTOR = 'lavori-pubblici';

describe('the compiled server (sync-server/dist)', () => {
  let tmp: string;
  let child: ChildProcess;
  let stdout = '';
  let stderr = '';
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'sync-server', 'scripts', 'build.mjs')], { cwd: REPO_ROOT });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'piao-dist-'));
    child = spawn(process.execPath, [path.join(DIST, 'piao.mjs'), 'serve', '--insecure-http', '--port', '0', '--demo', '--data', path.join(tmp, 'data')], {
      cwd: tmp, // not the repository: nothing may depend on the working directory
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    exited = new Promise((r) => child.on('close', (code, signal) => r({ code, signal })));
    await vi.waitFor(() => expect(stdout, stderr).toContain('Ctrl+C'), { timeout: 30_000, interval: 50 });
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
    if (exited) await exited;
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('holds only JavaScript that loads no TypeScript', async () => {
    const files = (await readdir(DIST)).filter((f) => f.endsWith('.mjs'));
    expect(files).toEqual(expect.arrayContaining(['piao.mjs', 'heavy-worker-entry.mjs', 'import-worker-entry.mjs', 'sqlite-worker-entry.mjs']));
    for (const f of files) {
      const js = await readFile(path.join(DIST, f), 'utf8');
      expect(js, f).not.toMatch(/from\s*["'][^"']*\.ts["']|import\(\s*["'][^"']*\.ts["']|["']tsx(\/[^"']*)?["']/);
      expect(js, f).not.toMatch(/from\s*["']@piao\//); // the workspaces are bundled, not resolved at run time
    }
  });

  it('answers /healthz and syncs a room: an edit is confirmed and reaches the other client', async () => {
    const port = /in ascolto su http:\/\/localhost:(\d+)/.exec(stdout)?.[1];
    expect(port, stdout + stderr).toBeDefined();
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const token = new RegExp(`Elena Rinaldi .*\\?token=([\\w.-]+)`).exec(stdout)?.[1];
    expect(token, stdout).toBeDefined();
    const room = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, SECTOR);
    const syncUrl = `ws://127.0.0.1:${port}/sync`;
    const clients: TestClient[] = [];
    try {
      const a = connectClient(syncUrl, room, token!, { ack: true });
      const b = connectClient(syncUrl, room, token!);
      clients.push(a, b);
      await waitSynced(a, 15_000);
      await waitSynced(b, 15_000);
      // The demo's rows were stored by the compiled SQLite worker and come back in sync step 2.
      const rowsBefore = readSheet(b.doc, 'obiettivi').length;
      expect(rowsBefore).toBeGreaterThan(0);

      addRow(a.doc, 'obiettivi', { codice: 'OB-DIST', titolo: 'Scritto tramite il server compilato' }, 'test');
      await vi.waitFor(() => expect(a.saved.length).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
      expect(a.denied).toEqual([]);
      await vi.waitFor(() => expect(readSheet(b.doc, 'obiettivi').map((r) => r.values.codice)).toContain('OB-DIST'), { timeout: 15_000, interval: 20 });
    } finally {
      for (const c of clients) c.destroy();
    }
  }, 60_000);

  it('stops cleanly on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toContain('server fermato');
  }, 30_000);
});
