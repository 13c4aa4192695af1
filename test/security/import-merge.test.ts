/**
 * Issue 9 item 1 and issue 14 item 7, through the real server, SQLite and stock y-websocket clients:
 * an import writes only the cells the file changed since its download (three-way merge against the
 * signed base the template carries); a cell someone else changed meanwhile is a conflict, kept as theirs,
 * listed with who and when, and overwritten only on request; a forged base is refused; two parallel
 * imports of the same file add its rows once.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSheet, readSheet, updateRow } from '@piao/shared';
import { DEMO_PLAN } from '@piao/shared/demo/index';
import { BASE_SHEET } from '@piao/shared/workbook/index';
import { ensureDemo } from '../../sync-server/src/bootstrap/demo';
import { connectClient, makeDataDir, room as roomOf, startTestServer, storedBytes, waitFor, waitSynced, type TestServer } from '../support/server-harness';

const { ente, triennio } = DEMO_PLAN;
const PLAN = `/api/plans/${ente}/${triennio}`;
const SECTOR = 'lavori-pubblici';
const LLPP = roomOf(SECTOR, ente, triennio);

let t: TestServer;
let coord: string;
let paolo: string;

beforeAll(async () => {
  const dataDir = await makeDataDir();
  await ensureDemo(dataDir);
  t = await startTestServer({ dataDir });
  coord = await t.token({ role: 'coordinator', sub: 'marco.bellini' });
  paolo = await t.token({ role: 'editor', sub: 'paolo.ferrari', sectors: [SECTOR] });
});
afterAll(async () => {
  await t?.stop();
});

function call(path: string, token: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(t.server.url + path, { ...init, headers });
}

async function template(token: string): Promise<ExcelJS.Workbook> {
  const res = await call(`${PLAN}/sectors/${SECTOR}/template.xlsx`, token);
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(await res.arrayBuffer());
  return wb;
}

interface ImportAnswer {
  error?: string;
  applied: { added: number; cellsChanged: number; conflicts: number; overwritten: number; message: string; warnings: string[]; threeWay: boolean };
  conflicts: Array<{ key: string; sheet: string; row: number; column: string; columnId: string; theirs: unknown; yours: unknown; who?: string; when?: string; overwritten: boolean }>;
}

async function upload(token: string, wb: ExcelJS.Workbook | ArrayBuffer, query = ''): Promise<{ status: number; body: ImportAnswer }> {
  const bytes = wb instanceof ExcelJS.Workbook ? await wb.xlsx.writeBuffer() : wb;
  const res = await call(`${PLAN}/sectors/${SECTOR}/import${query}`, token, { method: 'POST', body: bytes as ArrayBuffer });
  return { status: res.status, body: (await res.json()) as ImportAnswer };
}

function cellOf(wb: ExcelJS.Workbook, sheet: 'misure' | 'processi', code: string, label: string): ExcelJS.Cell {
  const ws = wb.getWorksheet(getSheet(sheet).title)!;
  const header = ws.getRow(1).values as unknown[];
  const codeCol = header.indexOf('Codice');
  const col = header.indexOf(label);
  expect(col, label).toBeGreaterThan(0);
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(codeCol).value === code) found = row;
  });
  expect(found, code).toBeDefined();
  return found!.getCell(col);
}

/** The coordinator edits through the pane's protocol: a stock y-websocket client, confirmed saved. */
async function coordinatorSets(code: string, values: Record<string, string>): Promise<void> {
  const c = connectClient(t.syncUrl, LLPP, coord, { ack: true });
  try {
    await waitSynced(c);
    const row = readSheet(c.doc, 'misure').find((r) => r.values.codice === code)!;
    const saved = c.saved.length;
    updateRow(c.doc, 'misure', row.id, values, 'form');
    await waitFor(() => c.saved.length > saved, 5000, 'modifica del coordinatore salvata');
  } finally {
    c.destroy();
  }
}

async function misura(code: string) {
  const doc = await t.server.ctx.rooms.getDoc(LLPP);
  return readSheet(doc, 'misure').find((r) => r.values.codice === code)!.values;
}

async function historyOf(sub: string) {
  const res = await call(`${PLAN}/history?since=0&limit=5000`, coord);
  const body = (await res.json()) as { entries: Array<{ sub: string; room: string; cells: Array<{ sheet: string; rowId: string; column: string; value: unknown }> }> };
  return body.entries.filter((e) => e.sub === sub && e.room === LLPP);
}

