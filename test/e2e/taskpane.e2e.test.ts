/**
 * Browser end-to-end: the built task pane (addin/dist) served by the real server over plain HTTP on
 * loopback (the `--insecure-http` mode), in headless Debian Chromium driven by playwright-core. Four
 * users in four browser contexts: the editor of sector A, the editor of sector B, the coordinator and
 * a viewer. The steps share one server and one browser and run in order.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRow } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { DEMO_PLAN, DEMO_SECTORS, demoContent, type DemoUser } from '@piao/shared/demo/index';
import { PLAN_SHEET_IDS, getSheet } from '@piao/shared/schema/index';
import { ensureDemo, signInLinks } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import { reportFailure,
  BADGE,
  badgeText,
  cell,
  cellId,
  cellValue,
  chooseSector,
  enabledControls,
  field,
  forceType,
  indexedDbHas,
  launchBrowser,
  recordBadge,
  takeBadgeLog,
  openPane,
  pickRow,
  screenshotAll,
  showSheet,
  typeCell,
  until,
  waitBadge,
  waitCellValue,
  type UserPage,
} from './pane';

const A = 'lavori-pubblici';
const B = 'finanze';
const SHEET = 'obiettivi';
const ROOM_A = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, A);
const ROOM_B = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, B);

const content = demoContent();
const rowsOf = (sector: string) => content.sectors.find((s) => s.id === sector)!.sheets.obiettivi;
const [a1, a2, a3] = rowsOf(A).map((r) => r.id) as [string, string, string];
const b1 = rowsOf(B)[0]!.id;
const sectorName = (id: string) => DEMO_SECTORS.find((s) => s.id === id)!.denominazione;

/** Texts the demo does not contain (the data directory is new for every run), readable in the README screenshot. */
const TEXT = {
  live: "Bonifica dell'amianto negli edifici comunali e nelle palestre",
  ownB: "Recupero dell'evasione tributaria e riscossione coattiva",
  forcedB: 'Modifica non autorizzata del settore finanze',
  forcedViewer: 'Modifica non autorizzata del valutatore',
  offline1: 'Efficientamento energetico delle scuole (PNRR, missione 2)',
  offline2: 'Operatori economici, cittadini, ANAC',
};

const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;

