import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRecord, setRecord } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { ensureDemo } from '../bootstrap/demo';
import { connectClient, makeDataDir, rawConnect, room as roomOf, startTestServer, waitFor, waitSynced, type TestServer } from '../../../test/support/server-harness';

const { ente, triennio } = DEMO_PLAN;
const WF = `/api/plans/${ente}/${triennio}/workflow`;

let t: TestServer;
let coord: string;
let llpp: string;
let pl: string;
let viewer: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  coord = await t.token({ role: 'coordinator', sub: 'marco.bellini' });
  llpp = await t.token({ role: 'editor', sub: 'elena.rinaldi', sectors: ['lavori-pubblici'] });
  pl = await t.token({ role: 'editor', sub: 'davide.cerutti', sectors: ['polizia-locale'] });
  viewer = await t.token({ role: 'viewer', sub: 'oiv' });
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

async function move(path: string, token: string, body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(t.server.url + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('stati del piano e dei settori (workflow)', () => {
  it('invio, verifica e rinvio delle parti dei settori secondo i ruoli', async () => {
    expect((await move(WF, viewer, { target: 'lavori-pubblici', to: 'Inviata dal settore' })).status).toBe(403);
    const other = await move(WF, llpp, { target: 'polizia-locale', to: 'Inviata dal settore' });
    expect(other.status).toBe(403);
    // The Polizia locale part has an error (weights sum to 90): it cannot be sent.
    const blocked = await move(WF, pl, { target: 'polizia-locale', to: 'Inviata dal settore' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatch(/ha \d+ error[ei]: correggerli prima di inviarla/);
    const sent = await move(WF, llpp, { target: 'lavori-pubblici', to: 'Inviata dal settore', note: 'Parte completa' });
    expect(sent.status).toBe(200);
    expect((sent.body.sectors as Record<string, string>)['lavori-pubblici']).toBe('Inviata dal settore');
    expect((await move(WF, llpp, { target: 'lavori-pubblici', to: 'Verificata dal coordinatore' })).status).toBe(403);
    const noNote = await move(WF, coord, { target: 'lavori-pubblici', to: 'Rinviata al settore' });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error).toMatch(/scrivere nella nota/);
    expect((await move(WF, coord, { target: 'lavori-pubblici', to: 'Rinviata al settore', note: 'Manca il target 2024 di LLPP-2022-01' })).status).toBe(200);
    expect((await move(WF, llpp, { target: 'lavori-pubblici', to: 'Inviata dal settore' })).status).toBe(200);
    expect((await move(WF, coord, { target: 'lavori-pubblici', to: 'Verificata dal coordinatore' })).status).toBe(200);
    const early = await move(WF, coord, { target: '_piano', to: 'Proposta alla Giunta' });
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/vanno verificate le parti dei settori: affari-generali, finanze, servizi-cittadino, polizia-locale/);
    expect((await move(WF, coord, { target: '_piano', to: 'Adottata', atto: '12', data: '2022-01-28' })).status).toBe(409);

    const res = await fetch(t.server.url + WF, { headers: { authorization: `Bearer ${viewer}` } });
    const wf = (await res.json()) as { plan: string; moves: Array<{ sub: string; to: string; note: string | null }> };
    expect(wf.plan).toBe('Bozza');
    expect(wf.moves.map((m) => [m.sub, m.to])).toEqual([
      ['elena.rinaldi', 'Inviata dal settore'],
      ['marco.bellini', 'Rinviata al settore'],
      ['elena.rinaldi', 'Inviata dal settore'],
      ['marco.bellini', 'Verificata dal coordinatore'],
    ]);
    expect(wf.moves[1]!.note).toBe('Manca il target 2024 di LLPP-2022-01');
    // The plan knows its deadline; the demo (2022-2024, not adopted) is past it.
    const info = (await (await fetch(`${t.server.url}/api/plans/${ente}/${triennio}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { deadline: { date: string; basis: string; warning: string | null } };
    expect(info.deadline).toMatchObject({ date: '2022-01-31', basis: '31 gennaio' });
    expect(info.deadline.warning).toMatch(/^Il termine per adottare il PIAO 2022-2024 è scaduto il 31\/01\/2022/);
    // The log rides in the plan room: the history and the issues of the plan still answer.
    for (const what of ['history', 'issues']) {
      expect((await fetch(`${t.server.url}/api/plans/${ente}/${triennio}/${what}`, { headers: { authorization: `Bearer ${coord}` } })).status).toBe(200);
    }
  }, 60_000);

  it('dalla proposta alla trasmissione: l’adozione scrive la deliberazione nella scheda anagrafica', async () => {
    // A plan of one sector with nothing in it: no sector errors, so it can go the whole way.
    const created = await move('/api/plans', coord, { ente, triennio: '2030-2032', denominazione: 'Comune di Casale Monferrato', sectors: [{ id: 'unico', denominazione: 'Settore unico' }] });
    expect(created.status).toBe(201);
    const wf = `/api/plans/${ente}/2030-2032/workflow`;
    expect((await move(wf, coord, { target: 'unico', to: 'Inviata dal settore' })).status).toBe(200);
    expect((await move(wf, coord, { target: 'unico', to: 'Verificata dal coordinatore' })).status).toBe(200);
    expect((await move(wf, coord, { target: '_piano', to: 'In consultazione pubblica', note: 'Avviso pubblicato per 15 giorni' })).status).toBe(200);
    expect((await move(wf, coord, { target: '_piano', to: 'Proposta alla Giunta' })).status).toBe(200);
    const noAct = await move(wf, coord, { target: '_piano', to: 'Adottata' });
    expect(noAct.status).toBe(400);
    expect(noAct.body.error).toMatch(/numero della deliberazione/);
    expect((await move(wf, coord, { target: '_piano', to: 'Adottata', atto: '15', data: '2030-01-28' })).status).toBe(200);
    // Sector parts are frozen in their state once the plan is adopted.
    expect((await move(wf, coord, { target: 'unico', to: 'Rinviata al settore', note: 'x' })).status).toBe(409);
    expect((await move(wf, coord, { target: '_piano', to: 'Pubblicata', atto: 'non un url', data: '2030-01-30' })).status).toBe(400);
    expect((await move(wf, coord, { target: '_piano', to: 'Pubblicata', atto: 'https://www.comune.example/piao', data: '2030-01-30' })).status).toBe(200);
    const last = await move(wf, coord, { target: '_piano', to: 'Trasmessa al DFP', data: '2030-01-31' });
    expect(last.status).toBe(200);
    expect(last.body.plan).toBe('Trasmessa al DFP');
    // The adoption recorded the SHA-256 of the content; an edit afterwards shows as a change.
    const get = async () => (await (await fetch(`${t.server.url}${wf}`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { adoption: { hash: string; currentHash: string; changed: boolean } };
    const adopted = await get();
    expect(adopted.adoption.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(adopted.adoption.changed).toBe(false);
    const editor = connectClient(t.syncUrl, roomOf('_piano', ente, '2030-2032'), coord, { ack: true });
    try {
      await waitSynced(editor);
      setRecord(editor.doc, 'ente', { rpct: 'Nuovo RPCT' }, 'test');
      await waitFor(() => editor.saved.length > 0, 5000, 'conferma di salvataggio');
    } finally {
      editor.destroy();
    }
    const changed = await get();
    expect(changed.adoption.hash).toBe(adopted.adoption.hash);
    expect(changed.adoption.changed).toBe(true);

    // The frozen version 1 is the plan as adopted: its document ignores the later edit, the live one shows it;
    // its PDF is the same bytes on every download.
    const download = async (path: string) => {
      const r = await fetch(`${t.server.url}/api/plans/${ente}/2030-2032/${path}`, { headers: { authorization: `Bearer ${viewer}` } });
      expect(r.status, path).toBe(200);
      return Buffer.from(await r.arrayBuffer());
    };
    const docXml = async (path: string) => (await (await JSZip.loadAsync(await download(path))).file('word/document.xml')!.async('string'));
    expect(await docXml('versions/1/document.docx')).not.toContain('Nuovo RPCT');
    expect(await docXml('document.docx')).toContain('Nuovo RPCT');
    expect(await docXml('versions/1/document.docx')).toContain('Adottato con deliberazione di Giunta n. 15 del 28/01/2030');
    expect((await download('versions/1/document.pdf')).equals(await download('versions/1/document.pdf'))).toBe(true);
    const none = await fetch(`${t.server.url}/api/plans/${ente}/2030-2032/versions/2/document.pdf`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(none.status).toBe(404);
    // The frozen rooms sit beside the plan's: its history and issues still answer, and list no frozen room.
    const hist = await fetch(`${t.server.url}/api/plans/${ente}/2030-2032/history`, { headers: { authorization: `Bearer ${coord}` } });
    expect(hist.status).toBe(200);
    expect(JSON.stringify(await hist.json())).not.toContain('_versione');
    expect((await fetch(`${t.server.url}/api/plans/${ente}/2030-2032/issues`, { headers: { authorization: `Bearer ${coord}` } })).status).toBe(200);
    // No client, not even the coordinator, can open a frozen room: the upgrade is refused and nothing is sent.
    const frozen = await rawConnect(`${t.syncUrl}/${ente}/2030-2032/_versione-1-piano?token=${coord}`);
    expect(frozen.status).toBeGreaterThanOrEqual(400);
    expect(frozen.messages).toHaveLength(0);
    // Adopted: the deadline no longer warns.
    const info = (await (await fetch(`${t.server.url}/api/plans/${ente}/2030-2032`, { headers: { authorization: `Bearer ${viewer}` } })).json()) as { deadline: { warning: string | null } };
    expect(info.deadline.warning).toBeNull();

    const client = connectClient(t.syncUrl, roomOf('_piano', ente, '2030-2032'), viewer);
    try {
      await waitSynced(client);
      await waitFor(() => readRecord(client.doc, 'ente').data_approvazione === '2030-01-28', 5000, 'deliberazione nella scheda anagrafica');
      expect(readRecord(client.doc, 'ente').estremi_approvazione).toBe('deliberazione di Giunta n. 15');
      expect(client.doc.getMap('workflow').size).toBe(7);
    } finally {
      client.destroy();
    }
  }, 60_000);
});
