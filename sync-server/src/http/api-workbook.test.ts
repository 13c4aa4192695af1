import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet, readSheet, updateRow } from '@piao/shared';
import { DEMO_EXPECTED_ISSUES, DEMO_PLAN } from '@piao/shared/demo/index';
import { PLAN_WORKBOOK_SHEETS, README_SHEET } from '@piao/shared/workbook/index';
import { ensureDemo } from '../bootstrap/demo';
import {
  connectClient,
  makeDataDir,
  room as roomOf,
  startTestServer,
  storedBytes,
  waitFor,
  waitSynced,
  type TestServer,
} from '../../../test/support/server-harness';

const { ente, triennio } = DEMO_PLAN;
const PLAN = `/api/plans/${ente}/${triennio}`;
const LLPP = roomOf('lavori-pubblici', ente, triennio);

let t: TestServer;
let coord: string;
let llppEditor: string;
let plEditor: string;
let viewer: string;
let otherEnte: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  coord = await t.token({ role: 'coordinator', sub: 'marco.bellini' });
  llppEditor = await t.token({ role: 'editor', sub: 'elena.rinaldi', sectors: ['lavori-pubblici'] });
  plEditor = await t.token({ role: 'editor', sub: 'davide.cerutti', sectors: ['polizia-locale'] });
  viewer = await t.token({ role: 'viewer', sub: 'oiv' });
  otherEnte = await t.token({ role: 'coordinator', sub: 'x', ente: 'asti' });
});
afterAll(async () => {
  await t?.stop();
});

function call(path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(t.server.url + path, { ...init, headers });
}

async function workbook(res: Response): Promise<ExcelJS.Workbook> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

function columnOf(ws: ExcelJS.Worksheet, label: string): number {
  const header = ws.getRow(1).values as unknown[];
  const i = header.findIndex((v) => v === label);
  expect(i, `colonna ${label} in ${ws.name}`).toBeGreaterThan(0);
  return i;
}

function findRow(ws: ExcelJS.Worksheet, col: number, value: unknown): ExcelJS.Row | undefined {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(col).value === value) found = row;
  });
  return found;
}

