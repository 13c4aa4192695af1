/**
 * Browser end-to-end, second part: the sector template round trip (download, fill with exceljs,
 * upload through the pane), a refused template, presence between two users in one sector, the jump
 * from an issue to its cell, and sign-in with a forged or expired token. The real server runs over
 * plain HTTP on 127.0.0.1 with the demo plan; headless Debian Chromium, one context per user.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRow, readSheet } from '@piao/shared/doc/rows';
import { roomName } from '@piao/shared/doc/rooms';
import { DEMO_PLAN, DEMO_USERS, demoContent, type DemoUser } from '@piao/shared/demo/index';
import { getSheet } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import { loadOrCreateSecret } from '../../sync-server/src/auth/secret';
import { ensureDemo, signInLinks } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import { reportFailure,
  BADGE,
  cellId,
  chooseSector,
  downloadFrom,
  focusedTestId,
  launchBrowser,
  openPage,
  openPane,
  screenshotAll,
  showSheet,
  until,
  waitBadge,
  waitCellValue,
  type UserPage,
} from './pane';

const A = 'lavori-pubblici';
const ROOM_A = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, A);
const OBJ = 'obiettivi';
const AGILE = 'lavoro_agile';

const content = demoContent();
const sectorA = content.sectors.find((s) => s.id === A)!;
const [a1, a2] = sectorA.sheets.obiettivi.map((r) => r.id) as [string, string];
const agileRows = sectorA.sheets.lavoro_agile;

/** The demo's one rule finding in sector A: on the `rischi` sheet, not the first one the pane shows. */
const RISK_ISSUE = { rule: 'RISK_JUDGEMENT_LOW', sheet: 'rischi', rowId: 'demo-rischi-6', column: 'giudizio' } as const;

/** A finding of another sector (finanze), reached from the coordinator's whole-plan list. */
const CROSS_ROOM_ISSUE = { rule: 'RISK_NEEDS_MEASURE', room: 'finanze', sheet: 'rischi', rowId: 'demo-rischi-4', column: 'giudizio' } as const;

const TEXT = {
  editedTitle: 'Bonifica amianto: scuole, palestre e cimiteri (da modello)',
  newActivity: 'Gestione dei contratti di manutenzione stradale (da modello)',
  badEnum: 'Strategicissimo',
  badNumber: 'dieci',
};

const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;

/** The template's worksheet of a sheet, with its header columns by label (row 1; column A is the hidden ID). */
function templateSheet(wb: ExcelJS.Workbook, sheet: SheetId) {
  const title = getSheet(sheet).title;
  const ws = wb.getWorksheet(title);
  if (!ws) throw new Error(`Il modello non ha il foglio «${title}»`);
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => cols.set(String(c.value), n));
  const col = (label: string) => {
    const n = cols.get(label);
    if (n === undefined) throw new Error(`Il foglio «${title}» non ha la colonna «${label}» (${[...cols.keys()].join(', ')})`);
    return n;
  };
  /** Excel row number of the row with this id. */
  const rowOf = (id: string) => {
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
    throw new Error(`Il foglio «${title}» non ha la riga ${id}`);
  };
  /** First row below the last one with an id. */
  const nextFree = () => {
    let last = 1;
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value) last = r;
    return last + 1;
  };
  return { ws, title, col, rowOf, nextFree };
}

const demoUser = (pred: (u: DemoUser) => boolean) => DEMO_USERS.find(pred)!;
const label = (sheet: SheetId, column: string) => getSheet(sheet).columns.find((c) => c.id === column)!.label;