describe('task pane in Chromium: three users, permissions, rules, offline, export', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let editorA: UserPage;
  let editorB: UserPage;
  let coord: UserPage;
  let viewer: UserPage;
  const users: UserPage[] = [];
  let failures = 0;
  /** `/sync` WebSockets of A's page: Chromium's offline mode leaves open sockets open, so the test cuts them. */
  let syncBlocked = false;
  const syncSockets = new Set<WebSocketRoute>();

  const serverValue = async (room: string, rowId: string, column: string) => {
    const doc = await server.server.ctx.rooms.getDoc(room);
    return readRow(doc, SHEET, rowId)?.values[column] ?? null;
  };

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\` prima dei test e2e`);
    }
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    // No TLS: the plain-HTTP server of `piao serve --insecure-http`, on 127.0.0.1 only.
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    expect(server.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const links = await signInLinks(server.server.url, server.server.ctx.auth);
    const link = (pred: (u: DemoUser) => boolean) => links.find((l) => pred(l.user))!.url;

    browser = await launchBrowser();
    try {
      await openAll(link);
    } catch (err) {
      console.error(`Schermate: ${(await screenshotAll(users, 'apertura')).join(', ')}`);
      throw err;
    }
  }, 180_000);

  async function openAll(link: (pred: (u: DemoUser) => boolean) => string): Promise<void> {
    editorA = await openPane(browser, users, 'editor-a', link((u) => u.role === 'editor' && u.sectors.includes(A)), async (context) => {
      await recordBadge(context);
      await context.routeWebSocket(/\/sync\//, (ws) => {
        if (syncBlocked) return void ws.close({ code: 1001, reason: 'offline (test)' });
        const upstream = ws.connectToServer();
        syncSockets.add(ws);
        ws.onClose(() => (syncSockets.delete(ws), void upstream.close()));
        upstream.onClose(() => (syncSockets.delete(ws), void ws.close()));
      });
    });
    editorB = await openPane(browser, users, 'editor-b', link((u) => u.role === 'editor' && u.sectors.includes(B)));
    coord = await openPane(browser, users, 'coordinator', link((u) => u.role === 'coordinator'));
    viewer = await openPane(browser, users, 'viewer', link((u) => u.role === 'viewer'));
    await Promise.all(users.map((u) => waitBadge(u.page, BADGE.saved, 60_000)));
  }

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      failures++;
      await reportFailure(users, task.name);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an edit in sector A appears in the coordinator’s view within 2 s', async () => {
    await showSheet(editorA.page, SHEET);
    await chooseSector(coord.page, A, cellId(SHEET, a1, 'titolo'));
    await showSheet(coord.page, SHEET);
    await waitCellValue(coord.page, SHEET, a1, 'titolo', rowsOf(A)[0]!.values.titolo as string);

    const t0 = Date.now();
    await typeCell(editorA.page, SHEET, a1, 'titolo', TEXT.live);
    const seen = await waitCellValue(coord.page, SHEET, a1, 'titolo', TEXT.live, 5_000);
    const elapsed = seen - t0;
    console.info(`propagazione A → coordinatore: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(2_000);
    expect(await serverValue(ROOM_A, a1, 'titolo')).toBe(TEXT.live);
    await waitBadge(editorA.page, BADGE.saved);
  });

  it('the editor of B edits B, and cannot edit A’s rows (UI disabled, forced writes refused by the server)', async () => {
    // B's own sector is writable.
    await showSheet(editorB.page, SHEET);
    await typeCell(editorB.page, SHEET, b1, 'titolo', TEXT.ownB);
    await until(() => serverValue(ROOM_B, b1, 'titolo'), (v) => v === TEXT.ownB, 'modifica di B sul server');

    // Sector A is read-only for B: banner, disabled grid and form.
    await chooseSector(editorB.page, A, cellId(SHEET, a2, 'titolo'));
    await showSheet(editorB.page, SHEET);
    await editorB.page.getByTestId('readonly-banner').waitFor();
    await cell(editorB.page, SHEET, a2, 'titolo').waitFor();
    expect(await enabledControls(editorB.page, `cell-${SHEET}-`)).toEqual([]);
    expect(await enabledControls(editorB.page, `add-row-${SHEET}`)).toEqual([]);
    expect(await enabledControls(editorB.page, `delete-row-${SHEET}-`)).toEqual([]);
    await pickRow(editorB.page, SHEET, a2);
    expect(await field(editorB.page, 'titolo').isDisabled()).toBe(true);

    // Forcing past the disabled form: the pane writes locally and sends; the server refuses and says so.
    await forceType(editorB.page, 'field-titolo', TEXT.forcedB);
    await until(() => editorB.page.getByTestId('readonly-banner').textContent(), (t) => !!t && t.includes('rifiutato'), 'rifiuto del server mostrato a B');
    // The refused write reached neither the server nor the coordinator.
    expect(await serverValue(ROOM_A, a2, 'titolo')).toBe(rowsOf(A)[1]!.values.titolo);
    expect(await cellValue(coord.page, SHEET, a2, 'titolo')).toBe(rowsOf(A)[1]!.values.titolo);
  });

  it('a viewer cannot edit anything', async () => {
    const options = await viewer.page.getByTestId('sector-select').locator('option').allTextContents();
    expect(options.length).toBe(DEMO_SECTORS.length + 1);
    for (const o of options) expect(o).toContain('(sola lettura)');

    for (const [room, probe] of [
      [A, cellId(SHEET, a1, 'titolo')],
      [PLAN_ROOM, `grid-${PLAN_SHEET_IDS[0]}`],
    ] as const) {
      await chooseSector(viewer.page, room, probe);
      await viewer.page.getByTestId('readonly-banner').waitFor();
      await viewer.page.locator('[data-testid^="cell-"]').first().waitFor();
      expect(await enabledControls(viewer.page, 'cell-'), room).toEqual([]);
      expect(await enabledControls(viewer.page, 'add-row-'), room).toEqual([]);
      expect(await enabledControls(viewer.page, 'delete-row-'), room).toEqual([]);
      expect(await enabledControls(viewer.page, 'field-'), room).toEqual([]);
      expect(await enabledControls(viewer.page, 'form-'), room).toEqual([]);
      // The import input exists only in a sector view; there it must be disabled.
      expect(await enabledControls(viewer.page, 'import-file'), room).toEqual([]);
    }

    await chooseSector(viewer.page, A, cellId(SHEET, a3, 'titolo'));
    await pickRow(viewer.page, SHEET, a3);
    await forceType(viewer.page, 'field-titolo', TEXT.forcedViewer);
    await until(() => viewer.page.getByTestId('readonly-banner').textContent(), (t) => !!t && t.includes('rifiutato'), 'rifiuto del server mostrato al valutatore');
    expect(await serverValue(ROOM_A, a3, 'titolo')).toBe(rowsOf(A)[2]!.values.titolo);
    expect(await cellValue(coord.page, SHEET, a3, 'titolo')).toBe(rowsOf(A)[2]!.values.titolo);
  });

  it('a rule violation shows in the issue list and disappears when fixed', async () => {
    const page = editorA.page;
    const weightIssue = page.locator(`[data-testid="issue-OBJ_WEIGHT_SUM"][data-room="${A}"]`);
    expect(await weightIssue.count()).toBe(0);
    const original = String(rowsOf(A)[0]!.values.peso);

    await typeCell(page, SHEET, a1, 'peso', '40');
    await until(() => weightIssue.count(), (n) => n === 1, 'OBJ_WEIGHT_SUM nella lista dei controlli');
    expect(await weightIssue.textContent()).toContain('105');
    expect(Number(await page.getByTestId(`sheet-tab-${SHEET}`).getAttribute('data-errors'))).toBeGreaterThan(0);

    await typeCell(page, SHEET, a1, 'peso', original);
    await until(() => weightIssue.count(), (n) => n === 0, 'OBJ_WEIGHT_SUM sparito dopo la correzione');
    await waitBadge(page, BADGE.saved);
  });

  it('A goes offline, edits, reloads with the sync blocked, comes back and the edits reach the others', async () => {
    const page = editorA.page;
    await editorA.context.setOffline(true);
    // The browser's offline signal alone must take the badge off "Salvato sul server", even though
    // Chromium's offline mode leaves the open WebSocket open.
    await waitBadge(page, BADGE.offline);
    // Then cut the sockets and refuse new ones, as a real network loss would.
    syncBlocked = true;
    for (const ws of [...syncSockets]) await ws.close({ code: 1001, reason: 'offline (test)' });
    await waitBadge(page, BADGE.offline);
    await takeBadgeLog(page);

    await typeCell(page, SHEET, a2, 'titolo', TEXT.offline1);
    await typeCell(page, SHEET, a3, 'stakeholder', TEXT.offline2);
    await until(() => indexedDbHas(page, ROOM_A, TEXT.offline2), Boolean, 'modifiche offline in IndexedDB');
    expect(await indexedDbHas(page, ROOM_A, TEXT.offline1)).toBe(true);
    expect(await badgeText(page)).toBe(BADGE.offline);
    expect(await takeBadgeLog(page), 'testi del badge mentre A è offline').not.toContain(BADGE.saved);
    expect(await serverValue(ROOM_A, a2, 'titolo')).not.toBe(TEXT.offline1);

    // The page comes back from the server, the sync endpoint stays unreachable: the edits come from IndexedDB.
    await editorA.context.setOffline(false);
    await page.reload();
    await showSheet(page, SHEET);
    await waitCellValue(page, SHEET, a2, 'titolo', TEXT.offline1);
    await waitCellValue(page, SHEET, a3, 'stakeholder', TEXT.offline2);
    expect(await badgeText(page)).toBe(BADGE.offline);
    const afterReload = await takeBadgeLog(page);
    expect(afterReload, 'testi del badge dopo il ricaricamento senza sync').toContain(BADGE.offline);
    expect(afterReload, 'testi del badge dopo il ricaricamento senza sync').not.toContain(BADGE.saved);
    expect(await serverValue(ROOM_A, a3, 'stakeholder')).not.toBe(TEXT.offline2);

    syncBlocked = false;
    await waitCellValue(coord.page, SHEET, a2, 'titolo', TEXT.offline1, 15_000);
    await waitCellValue(coord.page, SHEET, a3, 'stakeholder', TEXT.offline2);
    await waitCellValue(editorB.page, SHEET, a3, 'stakeholder', TEXT.offline2);
    await waitBadge(page, BADGE.saved);
    expect(await serverValue(ROOM_A, a2, 'titolo')).toBe(TEXT.offline1);
  });

  it('the coordinator downloads the consolidated workbook with both sectors’ edits', async () => {
    const [download] = await Promise.all([coord.page.waitForEvent('download', { timeout: 30_000 }), coord.page.getByTestId('download-export').click()]);
    expect(await download.failure()).toBeNull();
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet(getSheet(SHEET).title);
    expect(ws, `foglio ${getSheet(SHEET).title}`).toBeDefined();
    const rows: string[][] = [];
    ws!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const rowWith = (text: string) => rows.find((r) => r.includes(text));
    for (const [text, sector] of [
      [TEXT.live, A],
      [TEXT.offline1, A],
      [TEXT.offline2, A],
      [TEXT.ownB, B],
    ] as const) {
      expect(rowWith(text), text).toBeDefined();
      expect(rowWith(text)![0], `settore della riga "${text}"`).toBe(sectorName(sector));
    }
    expect(rowWith(TEXT.forcedB)).toBeUndefined();
    expect(rowWith(TEXT.forcedViewer)).toBeUndefined();
  });

  it('screenshot of the pane for the README', async (ctx) => {
    if (failures > 0) ctx.skip();
    const page = editorA.page;
    await showSheet(page, SHEET);
    await page.getByTestId('row-picker').selectOption('');
    await until(() => page.locator('[data-testid="presence-list"] li[data-self="false"]').count(), (n) => n >= 3, 'presenza degli altri utenti');
    await page.getByTestId('issue-list').waitFor();
    const shot = path.resolve('test-results', 'e2e', 'taskpane.png');
    await mkdir(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    // The committed copy changes only on request (or when missing), so a test run leaves the tree clean.
    const docs = path.resolve('docs', 'screenshots', 'taskpane.png');
    if (process.env.PIAO_UPDATE_SCREENSHOTS === '1' || !existsSync(docs)) {
      await mkdir(path.dirname(docs), { recursive: true });
      await copyFile(shot, docs);
    }
    expect(existsSync(shot)).toBe(true);
  });
});
