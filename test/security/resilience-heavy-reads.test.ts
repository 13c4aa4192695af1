/**
 * Issue 14, item 10: validation and export of a large plan ran on the event loop (health checks timed
 * out; five parallel /issues peaked at 2.85 GB). Now they run in worker threads, identical requests on
 * the same version share one computation, and beyond the pool's queue a request is refused at once
 * with 503 + Retry-After. Bounded conditions, not timings: health answers while an export is running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import * as Y from 'yjs';
import { applyChanges } from '@piao/shared/doc/rows';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { HeavyPool, DEFAULT_HEAVY_POOL } from '../../sync-server/src/http/heavy-pool';
import { HttpError } from '../../sync-server/src/http/respond';
import { openDataDir } from '../../sync-server/src/data-dir';
import { ENTE, makeDataDir, room, seedPlan, silentLogger, startTestServer, TRIENNIO, waitFor, type TestServer } from '../support/server-harness';

const SECTOR = 'lavori-pubblici';
const ROWS = 15_000;
const API = `/api/plans/${ENTE}/${TRIENNIO}`;

async function metric(ts: TestServer, name: string, label = ''): Promise<number> {
  const text = await (await fetch(`${ts.server.url}/metrics`)).text();
  const m = new RegExp(`^${name}${label.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

describe('heavy reads off the event loop', () => {
  let ts: TestServer;
  let token: string;
  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] });
    const d = new Y.Doc();
    applyChanges(
      d,
      Array.from({ length: ROWS }, (_, i) => ({
        kind: 'add' as const,
        sheet: 'obiettivi' as const,
        values: { codice: `OB-${i}`, titolo: `Obiettivo numero ${i} con un titolo di lunghezza realistica`, peso: 1 },
      })),
      'test',
    );
    const dd = await openDataDir(dataDir, { logger: silentLogger });
    await dd.appendUpdate(room(SECTOR), Y.encodeStateAsUpdate(d), 'seed');
    await dd.close();
    ts = await startTestServer({ dataDir });
    token = await ts.token({ role: 'coordinator' });
  }, 60_000);
  afterAll(async () => {
    await ts.stop();
  });

  const get = (p: string) => fetch(`${ts.server.url}${API}${p}`, { headers: { authorization: `Bearer ${token}` } });

  it('/healthz and /metrics answer while an export of a large plan is being built', async () => {
    let exportDone = false;
    const exported = get('/export.xlsx').then(async (r) => {
      const body = await r.arrayBuffer();
      exportDone = true;
      return { status: r.status, body };
    });
    // The export is running in a worker, and the server still answers metrics.
    await waitFor(async () => (await metric(ts, 'piao_heavy_jobs_running')) >= 1, 30_000, 'esportazione in corso');
    const health = await fetch(`${ts.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(exportDone).toBe(false);
    const { status, body } = await exported;
    expect(status).toBe(200);
    const zip = await JSZip.loadAsync(body);
    expect(Object.keys(zip.files).some((n) => n.startsWith('xl/worksheets/'))).toBe(true);
  }, 120_000);

  it('five parallel /issues on one version are computed once and agree', async () => {
    const before = await metric(ts, 'piao_heavy_jobs_total', '{kind="issues"}');
    const answers = await Promise.all(Array.from({ length: 5 }, () => get('/issues')));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    expect((await metric(ts, 'piao_heavy_jobs_total', '{kind="issues"}')) - before).toBeLessThanOrEqual(1);
  }, 120_000);
});

describe('the heavy pool refuses beyond its queue', () => {
  it('answers 503 with Retry-After and an Italian message, and still runs the queued jobs', async () => {
    const pool = new HeavyPool({ ...DEFAULT_HEAVY_POOL, workers: 1, maxWaiting: 1 });
    try {
      const data = { ente: DEMO_PLAN.ente, triennio: DEMO_PLAN.triennio, records: {}, tables: {}, sectors: [], settings: { weightRule: 'sector', riskMode: 'qualitativa' } } as never;
      const first = pool.run({ kind: 'issues', data });
      const second = pool.run({ kind: 'issues', data });
      const third = pool.run({ kind: 'issues', data });
      await expect(third).rejects.toBeInstanceOf(HttpError);
      await expect(third).rejects.toMatchObject({ status: 503, headers: { 'retry-after': '5' }, message: expect.stringMatching(/riprovare tra qualche secondo/) });
      await expect(first).resolves.toHaveProperty('issues');
      await expect(second).resolves.toHaveProperty('issues');
    } finally {
      pool.close();
    }
  }, 60_000);
});