describe('export.xlsx', () => {
  it('is the consolidated workbook built from the live documents, including what a client just wrote', async () => {
    const client = connectClient(t.syncUrl, LLPP, llppEditor, { ack: true });
    try {
      await waitSynced(client);
      const row = readSheet(client.doc, 'obiettivi').find((r) => r.values.codice === 'LLPP-2022-01')!;
      updateRow(client.doc, 'obiettivi', row.id, { titolo: 'Titolo scritto da Elena nel riquadro' }, 'test');
      await waitFor(() => client.saved.length > 0, 5000, 'conferma di salvataggio');
    } finally {
      client.destroy();
    }
    const res = await call(`${PLAN}/export.xlsx`, viewer);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="PIAO-${ente}-${triennio}.xlsx"`);
    const wb = await workbook(res);
    const visible = wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name);
    expect(visible).toEqual([...PLAN_WORKBOOK_SHEETS]);
    const ws = wb.getWorksheet(getSheet('obiettivi').title)!;
    const hit = findRow(ws, columnOf(ws, 'Codice'), 'LLPP-2022-01');
    expect(hit?.getCell(columnOf(ws, 'Titolo')).value).toBe('Titolo scritto da Elena nel riquadro');
  });

  it('opens as a browser download with ?token=, and is refused without a valid token or to another ente', async () => {
    await workbook(await fetch(`${t.server.url}${PLAN}/export.xlsx?token=${encodeURIComponent(llppEditor)}`));
    const none = await fetch(`${t.server.url}${PLAN}/export.xlsx`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: string }).error).toContain('token');
    expect((await fetch(`${t.server.url}${PLAN}/export.xlsx?token=abc.def.ghi`)).status).toBe(401);
    expect((await call(`${PLAN}/export.xlsx`, otherEnte)).status).toBe(404);
  });
});

describe('issues', () => {
  it('lists the validation issues of the live plan with a summary, and follows edits', async () => {
    const res = await call(`${PLAN}/issues`, viewer);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { issues: Array<{ rule: string; room: string }>; summary: { errors: number; warnings: number } };
    // The demo's planted issues (shared/src/demo/index.ts), whatever rules they show.
    const planted = { errors: DEMO_EXPECTED_ISSUES.filter((i) => i.severity === 'error').length, warnings: DEMO_EXPECTED_ISSUES.filter((i) => i.severity === 'warning').length };
    expect(body.summary).toMatchObject(planted);
    expect(body.issues).toContainEqual(expect.objectContaining({ rule: 'OBJ_WEIGHT_SUM', room: 'polizia-locale' }));

    // The Polizia locale editor brings the weights to 100: the error goes away.
    const client = connectClient(t.syncUrl, roomOf('polizia-locale', ente, triennio), plEditor, { ack: true });
    try {
      await waitSynced(client);
      const first = readSheet(client.doc, 'obiettivi')[0]!;
      updateRow(client.doc, 'obiettivi', first.id, { peso: (first.values.peso as number) + 10 }, 'test');
      await waitFor(() => client.saved.length > 0, 5000, 'conferma di salvataggio');
    } finally {
      client.destroy();
    }
    const after = (await (await call(`${PLAN}/issues`, coord)).json()) as typeof body;
    expect(after.issues.some((i) => i.rule === 'OBJ_WEIGHT_SUM')).toBe(false);
    expect(after.summary.errors).toBe(planted.errors - 1);
    expect((await fetch(`${t.server.url}${PLAN}/issues?token=${encodeURIComponent(viewer)}`)).status).toBe(401);
  });
});

describe('sector template and import', () => {
  async function template(token: string, sector = 'lavori-pubblici'): Promise<ExcelJS.Workbook> {
    const res = await fetch(`${t.server.url}${PLAN}/sectors/${sector}/template.xlsx?token=${encodeURIComponent(token)}`);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="PIAO-${ente}-${triennio}-${sector}.xlsx"`);
    return workbook(res);
  }

  async function upload(token: string, body: Uint8Array | ArrayBuffer, sector = 'lavori-pubblici') {
    return call(`${PLAN}/sectors/${sector}/import`, token, {
      method: 'POST',
      body: body as ArrayBuffer,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
  }

  it('merges a filled template into the sector room as one update that connected clients receive', async () => {
    const wb = await template(llppEditor);
    expect(wb.worksheets[0]!.name).toBe(README_SHEET);
    const processi = wb.getWorksheet(getSheet('processi').title)!;
    const last = processi.actualRowCount + 1;
    const row = processi.getRow(last);
    row.getCell(columnOf(processi, 'Codice')).value = 'LLPP-P99';
    row.getCell(columnOf(processi, 'Area di rischio')).value = 'Contratti pubblici';
    row.getCell(columnOf(processi, 'Processo')).value = 'Affidamento di lavori di somma urgenza';
    row.getCell(columnOf(processi, 'Responsabile')).value = 'Andrea Bianchi';
    const obiettivi = wb.getWorksheet(getSheet('obiettivi').title)!;
    findRow(obiettivi, columnOf(obiettivi, 'Codice'), 'LLPP-2022-02')!.getCell(columnOf(obiettivi, 'Stakeholder')).value = 'Cittadini e imprese';
    const bytes = await wb.xlsx.writeBuffer();

    const watcher = connectClient(t.syncUrl, LLPP, viewer);
    try {
      await waitSynced(watcher);
      const before = await storedBytes(t.server);
      const res = await upload(llppEditor, bytes as ArrayBuffer);
      const body = (await res.json()) as { applied: { added: number; updated: number; message: string } };
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(body.applied).toMatchObject({ added: 1, updated: 1 });
      expect(typeof body.applied.message).toBe('string');
      await waitFor(() => readSheet(watcher.doc, 'processi').some((r) => r.values.codice === 'LLPP-P99'), 5000, 'riga importata');
      const added = readSheet(watcher.doc, 'processi').find((r) => r.values.codice === 'LLPP-P99')!;
      expect(added.values).toMatchObject({ area: 'Contratti pubblici', processo: 'Affidamento di lavori di somma urgenza', responsabile: 'Andrea Bianchi' });
      expect(readSheet(watcher.doc, 'obiettivi').find((r) => r.values.codice === 'LLPP-2022-02')!.values.stakeholder).toBe('Cittadini e imprese');
      // One transaction, one stored update, attributed to the importer in the history.
      expect((await storedBytes(t.server)).records).toBe(before.records + 1);
      const history = (await (await call(`${PLAN}/history?since=0&limit=5000`, coord)).json()) as {
        entries: Array<{ sub: string; room: string; cells: Array<{ sheet: string; column: string; value: unknown }> }>;
      };
      const last = history.entries.at(-1)!;
      expect(last).toMatchObject({ sub: 'elena.rinaldi', room: LLPP });
      expect(last.cells).toContainEqual(expect.objectContaining({ sheet: 'processi', column: 'codice', value: 'LLPP-P99' }));
      expect(last.cells).toContainEqual(expect.objectContaining({ sheet: 'obiettivi', column: 'stakeholder', value: 'Cittadini e imprese' }));

      // A fresh template, uploaded unchanged, changes nothing and stores nothing.
      const fresh = await (await template(llppEditor)).xlsx.writeBuffer();
      const again = await upload(llppEditor, fresh as ArrayBuffer);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { applied: { added: number; updated: number } }).applied).toMatchObject({ added: 0, updated: 0 });
      expect((await storedBytes(t.server)).records).toBe(before.records + 1);
    } finally {
      watcher.destroy();
    }
  });

  it('rejects a broken workbook whole, with the bad cells, and stores nothing', async () => {
    const wb = await template(coord);
    const processi = wb.getWorksheet(getSheet('processi').title)!;
    const row = processi.getRow(processi.actualRowCount + 1);
    row.getCell(columnOf(processi, 'Codice')).value = 'LLPP-P77';
    row.getCell(columnOf(processi, 'Area di rischio')).value = 'Area inventata';
    row.getCell(columnOf(processi, 'Processo')).value = 'Processo valido';
    row.getCell(columnOf(processi, 'Responsabile')).value = 'Andrea Bianchi';
    const wrongEnum = await wb.xlsx.writeBuffer();

    const before = await storedBytes(t.server);
    const bad = await upload(coord, wrongEnum as ArrayBuffer);
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: string; errors: Array<{ sheet: string; row: number; column: string; message: string }> };
    expect(body.error).toContain('nessuna modifica');
    expect(body.errors).toContainEqual(expect.objectContaining({ sheet: getSheet('processi').title, row: row.number, column: 'Area di rischio' }));

    const garbage = await upload(coord, new TextEncoder().encode('questo non è un file excel'));
    expect(garbage.status).toBe(422);
    const g = (await garbage.json()) as { error: string; errors: unknown[] };
    expect(g.error.length).toBeGreaterThan(10);
    expect(Array.isArray(g.errors)).toBe(true);

    expect((await upload(coord, new Uint8Array())).status).toBe(400);
    expect(await storedBytes(t.server)).toEqual(before);
  });

  it('lets only those who may write the sector import, and knows the plan’s sectors', async () => {
    const bytes = await (await template(viewer)).xlsx.writeBuffer();
    const before = await storedBytes(t.server);
    for (const [token, status] of [
      [viewer, 403],
      [plEditor, 403],
      [otherEnte, 404],
    ] as const) {
      const res = await upload(token, bytes as ArrayBuffer);
      expect(res.status).toBe(status);
      expect(typeof ((await res.json()) as { error: string }).error).toBe('string');
    }
    expect((await upload(coord, bytes as ArrayBuffer, 'settore-che-non-esiste')).status).toBe(404);
    expect((await call(`${PLAN}/sectors/lavori-pubblici/import`, coord)).status).toBe(405);
    expect((await fetch(`${t.server.url}${PLAN}/sectors/lavori-pubblici/import?token=${encodeURIComponent(coord)}`, { method: 'POST', body: bytes as ArrayBuffer })).status).toBe(401);
    expect(await storedBytes(t.server)).toEqual(before);
  });

  it('refuses a file over the size limit with 413', async () => {
    const res = await upload(llppEditor, new Uint8Array(21 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toContain('20 MB');
  });
});
