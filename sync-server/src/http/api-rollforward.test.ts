import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../bootstrap/demo';
import { connectClient, makeDataDir, room as roomOf, startTestServer, waitSynced, type TestServer } from '../../../test/support/server-harness';

const { ente, triennio } = DEMO_PLAN;

let t: TestServer;
let coord: string;
let editor: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  coord = await t.token({ role: 'coordinator', sub: 'marco.bellini' });
  editor = await t.token({ role: 'editor', sub: 'elena.rinaldi', sectors: ['lavori-pubblici'] });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

function post(body: unknown, token: string) {
  return fetch(`${t.server.url}/api/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('POST /api/plans con {from}', () => {
  it('solo il coordinatore; triennio, origine e conferma controllati con messaggi in italiano', async () => {
    expect((await post({ triennio: '2023-2025', from: triennio }, editor)).status).toBe(403);
    const missing = await post({ triennio: '2023-2025', from: '2019-2021' }, coord);
    expect(missing.status).toBe(404);
    const bad = await post({ triennio: '2023-2026', from: triennio }, coord);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/Triennio non valido/);
    const conferma = await post({ triennio: '2023-2025', from: triennio, conferma: { atto: 'deliberazione n. 5/2023' } }, coord);
    expect(conferma.status).toBe(400);
    expect(((await conferma.json()) as { error: string }).error).toMatch(/meno di 50 dipendenti/);
    // Nothing was created by the refused requests.
    const list = (await (await fetch(`${t.server.url}/api/plans`, { headers: { authorization: `Bearer ${coord}` } })).json()) as { plans: Array<{ triennio: string }> };
    expect(list.plans.map((p) => p.triennio)).toEqual([triennio]);
  });

  it('crea 2023-2025 da 2022-2024: settori, target spostati, registro delle righe da rivedere; una seconda volta 409', async () => {
    const res = await post({ triennio: '2023-2025', from: triennio }, coord);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { sectors: Array<{ id: string }>; flags: Array<{ code: string }> };
    expect(body.sectors.map((s) => s.id)).toContain('lavori-pubblici');
    expect(body.flags.some((f) => f.code === 'TARGET_DA_DEFINIRE')).toBe(true);

    const before = connectClient(t.syncUrl, roomOf('lavori-pubblici', ente, triennio), editor);
    const after = connectClient(t.syncUrl, roomOf('lavori-pubblici', ente, '2023-2025'), editor);
    const plan = connectClient(t.syncUrl, roomOf('_piano', ente, '2023-2025'), coord);
    try {
      await Promise.all([waitSynced(before), waitSynced(after), waitSynced(plan)]);
      const oldInd = readSheet(before.doc, 'indicatori');
      const newInd = readSheet(after.doc, 'indicatori');
      expect(newInd.map((r) => r.id)).toEqual(oldInd.map((r) => r.id));
      newInd.forEach((r, i) => {
        expect(r.values.target_anno1).toEqual(oldInd[i]!.values.target_anno2 ?? null);
        expect(r.values.target_anno3 ?? null).toBeNull();
      });
      const register = readSheet(plan.doc, 'riporti').filter((r) => r.values.settore === 'lavori-pubblici' && r.values.foglio === '2.2 Indicatori');
      expect(register).toHaveLength(newInd.length);
      expect(register.every((r) => r.values.da_rivedere === true)).toBe(true);
    } finally {
      before.destroy();
      after.destroy();
      plan.destroy();
    }
    expect((await post({ triennio: '2023-2025', from: triennio }, coord)).status).toBe(409);

    // The diff of the new plan against its origin: the shifted targets, cell by cell.
    const diff = await fetch(`${t.server.url}/api/plans/${ente}/2023-2025/diff?from=${triennio}`, { headers: { authorization: `Bearer ${editor}` } });
    expect(diff.status).toBe(200);
    const d = (await diff.json()) as { sheets: Array<{ room: string; sheet: string; changed: Array<{ cells: Array<{ column: string }> }> }> };
    const ind = d.sheets.find((s) => s.room === 'lavori-pubblici' && s.sheet === 'indicatori')!;
    expect(ind.changed.every((r) => r.cells.some((c) => c.column === 'target_anno1' || c.column === 'target_anno3'))).toBe(true);
    expect((await fetch(`${t.server.url}/api/plans/${ente}/2023-2025/diff?from=2019`, { headers: { authorization: `Bearer ${editor}` } })).status).toBe(400);
  }, 60_000);
});
