import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRow, readRecord, readSheet, roomName, trasparenzaIniziale } from '@piao/shared';
import {
  ENTE,
  TRIENNIO,
  connectClient,
  room,
  startTestServer,
  storedBytes,
  waitFor,
  waitSynced,
  type TestServer,
} from '../../../test/support/server-harness';

let t: TestServer;
let base: string;
let coord: string;
let editor: string;
let viewer: string;
let otherEnte: string;

beforeAll(async () => {
  t = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: ['finanze', 'lavori-pubblici'] }] });
  base = t.server.url;
  coord = await t.token({ role: 'coordinator', sub: 'marco', name: 'Marco' });
  editor = await t.token({ role: 'editor', sub: 'elena', name: 'Elena', sectors: ['lavori-pubblici'] });
  viewer = await t.token({ role: 'viewer', sub: 'oiv' });
  otherEnte = await t.token({ role: 'coordinator', sub: 'altro', ente: 'asti' });
});
afterAll(async () => {
  await t?.stop();
});

function get(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(base + path, { ...init, headers });
}

async function json(res: Response): Promise<Record<string, unknown>> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as Record<string, unknown>;
}

const PLAN = `/api/plans/${ENTE}/${TRIENNIO}`;

describe('health and metrics', () => {
  it('answers /healthz without a token', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok' });
  });

  it('serves Prometheus metrics of the sync core', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of ['piao_connections', 'piao_rooms_loaded', 'piao_updates_stored_total', 'piao_commit_seconds_bucket', 'piao_bytes_stored_total']) {
      expect(text).toContain(name);
    }
  });
});