describe('import as a three-way merge', () => {
  it('Paolo changes only stato; the coordinator changed indicatore meanwhile: indicatore keeps the coordinator’s value, history credits Paolo with stato only', async () => {
    const file = await template(paolo);
    await coordinatorSets('LLPP-M01', { indicatore: 'Indicatore scritto dal coordinatore' });
    cellOf(file, 'misure', 'LLPP-M01', 'Stato').value = 'Attuata';

    const { status, body } = await upload(paolo, file);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.applied).toMatchObject({ cellsChanged: 1, conflicts: 0, threeWay: true, warnings: [] });
    expect(body.applied.message).toMatch(/^0 righe aggiunte, 1 cella modificata, 0 conflitti\./);
    expect(await misura('LLPP-M01')).toMatchObject({ stato: 'Attuata', indicatore: 'Indicatore scritto dal coordinatore' });
    const mine = await historyOf('paolo.ferrari');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.cells.map((c) => [c.sheet, c.column, c.value])).toEqual([['misure', 'stato', 'Attuata']]);
  });

  it('a cell both changed is a conflict: kept as theirs and listed (who, when, both values); overwritten only when the importer sends its key', async () => {
    const file = await template(paolo);
    await coordinatorSets('LLPP-M02', { descrizione: 'Descrizione del coordinatore' });
    cellOf(file, 'misure', 'LLPP-M02', 'Descrizione').value = 'Descrizione di Paolo';
    cellOf(file, 'misure', 'LLPP-M02', 'Valore atteso').value = '90%';
    const bytes = (await file.xlsx.writeBuffer()) as ArrayBuffer;

    const first = await upload(paolo, bytes);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.applied).toMatchObject({ cellsChanged: 1, conflicts: 1, overwritten: 0 });
    expect(first.body.applied.message).toMatch(/1 conflitto\. Una cella era stata cambiata da altri dopo il download del modello: resta il valore attuale del piano/);
    expect(first.body.conflicts).toEqual([
      expect.objectContaining({
        sheet: '2.3 Misure',
        column: 'Descrizione',
        columnId: 'descrizione',
        theirs: 'Descrizione del coordinatore',
        yours: 'Descrizione di Paolo',
        who: 'marco.bellini',
        when: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        overwritten: false,
      }),
    ]);
    expect(await misura('LLPP-M02')).toMatchObject({ descrizione: 'Descrizione del coordinatore', valore_atteso: '90%' });

    // The importer chooses to overwrite the conflict they saw: the same file again, with its key.
    const second = await upload(paolo, bytes, `?force=${encodeURIComponent(first.body.conflicts[0]!.key)}`);
    expect(second.status).toBe(200);
    expect(second.body.applied).toMatchObject({ cellsChanged: 1, conflicts: 1, overwritten: 1 });
    expect(await misura('LLPP-M02')).toMatchObject({ descrizione: 'Descrizione di Paolo', valore_atteso: '90%' });
  });

  it('a key for a value that changed again since does not overwrite the new value unseen', async () => {
    const file = await template(paolo);
    await coordinatorSets('LLPP-M01', { responsabile: 'Prima modifica' });
    cellOf(file, 'misure', 'LLPP-M01', 'Responsabile').value = 'Paolo Ferrari';
    const bytes = (await file.xlsx.writeBuffer()) as ArrayBuffer;
    const first = await upload(paolo, bytes);
    const key = first.body.conflicts.find((c) => c.columnId === 'responsabile')!.key;
    await coordinatorSets('LLPP-M01', { responsabile: 'Seconda modifica' });
    const second = await upload(paolo, bytes, `?force=${encodeURIComponent(key)}`);
    expect(second.body.conflicts).toEqual([expect.objectContaining({ columnId: 'responsabile', theirs: 'Seconda modifica', overwritten: false })]);
    expect((await misura('LLPP-M01')).responsabile).toBe('Seconda modifica');
  });

  it('a forged base is refused whole and nothing is stored; a file without base imports with a warning', async () => {
    const forged = await template(paolo);
    const base = forged.getWorksheet(BASE_SHEET)!;
    expect(base.state).toBe('veryHidden');
    const row = base.getRow(2);
    row.getCell(3).value = String(row.getCell(3).value).replace(/"codice":"[^"]*"/, '"codice":"ALTRO"');
    cellOf(forged, 'misure', 'LLPP-M01', 'Stato').value = 'Da attuare';
    const before = await storedBytes(t.server);
    const refused = await upload(paolo, forged);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatch(/foglio nascosto con i valori di partenza .* modificato/);
    expect(await storedBytes(t.server)).toEqual(before);

    const old = await template(paolo);
    old.removeWorksheet(old.getWorksheet(BASE_SHEET)!.id);
    cellOf(old, 'misure', 'LLPP-M01', 'Valore atteso').value = '5';
    const ok = await upload(paolo, old);
    expect(ok.status).toBe(200);
    expect(ok.body.applied).toMatchObject({ threeWay: false, cellsChanged: 1 });
    expect(ok.body.applied.warnings[0]).toMatch(/non contiene i valori di partenza/);
  });

  it('the Istruzioni sheet tells the truth about other people’s changes', async () => {
    const wb = await template(paolo);
    const text: string[] = [];
    wb.getWorksheet('Istruzioni')!.eachRow((r) => text.push(String(r.getCell(2).value ?? '')));
    expect(text.join(' ')).toMatch(/solo le celle che in questo file sono diverse/);
    expect(text.join(' ')).toMatch(/conflitto/);
  });
});

describe('parallel imports (issue 14 item 7)', () => {
  it('the same 2,000-row file imported twice at once adds its rows once', async () => {
    const wb = await template(paolo);
    const ws = wb.getWorksheet(getSheet('processi').title)!;
    const header = ws.getRow(1).values as unknown[];
    const at = (label: string) => header.indexOf(label);
    const first = ws.actualRowCount + 1;
    for (let i = 0; i < 2000; i++) {
      const row = ws.getRow(first + i);
      row.getCell(at('Codice')).value = `PAR-${i}`;
      row.getCell(at('Area di rischio')).value = 'Contratti pubblici';
      row.getCell(at('Processo')).value = `Processo parallelo ${i}`;
      row.getCell(at('Responsabile')).value = 'Andrea Bianchi';
    }
    const bytes = (await wb.xlsx.writeBuffer()) as ArrayBuffer;
    const [a, b] = await Promise.all([upload(paolo, bytes), upload(paolo, bytes)]);
    expect([a.status, b.status], JSON.stringify([a.body.error, b.body.error])).toEqual([200, 200]);
    expect(a.body.applied.added + b.body.applied.added).toBe(2000);
    const doc = await t.server.ctx.rooms.getDoc(LLPP);
    const codes = readSheet(doc, 'processi').map((r) => r.values.codice).filter((c) => typeof c === 'string' && c.startsWith('PAR-'));
    expect(codes).toHaveLength(2000);
    expect(new Set(codes).size).toBe(2000);
  }, 120_000);
});