describe('task pane in Chromium: template round trip, refused import, presence, issue jump, sign-in errors', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let editorA: UserPage;
  let coord: UserPage;
  let link: (pred: (u: DemoUser) => boolean) => string;
  const users: UserPage[] = [];
  const tmp = path.resolve('test-results', 'e2e', 'files');

  const docA = () => server.server.ctx.rooms.getDoc(ROOM_A);

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\` prima dei test e2e`);
    }
    await mkdir(tmp, { recursive: true });
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    expect(server.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const links = await signInLinks(server.server.url, server.server.ctx.auth);
    link = (pred) => links.find((l) => pred(l.user))!.url;

    browser = await launchBrowser();
    try {
      editorA = await openPane(browser, users, 'editor-a', link((u) => u.role === 'editor' && u.sectors.includes(A)));
      coord = await openPane(browser, users, 'coordinator', link((u) => u.role === 'coordinator'));
      await Promise.all([waitBadge(editorA.page, BADGE.saved, 60_000), waitBadge(coord.page, BADGE.saved, 60_000)]);
      await chooseSector(coord.page, A, cellId(OBJ, a1, 'titolo'));
      await showSheet(editorA.page, OBJ);
    } catch (err) {
      console.error(`Schermate: ${(await screenshotAll(users, 'apertura-files')).join(', ')}`);
      throw err;
    }
  }, 180_000);

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      await reportFailure(users, task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the editor downloads the sector template, fills it and uploads it; everyone sees the new and edited rows', async () => {
    const file = await downloadFrom(editorA.page, 'download-template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);

    const obj = templateSheet(wb, OBJ);
    expect(obj.ws.getCell(obj.rowOf(a1), obj.col(label(OBJ, 'titolo'))).value).toBe(sectorA.sheets.obiettivi[0]!.values.titolo);
    obj.ws.getCell(obj.rowOf(a1), obj.col(label(OBJ, 'titolo'))).value = TEXT.editedTitle;

    const agile = templateSheet(wb, AGILE);
    const r = agile.nextFree();
    expect(r, 'riga libera sotto quelle del settore').toBe(agileRows.length + 2);
    agile.ws.getCell(r, agile.col(label(AGILE, 'attivita'))).value = TEXT.newActivity;
    agile.ws.getCell(r, agile.col(label(AGILE, 'smartabile'))).value = 'Parzialmente';
    agile.ws.getCell(r, agile.col(label(AGILE, 'dipendenti'))).value = 4;
    agile.ws.getCell(r, agile.col(label(AGILE, 'giorni_settimana'))).value = 1;

    const filled = path.join(tmp, 'modello-compilato.xlsx');
    await writeFile(filled, Buffer.from(await wb.xlsx.writeBuffer()));
    await editorA.page.getByTestId('import-file').setInputFiles(filled);
    await editorA.page.getByTestId('import-ok').waitFor({ timeout: 20_000 });
    expect(await editorA.page.getByTestId('import-errors').count()).toBe(0);

    // The server stored one edit and one new row, nothing duplicated.
    const doc = await docA();
    expect(readRow(doc, OBJ, a1)?.values.titolo).toBe(TEXT.editedTitle);
    expect(readSheet(doc, OBJ)).toHaveLength(sectorA.sheets.obiettivi.length);
    const agileNow = readSheet(doc, AGILE);
    expect(agileNow).toHaveLength(agileRows.length + 1);
    const added = agileNow.find((x) => x.values.attivita === TEXT.newActivity);
    expect(added, 'riga aggiunta dal modello').toBeDefined();
    expect(added!.values).toMatchObject({ smartabile: 'Parzialmente', dipendenti: 4, giorni_settimana: 1 });

    // The coordinator, in the same sector, sees both through the sync.
    await showSheet(coord.page, OBJ);
    await waitCellValue(coord.page, OBJ, a1, 'titolo', TEXT.editedTitle, 10_000);
    await showSheet(coord.page, AGILE);
    await waitCellValue(coord.page, AGILE, added!.id, 'attivita', TEXT.newActivity, 10_000);
    await waitCellValue(coord.page, AGILE, added!.id, 'smartabile', 'Parzialmente');
    // And so does the editor's own grid.
    await waitCellValue(editorA.page, OBJ, a1, 'titolo', TEXT.editedTitle, 10_000);
  });

  it('a template with a wrong list value and a text in a number column is refused cell by cell, and nothing is stored', async () => {
    const file = await downloadFrom(editorA.page, 'download-template');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    // The downloaded template carries the previous import.
    const obj = templateSheet(wb, OBJ);
    expect(obj.ws.getCell(obj.rowOf(a1), obj.col(label(OBJ, 'titolo'))).value).toBe(TEXT.editedTitle);

    const enumRow = obj.rowOf(a2);
    obj.ws.getCell(enumRow, obj.col(label(OBJ, 'tipo'))).value = TEXT.badEnum;
    const agile = templateSheet(wb, AGILE);
    const numRow = agile.rowOf(agileRows[0]!.id);
    agile.ws.getCell(numRow, agile.col(label(AGILE, 'dipendenti'))).value = TEXT.badNumber;
    // A valid edit in the same file must not be stored either: the file is refused whole.
    agile.ws.getCell(numRow, agile.col(label(AGILE, 'strumenti'))).value = 'Modifica che non deve arrivare';

    const broken = path.join(tmp, 'modello-errato.xlsx');
    await writeFile(broken, Buffer.from(await wb.xlsx.writeBuffer()));
    const before = await docA();
    const stateBefore = Y.encodeStateVector(before);
    const rowsBefore = JSON.stringify([readSheet(before, OBJ), readSheet(before, AGILE)]);

    const page = editorA.page;
    await page.getByTestId('import-file').setInputFiles(broken);
    const box = page.getByTestId('import-errors');
    await box.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('import-ok').count()).toBe(0);
    expect(await box.textContent()).toContain('Importazione rifiutata');

    const items = page.getByTestId('import-error');
    expect(await items.count()).toBe(2);
    const shown = await items.evaluateAll((els) =>
      els.map((el) => ({ sheet: el.getAttribute('data-sheet'), row: el.getAttribute('data-row'), column: el.getAttribute('data-column'), text: el.textContent ?? '' })),
    );
    const enumError = shown.find((e) => e.sheet === obj.title);
    const numError = shown.find((e) => e.sheet === agile.title);
    expect(enumError, `errore sul foglio ${obj.title}: ${JSON.stringify(shown)}`).toMatchObject({ row: String(enumRow), column: label(OBJ, 'tipo') });
    expect(numError, `errore sul foglio ${agile.title}: ${JSON.stringify(shown)}`).toMatchObject({ row: String(numRow), column: label(AGILE, 'dipendenti') });
    // The text names sheet, row and column for the user, in Italian.
    expect(enumError!.text).toContain(`${obj.title}, riga ${enumRow}, colonna ${label(OBJ, 'tipo')}`);
    expect(enumError!.text).toContain(TEXT.badEnum);
    expect(numError!.text).toContain(`${agile.title}, riga ${numRow}, colonna ${label(AGILE, 'dipendenti')}`);

    const after = await docA();
    expect(Buffer.from(Y.encodeStateVector(after)).equals(Buffer.from(stateBefore)), 'vettore di stato del documento sul server').toBe(true);
    expect(JSON.stringify([readSheet(after, OBJ), readSheet(after, AGILE)])).toBe(rowsBefore);
    // The pages still show the stored values.
    await showSheet(coord.page, OBJ);
    await waitCellValue(coord.page, OBJ, a2, 'tipo', String(sectorA.sheets.obiettivi[1]!.values.tipo));
  });

  it('two users in one sector see each other, and the row each one is on; a closed page leaves the list', async () => {
    const elena = editorA.page;
    const marco = coord.page;
    const editorSub = demoUser((u) => u.role === 'editor' && u.sectors.includes(A)).sub;
    const coordSub = demoUser((u) => u.role === 'coordinator').sub;
    const viewerSub = demoUser((u) => u.role === 'viewer').sub;
    const entry = (p: Page, sub: string) => p.locator(`[data-testid="presence-list"] [data-testid="presence-${sub}"][data-self="false"]`);

    await until(() => entry(marco, editorSub).getAttribute('data-sector', { timeout: 10_000 }), (s) => s === A, 'l’editor nella lista del coordinatore');
    await until(() => entry(elena, coordSub).getAttribute('data-sector', { timeout: 10_000 }), (s) => s === A, 'il coordinatore nella lista dell’editor');

    // Elena clicks a cell of the second objective: Marco sees her on that row.
    await showSheet(elena, OBJ);
    expect(await entry(marco, editorSub).getAttribute('data-row')).not.toBe(a2);
    await elena.getByTestId(cellId(OBJ, a2, 'titolo')).click();
    await until(() => entry(marco, editorSub).getAttribute('data-row'), (r) => r === a2, 'la riga di Elena nella presenza del coordinatore', 3_000);
    expect(await entry(marco, editorSub).textContent()).toContain('riga 2');
    // Marco clicks a cell of the first: Elena sees him there.
    await showSheet(marco, OBJ);
    expect(await entry(elena, coordSub).getAttribute('data-row')).not.toBe(a1);
    await marco.getByTestId(cellId(OBJ, a1, 'responsabile')).click();
    await until(() => entry(elena, coordSub).getAttribute('data-row'), (r) => r === a1, 'la riga del coordinatore nella presenza di Elena', 3_000);
    expect(await entry(elena, coordSub).textContent()).toContain('riga 1');

    // A third user comes into the sector and closes the page: Elena's list loses them.
    const viewer = await openPane(browser, users, 'viewer', link((u) => u.role === 'viewer'));
    await chooseSector(viewer.page, A, cellId(OBJ, a1, 'titolo'));
    await until(() => entry(elena, viewerSub).getAttribute('data-sector', { timeout: 10_000 }), (s) => s === A, 'il valutatore nella lista di Elena');
    await viewer.context.close();
    await until(() => entry(elena, viewerSub).count(), (n) => n === 0, 'il valutatore sparito dalla lista dopo la chiusura', 5_000);
    // The others are still there.
    expect(await entry(elena, coordSub).count()).toBe(1);
    expect(await entry(marco, editorSub).count()).toBe(1);
  });

  it('clicking an issue opens its sheet and focuses its cell, in the grid and in the form', async () => {
    const page = editorA.page;
    await showSheet(page, OBJ);
    const item = page.locator(`[data-testid="issue-${RISK_ISSUE.rule}"][data-row="${RISK_ISSUE.rowId}"]`);
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute('data-sheet')).toBe(RISK_ISSUE.sheet);

    const target = cellId(RISK_ISSUE.sheet, RISK_ISSUE.rowId, RISK_ISSUE.column);
    expect(await page.getByTestId(`sheet-tab-${RISK_ISSUE.sheet}`).getAttribute('aria-selected')).toBe('false');
    expect(await focusedTestId(page)).not.toBe(target);

    await item.locator('button').click();
    await until(() => page.getByTestId(`sheet-tab-${RISK_ISSUE.sheet}`).getAttribute('aria-selected'), (v) => v === 'true', 'scheda dei rischi selezionata');
    await page.getByTestId(`grid-${RISK_ISSUE.sheet}`).waitFor();
    const form = page.getByTestId('row-form');
    await until(() => form.getAttribute('data-row'), (r) => r === RISK_ISSUE.rowId, 'riga del rischio nel modulo');
    expect(await form.getAttribute('data-sheet')).toBe(RISK_ISSUE.sheet);
    expect(await page.getByTestId('row-picker').inputValue()).toBe(RISK_ISSUE.rowId);
    await until(() => focusedTestId(page), (id) => id === target, 'cella del giudizio con il focus');
    // The grid row is the selected one.
    expect(await page.locator(`[data-row-id="${RISK_ISSUE.rowId}"]`).count()).toBe(1);
  });

  it('an issue of another sector (whole plan) switches the coordinator to that sector, sheet and row', async () => {
    const page = coord.page;
    const other = CROSS_ROOM_ISSUE;
    const item = page.locator(`[data-testid="issue-${other.rule}"][data-room="${other.room}"][data-row="${other.rowId}"]`);
    expect(await item.count(), 'fuori dal settore scelto il problema non è in lista').toBe(0);
    await page.getByTestId('issues-whole-plan').click();
    await item.waitFor({ timeout: 10_000 });

    await item.locator('button').click();
    await until(() => page.getByTestId('sector-select').inputValue(), (v) => v === other.room, 'settore del problema scelto');
    await until(() => page.getByTestId(`sheet-tab-${other.sheet}`).getAttribute('aria-selected'), (v) => v === 'true', 'scheda del problema selezionata');
    const form = page.getByTestId('row-form');
    await until(() => form.getAttribute('data-row'), (r) => r === other.rowId, 'riga del problema nel modulo');
    const target = cellId(other.sheet, other.rowId, other.column);
    await page.getByTestId(target).waitFor({ timeout: 15_000 });
    await until(() => focusedTestId(page), (id) => id === target, 'cella del problema con il focus');
  });

  it('a forged token and an expired token show the sign-in error in Italian and no plan data', async () => {
    const secret = await loadOrCreateSecret(server.dataDir);
    const elena = demoUser((u) => u.role === 'editor' && u.sectors.includes(A));
    const claims = { name: elena.name, ente: DEMO_PLAN.ente, role: elena.role, sectors: elena.sectors };
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(elena.sub)
      .setJti('e2e-falso')
      .setIssuedAt()
      .setExpirationTime(now + 3600)
      .sign(new TextEncoder().encode('una chiave che il server non conosce, lunga abbastanza'));
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      // Server tokens carry a jti (revocation): without one the token would be refused for that first.
      .setSubject(elena.sub)
      .setJti('e2e-scaduto')
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(secret);

    for (const [name, token, reason] of [
      ['falso', forged, 'Token non valido'],
      ['scaduto', expired, 'Token scaduto'],
    ] as const) {
      const u = await openPage(browser, users, `token-${name}`, `${server.server.url}/?token=${encodeURIComponent(token)}`);
      const error = u.page.getByTestId('signin-error');
      await error.waitFor({ timeout: 15_000 });
      const text = (await error.textContent()) ?? '';
      expect(text, name).toContain('Accesso non riuscito');
      expect(text, name).toContain(reason);
      await u.page.getByTestId('signin').waitFor();
      for (const id of ['sync-badge', 'sector-select', 'row-form', 'issue-list', 'presence-list', 'download-template', 'download-export']) {
        expect(await u.page.getByTestId(id).count(), `${name}: ${id}`).toBe(0);
      }
      expect(await u.page.locator('[data-testid^="cell-"]').count(), name).toBe(0);
      // The refused token is not kept for the next visit, and is gone from the address bar.
      expect(await u.page.evaluate(() => localStorage.getItem('piao.token')), name).toBeNull();
      expect(u.page.url(), name).not.toContain('token=');
      await u.context.close();
    }
  });
});
