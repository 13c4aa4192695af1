import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../bootstrap/demo';
import { REPO_ROOT } from '../config';

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
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'piao-document-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('piao document', () => {
  it('--demo --out piano.pdf scrive un PDF/A tagged che si legge', async () => {
    const out = path.join(tmp, 'piano.pdf');
    const r = await piao(['document', '--demo', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Scritto .*piano\.pdf \(PDF\/A-2a\): Comune di Casale Monferrato, triennio 2022-2024, bozza/);
    expect(execFileSync('pdfinfo', [out], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
  }, 90_000);

  it('legge un piano salvato (--data/--ente/--triennio) e scrive il DOCX', async () => {
    const data = path.join(tmp, 'data');
    await ensureDemo(data);
    const out = path.join(tmp, 'piano.docx');
    const r = await piao(['document', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', DEMO_PLAN.triennio, '--out', out]);
    expect(r.stderr).toMatch(/Scritto .*piano\.docx/);
    expect(r.code).toBe(0);
  }, 90_000);

  it('errori chiari in italiano: formato sconosciuto, --out mancante, piano inesistente', async () => {
    const bad = await piao(['document', '--demo', '--out', path.join(tmp, 'piano.odt')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Formato non riconosciuto');
    expect((await piao(['document', '--demo'])).stderr).toContain('Indicare il file da scrivere con --out');
    const missing = await piao(['document', '--data', path.join(tmp, 'data'), '--ente', 'asti', '--triennio', '2022-2024', '--out', path.join(tmp, 'x.pdf')]);
    expect(missing.stderr).toMatch(/non esiste/);
  }, 90_000);
});