describe('authentication', () => {
  it('refuses a missing, malformed, forged or expired token with 401 JSON in Italian', async () => {
    const forged = await new SignJWT({ ente: ENTE, role: 'coordinator', name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('un-segreto-che-il-server-non-conosce-0123456789'));
    const expired = await t.server.ctx.auth.sign({ sub: 'x', name: 'x', ente: ENTE, role: 'coordinator', sectors: [] }, 1);
    await new Promise((r) => setTimeout(r, 2100));
    for (const headers of [{} as Record<string, string>, { authorization: 'Basic abc' }, { authorization: `Bearer ${forged}` }, { authorization: `Bearer ${expired}` }]) {
      const res = await fetch(base + PLAN, { headers });
      expect(res.status).toBe(401);
      const body = await json(res);
      expect(typeof body.error).toBe('string');
      expect(body.error).toMatch(/token|Authorization/i);
    }
  });

  it('does not accept ?token= on JSON endpoints', async () => {
    const res = await fetch(`${base}${PLAN}?token=${coord}`);
    expect(res.status).toBe(401);
  });

  it('hides the plans of another administration (404, same as a missing plan)', async () => {
    const res = await get(PLAN, otherEnte);
    expect(res.status).toBe(404);
    expect((await json(res)).error).toContain('non trovato');
    const list = await json(await get('/api/plans', otherEnte));
    expect(list.plans).toEqual([]);
  });
});

describe('routing', () => {
  it('answers unknown API paths with 404 JSON and wrong methods with 405 JSON', async () => {
    const missing = await get('/api/nothing', coord);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error).toMatch(/non trovata/);
    const wrong = await get(PLAN, coord, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect((await json(wrong)).error).toMatch(/non consentito/);
    const unknownPlan = await get(`/api/plans/${ENTE}/2030-2032`, coord);
    expect(unknownPlan.status).toBe(404);
  });

  it('never lets API answers be cached or framed', async () => {
    const res = await get('/api/plans', coord);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('plans', () => {
  it('lists the plans of the caller’s administration', async () => {
    const body = await json(await get('/api/plans', viewer));
    expect(body.plans).toEqual([{ ente: ENTE, triennio: TRIENNIO, denominazione: '' }]);
  });

  it('describes a plan with its sectors, the caller’s access to each room and the caller', async () => {
    const body = await json(await get(PLAN, editor));
    expect(body).toMatchObject({
      ente: ENTE,
      triennio: TRIENNIO,
      sectors: [
        { id: 'finanze', denominazione: 'Settore finanze' },
        { id: 'lavori-pubblici', denominazione: 'Settore lavori-pubblici' },
      ],
      access: { [room('_piano')]: 'read', [room('finanze')]: 'read', [room('lavori-pubblici')]: 'write' },
      me: { sub: 'elena', role: 'editor', sectors: ['lavori-pubblici'], ente: ENTE },
    });
    const v = await json(await get(PLAN, viewer));
    expect(Object.values(v.access as object).every((a) => a === 'read')).toBe(true);
    const c = await json(await get(PLAN, coord));
    expect(Object.values(c.access as object).every((a) => a === 'write')).toBe(true);
  });

  it('lets only a coordinator create a plan of their own administration', async () => {
    const body = {
      ente: ENTE,
      triennio: '2025-2027',
      denominazione: 'Comune di Casale Monferrato',
      sectors: [
        { id: 'ragioneria', denominazione: 'Ragioneria' },
        { id: 'tecnico', denominazione: 'Ufficio tecnico' },
      ],
    };
    const post = (token: string, b: unknown) =>
      get('/api/plans', token, { method: 'POST', body: JSON.stringify(b), headers: { 'content-type': 'application/json' } });

    expect((await post(editor, body)).status).toBe(403);
    expect((await post(viewer, body)).status).toBe(403);
    expect((await post(otherEnte, body)).status).toBe(403);
    const bad = await post(coord, { ...body, triennio: '2025-2026' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toContain('Triennio non valido');
    expect((await post(coord, { ...body, sectors: [{ id: 'A B', denominazione: 'x' }] })).status).toBe(400);
    const notJson = await get('/api/plans', coord, { method: 'POST', body: '{rotto' });
    expect(notJson.status).toBe(400);

    const created = await post(coord, body);
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({
      ente: ENTE,
      triennio: '2025-2027',
      denominazione: 'Comune di Casale Monferrato',
      sectors: [
        { id: 'ragioneria', denominazione: 'Ragioneria' },
        { id: 'tecnico', denominazione: 'Ufficio tecnico' },
      ],
    });
    expect((await post(coord, body)).status).toBe(409);

    // The plan's data is in its `_piano` room, for every client to see.
    const client = connectClient(t.syncUrl, roomName(ENTE, '2025-2027', '_piano'), viewer);
    try {
      await waitSynced(client);
      expect(readRecord(client.doc, 'ente')).toEqual({ denominazione: 'Comune di Casale Monferrato', triennio: '2025-2027' });
      // 2.3 Trasparenza starts from the catalogue of obligations (ANAC delibera 1310/2016 All. 1, issue 12).
      const obblighi = readSheet(client.doc, 'trasparenza').map((r) => r.values);
      expect(obblighi.length).toBeGreaterThan(0);
      expect(obblighi).toEqual(trasparenzaIniziale());
    } finally {
      client.destroy();
    }
    const list = await json(await get('/api/plans', viewer));
    expect(list.plans).toContainEqual({ ente: ENTE, triennio: '2025-2027', denominazione: 'Comune di Casale Monferrato' });
  });
});

describe('history', () => {
  it('says who changed which cells of which room, and when', async () => {
    const before = await storedBytes(t.server);
    const client = connectClient(t.syncUrl, room('lavori-pubblici'), editor, { ack: true });
    let rowId = '';
    try {
      await waitSynced(client);
      rowId = addRow(client.doc, 'obiettivi', { codice: 'LLPP-2022-09', titolo: 'Manutenzione strade', peso: 25 }, 'test');
      await waitFor(async () => (await storedBytes(t.server)).records > before.records, 5000, 'aggiornamento salvato');
    } finally {
      client.destroy();
    }
    const res = await get(`${PLAN}/history`, viewer);
    expect(res.status).toBe(200);
    const body = (await json(res)) as { entries: Array<Record<string, unknown>>; next: number | null };
    const mine = body.entries.filter((e) => e.sub === 'elena');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ room: room('lavori-pubblici') });
    expect(new Date(mine[0]!.at as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(mine[0]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'obiettivi', rowId, column: 'codice', value: 'LLPP-2022-09' },
        { sheet: 'obiettivi', rowId, column: 'titolo', value: 'Manutenzione strade' },
        { sheet: 'obiettivi', rowId, column: 'peso', value: 25 },
      ]),
    );
    // The seed is there too, with its author.
    expect(body.entries.some((e) => e.sub === 'seed' && e.room === room('_piano'))).toBe(true);
    expect(body.next).toBeNull();

    const page = (await json(await get(`${PLAN}/history?limit=1`, editor))) as { entries: Array<{ seq: number }>; next: number };
    expect(page.entries).toHaveLength(1);
    expect(page.next).toBe(page.entries[0]!.seq);
    const rest = (await json(await get(`${PLAN}/history?since=${page.next}`, editor))) as { entries: Array<{ seq: number }> };
    expect(rest.entries.length).toBe(body.entries.length - 1);
    expect(rest.entries.every((e) => e.seq > page.next)).toBe(true);

    expect((await get(`${PLAN}/history?limit=abc`, coord)).status).toBe(400);
    expect((await get(`${PLAN}/history`)).status).toBe(401);
    expect((await get(`${PLAN}/history`, otherEnte)).status).toBe(404);
  });

  it('reports nothing for another plan’s rooms', async () => {
    const body = (await json(await get(`${PLAN}/history`, coord))) as { entries: Array<{ room: string }> };
    expect(body.entries.every((e) => e.room.startsWith(`${ENTE}/${TRIENNIO}/`))).toBe(true);
  });
});
