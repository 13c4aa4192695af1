import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, roomName } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../bootstrap/demo';
import { REPO_ROOT } from '../config';
import { openDataDir } from '../data-dir';
import { silentLogger } from '../../../test/support/server-harness';

const BIN = path.join(REPO_ROOT, 'sync-server', 'bin', 'piao.mjs');
const run = promisify(execFile);

async function piao(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { cwd: REPO_ROOT });
    return { code: 0, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

let tmp: string;
let data: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'piao-newplan-'));
  data = path.join(tmp, 'data');
  await ensureDemo(data);
}, 60_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('piao new-plan', () => {
  it('crea 2023-2025 da 2022-2024 nel database, con segnalazioni; rifiuta una seconda volta e la conferma oltre 50 dipendenti', async () => {
    const base = ['new-plan', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', DEMO_PLAN.triennio];
    const refused = await piao([...base, '--to', '2023-2025', '--conferma', 'deliberazione n. 5/2023']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/meno di 50 dipendenti/);
    const r = await piao([...base, '--to', '2023-2025']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Creato il piano casale-monferrato\/2023-2025 da 2022-2024: 5 settori/);
    expect(r.stderr).toMatch(/Da rivedere \(.+\): Indicatore/);
    const again = await piao([...base, '--to', '2023-2025']);
    expect(again.stderr).toMatch(/esiste già/);
    const dd = await openDataDir(data, { logger: silentLogger });
    try {
      const doc = await dd.loadRoomDoc(roomName(DEMO_PLAN.ente, '2023-2025', 'finanze'));
      expect(readSheet(doc, 'indicatori').every((row) => (row.values.target_anno3 ?? null) === null)).toBe(true);
      expect(readSheet(doc, 'misure').length).toBeGreaterThan(0);
    } finally {
      await dd.close();
    }
  }, 90_000);
});
