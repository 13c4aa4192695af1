import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSheet, updateRow } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../bootstrap/demo';
import { connectClient, makeDataDir, room as roomOf, startTestServer, waitFor, waitSynced, type TestServer } from '../../../test/support/server-harness';

const { ente, triennio } = DEMO_PLAN;
const PLAN = `/api/plans/${ente}/${triennio}`;

let t: TestServer;
let viewer: string;
let editor: string;
let otherEnte: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  viewer = await t.token({ role: 'viewer', sub: 'oiv' });
  editor = await t.token({ role: 'editor', sub: 'elena.rinaldi', sectors: ['lavori-pubblici'] });
  otherEnte = await t.token({ role: 'coordinator', sub: 'x', ente: 'asti' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

function call(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(t.server.url + path, { ...init, headers });
}

describe('GET …/document.pdf|.docx', () => {
  it('il PDF del piano, per chi può leggerlo', async () => {
    const res = await call(`${PLAN}/document.pdf`, viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="PIAO-${ente}-${triennio}.pdf"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  }, 60_000);

  it('il DOCX dai documenti vivi: contiene ciò che un settore ha appena scritto', async () => {
    const client = connectClient(t.syncUrl, roomOf('lavori-pubblici', ente, triennio), editor, { ack: true });
    try {
      await waitSynced(client);
      const row = readSheet(client.doc, 'obiettivi').find((r) => r.values.codice === 'LLPP-2022-01')!;
      updateRow(client.doc, 'obiettivi', row.id, { titolo: 'Obiettivo riscritto prima della pubblicazione' }, 'test');
      await waitFor(() => client.saved.length > 0, 5000, 'conferma di salvataggio');
    } finally {
      client.destroy();
    }
    const res = await call(`${PLAN}/document.docx`, viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Obiettivo riscritto prima della pubblicazione');
    expect(xml).toContain('2.3 – Rischi corruttivi e trasparenza');
  }, 60_000);

  it('rifiuta senza token, un altro ente, un altro metodo', async () => {
    expect((await call(`${PLAN}/document.pdf`)).status).toBe(401);
    const other = await call(`${PLAN}/document.pdf`, otherEnte);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: string }).error).toMatch(/non trovato/);
    expect((await call(`${PLAN}/document.pdf`, viewer, { method: 'POST' })).status).toBe(405);
    expect((await call(`${PLAN}/document.odt`, viewer)).status).toBe(404);
  });
});
