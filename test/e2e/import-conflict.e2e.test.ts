/**
 * Browser end-to-end, issue 9 item 1: "importing a template reverts other people's later edits". Elena
 * downloads her sector's template from the pane; meanwhile the coordinator, in his own browser, changes
 * an objective's title in the grid. Elena changes the same title and another cell in her file and
 * uploads it: her other cell is stored, the title keeps the coordinator's value and the pane lists the
 * conflict (who, both values) with the choice to overwrite; she chooses to, and the coordinator sees it.
 * Real server over HTTP on 127.0.0.1 with the demo plan; headless Chromium, one context per user.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRow } from '@piao/shared/doc/rows';
import { roomName } from '@piao/shared/doc/rooms';
import { DEMO_PLAN, demoContent, type DemoUser } from '@piao/shared/demo/index';
import { getSheet } from '@piao/shared/schema/index';
import { ensureDemo, signInLinks } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import { BADGE, cellId, chooseSector, downloadFrom, launchBrowser, openPane, reportFailure, showSheet, typeCell, until, waitBadge, waitCellValue, type UserPage } from './pane';

const A = 'lavori-pubblici';
const ROOM_A = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, A);
const OBJ = 'obiettivi';
const sectorA = demoContent().sectors.find((s) => s.id === A)!;
const [a1, a2] = sectorA.sheets.obiettivi.map((r) => r.id) as [string, string];
const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;
const label = (column: string) => getSheet(OBJ).columns.find((c) => c.id === column)!.label;

const TEXT = {
  coordinator: 'Titolo deciso dal coordinatore',
  elenaTitle: 'Titolo scritto da Elena nel modello',
  elenaOwner: 'Ing. Elena Rinaldi (da modello)',
};

describe('import of a template in Chromium: conflicts with later edits', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let elena: UserPage;
  let coord: UserPage;
  const users: UserPage[] = [];
  const tmp = path.resolve('test-results', 'e2e', 'import');
  const docA = () => server.server.ctx.rooms.getDoc(ROOM_A);

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\``);
    await mkdir(tmp, { recursive: true });
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    const links = await signInLinks(server.server.url, server.server.ctx.auth);
    const link = (pred: (u: DemoUser) => boolean) => links.find((l) => pred(l.user))!.url;
    browser = await launchBrowser();
    elena = await openPane(browser, users, 'elena', link((u) => u.role === 'editor' && u.sectors.includes(A)));
    coord = await openPane(browser, users, 'coordinator', link((u) => u.role === 'coordinator'));
    await Promise.all([waitBadge(elena.page, BADGE.saved, 60_000), waitBadge(coord.page, BADGE.saved, 60_000)]);
    await chooseSector(coord.page, A, cellId(OBJ, a1, 'titolo'));
    await showSheet(coord.page, OBJ);
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

  it('importing a template keeps a later edit by someone else, lists the conflict, and overwrites it only when chosen', async () => {
    const file = await downloadFrom(elena.page, 'download-template');
    // After the download, the coordinator changes the title in his grid.
    await typeCell(coord.page, OBJ, a1, 'titolo', TEXT.coordinator);
    await until(async () => readRow(await docA(), OBJ, a1)?.values.titolo, (v) => v === TEXT.coordinator, 'titolo del coordinatore sul server');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet(getSheet(OBJ).title)!;
    const cols = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => cols.set(String(c.value), n));
    const rowOf = (id: string) => {
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === id) return r;
      throw new Error(`riga ${id} assente`);
    };
    ws.getCell(rowOf(a1), cols.get(label('titolo'))!).value = TEXT.elenaTitle;
    ws.getCell(rowOf(a2), cols.get(label('responsabile'))!).value = TEXT.elenaOwner;
    const filled = path.join(tmp, 'modello-con-conflitto.xlsx');
    await writeFile(filled, Buffer.from(await wb.xlsx.writeBuffer()));

    const page = elena.page;
    await page.getByTestId('import-file').setInputFiles(filled);
    await page.getByTestId('import-conflicts').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('import-summary').textContent()).toMatch(/^0 righe aggiunte, 1 cella modificata, 1 conflitto\./);
    const item = page.getByTestId('import-conflict');
    expect(await item.count()).toBe(1);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('marco.bellini');
    expect(text).toContain(TEXT.coordinator);
    expect(text).toContain(TEXT.elenaTitle);
    // Her other cell is stored; the title keeps the coordinator's value.
    let doc = await docA();
    expect(readRow(doc, OBJ, a2)?.values.responsabile).toBe(TEXT.elenaOwner);
    expect(readRow(doc, OBJ, a1)?.values.titolo).toBe(TEXT.coordinator);
    await page.screenshot({ path: path.join(tmp, 'riepilogo-importazione-conflitto.png'), fullPage: true });
    // The README shows the summary and the conflict list: copied into docs/screenshots only when missing
    // or on request (PIAO_UPDATE_SCREENSHOTS=1), so a run leaves the tree clean.
    const summaryShot = path.join(tmp, 'import-summary.png');
    await page.getByTestId('import-conflicts').locator('xpath=..').screenshot({ path: summaryShot });
    const docsShot = path.resolve('docs', 'screenshots', 'import-summary.png');
    if (process.env.PIAO_UPDATE_SCREENSHOTS === '1' || !existsSync(docsShot)) await copyFile(summaryShot, docsShot);

    // She chooses to overwrite it.
    await item.getByRole('checkbox').check();
    await page.getByTestId('import-overwrite').click();
    await page.locator('[data-testid="import-conflict"][data-overwritten="true"]').waitFor({ timeout: 20_000 });
    doc = await docA();
    expect(readRow(doc, OBJ, a1)?.values.titolo).toBe(TEXT.elenaTitle);
    await waitCellValue(coord.page, OBJ, a1, 'titolo', TEXT.elenaTitle, 10_000);
  });
});
