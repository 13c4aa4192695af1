import { Revocations } from '../auth/revocations';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { getSheet, readSheet } from '@piao/shared';
import { writeSectorTemplate } from '@piao/shared/workbook/index';
import { loadPlanData } from '../http/plan-docs';
import { DEMO_EXPECTED_ISSUES, DEMO_PLAN, DEMO_USERS } from '@piao/shared/demo/index';

/** The demo's planted issues (shared/src/demo/index.ts), whatever rules they show. */
const PLANTED = {
  errors: DEMO_EXPECTED_ISSUES.filter((i) => i.severity === 'error').length,
  warnings: DEMO_EXPECTED_ISSUES.filter((i) => i.severity === 'warning').length,
};
import { ensureDemo } from '../bootstrap/demo';
import { openDataDir } from '../data-dir';
import { REPO_ROOT } from '../config';
import { silentLogger } from '../../../test/support/server-harness';

const BIN = path.join(REPO_ROOT, 'sync-server', 'bin', 'piao.mjs');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function piao(args: string[], opts: { cwd?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'piao-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('piao token', () => {
  it('prints only a token that the data directory verifies, with the claims asked for', async () => {
    const data = path.join(tmp, 'token-data');
    const r = await piao(['token', '--data', data, '--sub', 'elena', '--name', 'Elena Rinaldi', '--role', 'editor', '--ente', 'casale-monferrato', '--sector', 'lavori-pubblici', '--sector', 'finanze', '--ttl', '2h']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const dd = await openDataDir(data, { logger: silentLogger });
    try {
      const p = await dd.auth.verify(r.stdout.trim());
      expect(p).toMatchObject({ sub: 'elena', name: 'Elena Rinaldi', ente: 'casale-monferrato', role: 'editor', sectors: ['lavori-pubblici', 'finanze'] });
      const exp = JSON.parse(Buffer.from(r.stdout.split('.')[1]!, 'base64url').toString()).exp as number;
      expect(exp - Date.now() / 1000).toBeGreaterThan(7000);
      expect(exp - Date.now() / 1000).toBeLessThanOrEqual(7200);
    } finally {
      await dd.close();
    }
  });

  it('revokes a token by jti (printed on stderr when signed) and every token of a user by sub', async () => {
    const data = path.join(tmp, 'revoke-data');
    const signed = await piao(['token', '--data', data, '--sub', 'rita', '--role', 'viewer', '--ente', 'casale-monferrato']);
    const jti = /--jti (\S+)/.exec(signed.stderr)?.[1];
    expect(jti).toBeDefined();
    const dd = await openDataDir(data, { logger: silentLogger });
    const p = await dd.auth.verify(signed.stdout.trim());
    await dd.close();
    const rev = Revocations.open(data);
    try {
      expect(await piao(['token', 'revoke', '--data', data, '--jti', jti!])).toMatchObject({ code: 0, stdout: '' });
      expect(rev.check(p)).toBe('jti');
      expect(rev.check({ ...p, jti: 'altro' })).toBeNull();
      expect(await piao(['token', 'revoke', '--data', data, '--sub', 'rita'])).toMatchObject({ code: 0 });
      expect(rev.check({ ...p, jti: 'altro' })).toBe('sub');
    } finally {
      rev.close();
    }
    const both = await piao(['token', 'revoke', '--data', data, '--sub', 'x', '--jti', 'y']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--sub <utente>.*oppure --jti/);
  });

  it('refuses bad options with an Italian message on stderr and nothing on stdout', async () => {
    const data = path.join(tmp, 'token-data');
    for (const args of [
      ['--sub', 'x', '--role', 'boss', '--ente', 'casale-monferrato'],
      ['--sub', 'x', '--role', 'editor', '--ente', 'casale-monferrato'],
      ['--sub', 'x', '--role', 'viewer', '--ente', 'Casale Monferrato'],
      ['--sub', 'x', '--role', 'viewer', '--ente', 'asti', '--ttl', 'domani'],
    ]) {
      const r = await piao(['token', '--data', data, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^piao: /);
    }
  });
});

describe('piao validate', () => {
  it('prints the demo plan’s issues and exits 1 because it has errors', async () => {
    const r = await piao(['validate', '--demo']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('OBJ_WEIGHT_SUM');
    expect(r.stdout).toContain('RISK_NEEDS_MEASURE');
    expect(r.stdout).toContain(`casale-monferrato/2022-2024: ${PLANTED.errors} errori, ${PLANTED.warnings} avvisi`);
  });

  it('reads a plan from the database, as JSON on request, and says when the plan does not exist', async () => {
    const data = path.join(tmp, 'validate-data');
    await ensureDemo(data);
    const r = await piao(['validate', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', DEMO_PLAN.triennio, '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { issues: Array<{ rule: string }>; summary: { errors: number; warnings: number } };
    expect(body.summary).toMatchObject(PLANTED);
    expect(body.issues.map((i) => i.rule)).toContain('OBJ_WEIGHT_SUM');
    const none = await piao(['validate', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', '2030-2032']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('non esiste');
  });
});

describe('piao export', () => {
  it('writes the demo plan’s consolidated workbook without a database, with no bar when not on a terminal', async () => {
    const out = path.join(tmp, 'demo.xlsx');
    const r = await piao(['export', '--demo', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('\u001b[');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining([getSheet('ente').title, getSheet('obiettivi').title, 'Riepilogo', 'Controlli']));
    const obiettivi = wb.getWorksheet(getSheet('obiettivi').title)!;
    expect(obiettivi.rowCount).toBeGreaterThan(5);
  });

  it('exports a plan from the database', async () => {
    const data = path.join(tmp, 'export-data');
    await ensureDemo(data);
    const out = path.join(tmp, 'db.xlsx');
    const r = await piao(['export', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', DEMO_PLAN.triennio, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect((await stat(out)).size).toBeGreaterThan(10_000);
    const missingOut = await piao(['export', '--demo']);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toContain('--out');
  });
});

describe('piao import', () => {
  async function templateFile(data: string, file: string, edit: (wb: ExcelJS.Workbook) => void): Promise<void> {
    const dd = await openDataDir(data, { logger: silentLogger });
    let bytes: Buffer;
    try {
      const plan = await loadPlanData((r) => dd.loadRoomDoc(r), DEMO_PLAN.ente, DEMO_PLAN.triennio);
      const chunks: Buffer[] = [];
      const sink = new PassThrough();
      sink.on('data', (c: Buffer) => chunks.push(c));
      await writeSectorTemplate(plan, 'finanze', sink);
      bytes = Buffer.concat(chunks);
    } finally {
      await dd.close();
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    edit(wb);
    await wb.xlsx.writeFile(file);
  }

  function addProcess(wb: ExcelJS.Workbook, area: string): void {
    const ws = wb.getWorksheet(getSheet('processi').title)!;
    const header = ws.getRow(1).values as unknown[];
    const row = ws.getRow(ws.actualRowCount + 1);
    const set = (label: string, v: string) => (row.getCell(header.indexOf(label)).value = v);
    set('Codice', 'FIN-P42');
    set('Area di rischio', area);
    set('Processo', 'Rimborsi tributari');
    set('Responsabile', 'Laura Gallo');
  }

  it('merges a sector workbook into the database as one update, or rejects it whole (exit 1) storing nothing', async () => {
    const data = path.join(tmp, 'import-data');
    await ensureDemo(data);
    const args = ['import', '--data', data, '--ente', DEMO_PLAN.ente, '--triennio', DEMO_PLAN.triennio, '--sector', 'finanze', '--sub', 'paolo.gatti'];
    const count = async () => {
      const dd = await openDataDir(data, { logger: silentLogger });
      try {
        return (await dd.plans.history(DEMO_PLAN)).length;
      } finally {
        await dd.close();
      }
    };

    const bad = path.join(tmp, 'bad.xlsx');
    await templateFile(data, bad, (wb) => addProcess(wb, 'Area che non esiste'));
    const before = await count();
    const rejected = await piao([...args, '--file', bad]);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain('nessuna modifica');
    expect(rejected.stderr).toContain('Area di rischio');
    expect(await count()).toBe(before);

    const good = path.join(tmp, 'good.xlsx');
    await templateFile(data, good, (wb) => addProcess(wb, 'Gestione delle entrate, delle spese e del patrimonio'));
    const ok = await piao([...args, '--file', good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).applied).toMatchObject({ added: 1, updated: 0 });
    const dd = await openDataDir(data, { logger: silentLogger });
    try {
      const history = await dd.plans.history(DEMO_PLAN);
      expect(history).toHaveLength(before + 1);
      expect(history.at(-1)).toMatchObject({ sub: 'paolo.gatti', room: `${DEMO_PLAN.ente}/${DEMO_PLAN.triennio}/finanze` });
      const doc = await dd.loadRoomDoc(`${DEMO_PLAN.ente}/${DEMO_PLAN.triennio}/finanze`);
      expect(readSheet(doc, 'processi').some((r) => r.values.codice === 'FIN-P42')).toBe(true);
    } finally {
      await dd.close();
    }
  });
});

describe('piao serve', () => {
  it('starts on the port it was given (0 = any), prints sign-in links, answers /healthz and stops cleanly on SIGTERM', async () => {
    const data = path.join(tmp, 'serve-data');
    const child = spawn(process.execPath, [BIN, 'serve', '--insecure-http', '--port', '0', '--demo', '--data', data], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));
    try {
      const until = Date.now() + 20_000;
      while (!stdout.includes('Ctrl+C') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const url = /in ascolto su (http:\/\/localhost:(\d+))/.exec(stdout);
      expect(url, stdout + stderr).not.toBeNull();
      expect(Number(url![2])).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${url![2]}`;

      const health = await fetch(`${base}/healthz`);
      expect(await health.json()).toEqual({ status: 'ok' });

      const links = [...stdout.matchAll(/http:\/\/localhost:\d+\/\?token=([\w.-]+)/g)].map((m) => m[1]!);
      expect(links).toHaveLength(DEMO_USERS.length);
      for (const u of DEMO_USERS) expect(stdout).toContain(u.name);
      const info = await fetch(`${base}/api/plans/${DEMO_PLAN.ente}/${DEMO_PLAN.triennio}`, { headers: { authorization: `Bearer ${links[0]}` } });
      expect(info.status).toBe(200);
      expect(((await info.json()) as { sectors: unknown[] }).sectors.length).toBeGreaterThan(1);
      expect(stdout).toContain('manifest.xml');
      expect(stdout).toContain('Excel per il web');
      // Logs are JSON on stderr; stdout stays for people.
      expect(stderr.trim().split('\n').every((l) => JSON.parse(l) !== null)).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr).toContain('server fermato');
  }, 60_000);

  it('serves HTTPS by default with development certificates it generates (never installs) and says how to trust the CA', async () => {
    const home = path.join(tmp, 'home');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', path.join(tmp, 'tls-data')], {
      cwd: REPO_ROOT,
      env: { ...process.env, HOME: home, USERPROFILE: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    try {
      const until = Date.now() + 30_000;
      while (!stdout.includes('Ctrl+C') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const m = /in ascolto su https:\/\/localhost:(\d+)/.exec(stdout);
      expect(m, stdout + stderr).not.toBeNull();
      const caPath = path.join(home, '.office-addin-dev-certs', 'ca.crt');
      expect(stdout).toContain(caPath);
      const ca = await readFile(caPath);
      const https = await import('node:https');
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host: 'localhost', port: Number(m![1]), path: '/healthz', ca }, (res) => {
            let b = '';
            res.on('data', (c: Buffer) => (b += c.toString()));
            res.on('end', () => resolve(b));
          })
          .on('error', reject);
      });
      expect(JSON.parse(body)).toEqual({ status: 'ok' });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses a port already in use with a clear message', async () => {
    const net = await import('node:net');
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await piao(['serve', '--insecure-http', '--port', String(port), '--data', path.join(tmp, 'busy')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`La porta ${port} è già in uso`);
    } finally {
      blocker.close();
    }
  }, 30_000);
});
