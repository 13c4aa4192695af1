/**
 * Browser end-to-end for working together (issue 9 items 4–7): the loser of a conflict is told and can
 * restore their text, undo of one's own edits with Ctrl+Z in the grid, delete with a confirmation and
 * an undo toast, history with restore, and presence where people work (grid, row form, the avatar bar
 * at 350 px). The real server over plain HTTP on 127.0.0.1 with the demo plan; headless Chromium, one
 * context per user.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRow, readSheet } from '@piao/shared/doc/rows';
import { roomName } from '@piao/shared/doc/rooms';
import { DEMO_PLAN, demoContent, type DemoUser } from '@piao/shared/demo/index';
import { ensureDemo, signInLinks } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import {
  BADGE,
  cell,
  cellId,
  chooseSector,
  field,
  launchBrowser,
  openPane,
  pickRow,
  reportFailure,
  showSheet,
  typeCell,
  until,
  waitBadge,
  waitCellValue,
  type UserPage,
} from './pane';

const A = 'lavori-pubblici';
const ROOM_A = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, A);
const OBJ = 'obiettivi';
const content = demoContent();
const objectives = content.sectors.find((s) => s.id === A)!.sheets.obiettivi;
const [a1, a2, a3] = objectives.map((r) => r.id) as [string, string, string];

const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;

/**
 * A screenshot of one part of the pane for the README: always into test-results, and into
 * docs/screenshots only when missing or on request (PIAO_UPDATE_SCREENSHOTS=1), so a run leaves the tree clean.
 */
async function readmeShot(what: Locator, name: string): Promise<void> {
  const shot = path.resolve('test-results', 'e2e', name);
  await mkdir(path.dirname(shot), { recursive: true });
  await what.screenshot({ path: shot });
  const docs = path.resolve('docs', 'screenshots', name);
  if (process.env.PIAO_UPDATE_SCREENSHOTS === '1' || !existsSync(docs)) await copyFile(shot, docs);
}

describe('task pane in Chromium: working together', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let elena: UserPage;
  let marco: UserPage;
  const users: UserPage[] = [];

  const stored = async (rowId: string, column: string) => readRow(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ, rowId)?.values[column] ?? null;
  const waitStored = (rowId: string, column: string, value: unknown, what: string) => until(() => stored(rowId, column), (v) => v === value, what);
  const storedRows = async () => readSheet(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ);

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\` prima dei test e2e`);
    }
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    const links = await signInLinks(server.server.url, server.server.ctx.auth);
    const link = (pred: (u: DemoUser) => boolean) => links.find((l) => pred(l.user))!.url;
    browser = await launchBrowser();
    try {
      elena = await openPane(browser, users, 'elena', link((u) => u.role === 'editor' && u.sectors.includes(A)));
      marco = await openPane(browser, users, 'marco', link((u) => u.role === 'coordinator'));
      await Promise.all([waitBadge(elena.page, BADGE.saved, 60_000), waitBadge(marco.page, BADGE.saved, 60_000)]);
      await chooseSector(marco.page, A, cellId(OBJ, a1, 'titolo'));
      await showSheet(elena.page, OBJ);
      await showSheet(marco.page, OBJ);
    } catch (err) {
      await reportFailure(users, 'apertura-together');
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

  it('typing while someone else saves: the typist is told who changed the field and restores their text', async () => {
    await pickRow(elena.page, OBJ, a1);
    await pickRow(marco.page, OBJ, a1);
    const mine = 'Manutenzione straordinaria delle strade comunali (Elena)';
    const theirs = 'Manutenzione strade e marciapiedi (Marco)';
    await field(elena.page, 'titolo').fill(mine); // Elena is still typing: no blur
    await field(marco.page, 'titolo').fill(theirs);
    await field(marco.page, 'titolo').blur();
    await waitStored(a1, 'titolo', theirs, 'il titolo di Marco salvato');

    const notice = elena.page.getByTestId('conflict-typing');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain(`Marco Bellini ha modificato Titolo mentre lo stavi scrivendo: il tuo testo è «${mine.slice(0, 40)}`);
    await readmeShot(elena.page.getByTestId('conflict-notices'), 'conflict-notice.png');
    // Leaving the field does not silently replace Marco's value.
    await field(elena.page, 'titolo').blur();
    await until(() => field(elena.page, 'titolo').inputValue(), (v) => v === theirs, 'il campo mostra il valore di Marco');
    expect(await stored(a1, 'titolo')).toBe(theirs);
    await notice.getByTestId('conflict-restore').click();
    await waitStored(a1, 'titolo', mine, 'il testo di Elena ripristinato');
    await waitCellValue(marco.page, OBJ, a1, 'titolo', mine);
    await until(() => notice.count(), (n) => n === 0, 'avviso chiuso dopo il ripristino');
  });

  it('typing in the grid while someone else saves the cell: the typist is told, Enter does not overwrite, restore does', async () => {
    await showSheet(elena.page, OBJ);
    const mine = 'Obiettivo riscritto nella griglia (Elena)';
    const theirs = 'Obiettivo salvato nel frattempo (Marco)';
    await cell(elena.page, OBJ, a3, 'titolo').fill(mine); // still typing: no Enter
    await typeCell(marco.page, OBJ, a3, 'titolo', theirs);
    await waitStored(a3, 'titolo', theirs, 'il valore di Marco salvato');
    const notice = elena.page.locator('[data-testid="conflict-typing"][data-column="titolo"]');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Marco Bellini ha modificato Titolo mentre lo stavi scrivendo');
    await cell(elena.page, OBJ, a3, 'titolo').press('Enter');
    await waitCellValue(elena.page, OBJ, a3, 'titolo', theirs);
    expect(await stored(a3, 'titolo')).toBe(theirs);
    await notice.getByTestId('conflict-restore').click();
    await waitStored(a3, 'titolo', mine, 'il testo di Elena ripristinato');
    await waitCellValue(marco.page, OBJ, a3, 'titolo', mine);
  });

  it('two people press "Aggiungi riga" at the same moment: both grids show every row in the same order (issue 9 item 2)', async () => {
    await showSheet(elena.page, OBJ);
    await showSheet(marco.page, OBJ);
    const rowsIn = (page: typeof elena.page) =>
      page.locator(`[data-testid^="cell-${OBJ}-"][data-testid$="-titolo"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    const before = (await storedRows()).length;
    // Both clicks leave before either pane has seen the other's row: two appends after the same last row.
    await Promise.all([elena.page.getByTestId(`add-row-${OBJ}`).click(), marco.page.getByTestId(`add-row-${OBJ}`).click()]);
    await until(() => storedRows(), (rows) => rows.length === before + 2, 'le due righe nuove salvate');
    const order = await until(
      async () => [await rowsIn(elena.page), await rowsIn(marco.page)] as const,
      ([e, m]) => e.length === before + 2 && JSON.stringify(e) === JSON.stringify(m),
      'lo stesso ordine nelle due griglie',
    );
    // …and it is the document's order, the one issues and presence name rows by.
    expect(order[0]).toEqual((await storedRows()).map((r) => `cell-${OBJ}-${r.id}-titolo`));
  });

  it('an old offline edit and a newer online one on the same cell: whoever loses is told', async () => {
    await showSheet(elena.page, OBJ);
    await elena.context.setOffline(true);
    await waitBadge(elena.page, BADGE.offline);
    const offline = 'Riqualificazione scuole (offline, Elena)';
    const online = 'Riqualificazione scuole (online, Marco)';
    await typeCell(elena.page, OBJ, a2, 'titolo', offline);
    await typeCell(marco.page, OBJ, a2, 'titolo', online);
    await waitStored(a2, 'titolo', online, 'il titolo di Marco salvato');
    await elena.context.setOffline(false);
    await waitBadge(elena.page, BADGE.saved, 20_000);
    const final = await until(
      async () => [await stored(a2, 'titolo'), await elena.page.getByTestId(cellId(OBJ, a2, 'titolo')).inputValue(), await marco.page.getByTestId(cellId(OBJ, a2, 'titolo')).inputValue()],
      ([s, e, m]) => s === e && e === m,
      'tutti sullo stesso valore',
    );
    const [loser, lostText, winnerText] = final[0] === online ? [elena, offline, online] : [marco, online, offline];
    const notice = loser.page.getByTestId('conflict-overwritten');
    await notice.waitFor({ timeout: 10_000 });
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(`la tua modifica «${lostText}» è stata sostituita da «${winnerText}»`);
    const winner = loser === elena ? marco : elena;
    expect(await winner.page.getByTestId('conflict-overwritten').count()).toBe(0);
    await notice.getByTestId('conflict-dismiss').click();
  });

  it('Ctrl+Z in the grid undoes Elena’s own edit and leaves Marco’s; Ctrl+Y redoes it', async () => {
    await showSheet(elena.page, OBJ);
    const before = (await stored(a3, 'titolo')) as string;
    const hers = 'Cimiteri: ampliamento (Elena)';
    const his = 'Ufficio tecnico (Marco)';
    await typeCell(elena.page, OBJ, a3, 'titolo', hers);
    await waitStored(a3, 'titolo', hers, 'modifica di Elena salvata');
    await typeCell(marco.page, OBJ, a3, 'responsabile', his);
    await waitStored(a3, 'responsabile', his, 'modifica di Marco salvata');
    await waitCellValue(elena.page, OBJ, a3, 'responsabile', his);
    await cell(elena.page, OBJ, a3, 'peso').focus();
    await elena.page.keyboard.press('Control+z');
    await waitStored(a3, 'titolo', before, 'titolo di Elena annullato');
    expect(await stored(a3, 'responsabile')).toBe(his);
    await waitCellValue(elena.page, OBJ, a3, 'titolo', before);
    await elena.page.keyboard.press('Control+y');
    await waitStored(a3, 'titolo', hers, 'titolo di Elena ripetuto');
    // The buttons do the same.
    await elena.page.getByTestId('undo').click();
    await waitStored(a3, 'titolo', before, 'annullato dal pulsante');
  });

  it('deleting an objective its indicators point at asks first; a plain delete offers an undo toast', async () => {
    const page = elena.page;
    await pickRow(page, OBJ, a1);
    await page.getByTestId('form-delete-row').click();
    const dialog = page.getByTestId('delete-confirm');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/è indicato da \d+ rig[ae] di Indicatori/);
    await page.getByTestId('delete-confirm-no').click();
    expect(await stored(a1, 'codice')).not.toBeNull();

    await page.getByTestId('form-add-row').click();
    const newId = await until(() => page.getByTestId('row-form').getAttribute('data-row'), (r) => !!r && !objectives.some((o) => o.id === r), 'riga nuova nel modulo');
    await field(page, 'codice').fill('LLPP-TMP');
    await field(page, 'codice').blur();
    await waitStored(newId!, 'codice', 'LLPP-TMP', 'riga nuova salvata');
    await page.getByTestId('form-delete-row').click();
    await page.getByTestId('deleted-toast').waitFor();
    expect(await page.getByTestId('delete-confirm').count()).toBe(0);
    await until(async () => readRow(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ, newId!), (r) => r === null, 'riga eliminata sul server');
    await page.getByTestId('deleted-undo').click();
    await waitStored(newId!, 'codice', 'LLPP-TMP', 'riga ripristinata dall’annullamento');
    await waitCellValue(marco.page, OBJ, newId!, 'codice', 'LLPP-TMP');

    // The grid's own delete button asks the same question, and its delete gets the same toast; undo
    // puts the row back in its place.
    const order = async () => readSheet(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ).map((r) => r.id);
    const before = await order();
    await page.getByTestId(`delete-row-${OBJ}-${a2}`).click();
    await page.getByTestId('delete-confirm').waitFor();
    await page.getByTestId('delete-confirm-yes').click();
    await until(order, (ids) => !ids.includes(a2), 'riga eliminata dalla griglia');
    await page.getByTestId('deleted-toast').waitFor();
    await page.getByTestId('deleted-undo').click();
    await until(order, (ids) => JSON.stringify(ids) === JSON.stringify(before), 'riga della griglia ripristinata al suo posto');
  });

  it('a row deleted while someone types in it: the typist keeps the text and re-creates the row', async () => {
    await marco.page.getByTestId('form-add-row').click();
    const rowId = (await until(
      () => marco.page.getByTestId('row-form').getAttribute('data-row'),
      (r) => !!r && !objectives.some((o) => o.id === r),
      'riga nuova nel modulo di Marco',
    ))!;
    await field(marco.page, 'codice').fill('LLPP-TEMP-2');
    await field(marco.page, 'codice').blur();
    await waitStored(rowId, 'codice', 'LLPP-TEMP-2', 'riga di Marco salvata');

    await pickRow(elena.page, OBJ, rowId);
    const draft = 'Titolo che Elena sta scrivendo';
    await field(elena.page, 'titolo').fill(draft); // no blur: still typing
    await marco.page.getByTestId('form-delete-row').click();
    await until(async () => readRow(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ, rowId), (r) => r === null, 'riga eliminata da Marco');

    const notice = elena.page.getByTestId('conflict-row-deleted');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('Marco Bellini ha eliminato la riga «LLPP-TEMP-2» mentre la stavi modificando');
    await notice.getByTestId('conflict-restore').click();
    await waitStored(rowId, 'titolo', draft, 'riga ricreata con il testo di Elena');
    expect(await stored(rowId, 'codice')).toBe('LLPP-TEMP-2');
    await waitCellValue(marco.page, OBJ, rowId, 'titolo', draft);
  });

  it('history: the row’s changes with who, when and the previous value; restore puts an old value back', async () => {
    const page = elena.page;
    await pickRow(page, OBJ, a2);
    await page.getByTestId('history-tab-row').click();
    const old = (await stored(a2, 'titolo')) as string;
    const later = 'Riqualificazione energetica delle scuole (storico)';
    await typeCell(marco.page, OBJ, a2, 'titolo', later);
    await waitStored(a2, 'titolo', later, 'modifica di Marco salvata');
    await page.getByTestId('history-column').selectOption('titolo');
    const first = page.getByTestId('history-entry').first();
    await until(() => first.textContent(), (t) => !!t && t.includes(`«${later}»`), 'la modifica di Marco nello storico', 15_000);
    const text = (await first.textContent())!;
    expect(text).toContain('Marco Bellini');
    expect(text).toContain(`Titolo: «${old}» → «${later}»`);
    await readmeShot(page.getByTestId('history-panel'), 'history.png');
    await first.getByTestId('history-restore').click();
    await waitStored(a2, 'titolo', old, 'valore precedente ripristinato');
    await waitCellValue(marco.page, OBJ, a2, 'titolo', old);

    // The plan-wide list shows recent changes of every sector, newest first.
    await page.getByTestId('history-tab-plan').click();
    await until(() => page.getByTestId('history-entry').first().textContent(), (t) => !!t && t.includes('Elena Rinaldi'), 'il ripristino di Elena in cima allo storico del piano', 15_000);
  });

  it('presence where people work: Elena’s row marked in Marco’s grid and named on his form; at 350 px the avatar bar is in view', async () => {
    await marco.page.setViewportSize({ width: 350, height: 700 });
    await pickRow(elena.page, OBJ, a3);
    await cell(elena.page, OBJ, a3, 'titolo').click();
    const bar = marco.page.getByTestId('presence-bar');
    await bar.getByTestId('presence-bar-elena.rinaldi').waitFor({ timeout: 10_000 });
    await marco.page.evaluate(() => window.scrollTo(0, 0));
    const box = await bar.boundingBox();
    expect(box, 'barra delle presenze visibile').not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(700);
    expect(box!.x + box!.width).toBeLessThanOrEqual(350);

    await until(() => marco.page.getByTestId('grid-presence').textContent(), (css) => !!css && css.includes(`data-row-id="${a3}"`), 'la riga di Elena marcata nella griglia di Marco');
    await pickRow(marco.page, OBJ, a3);
    const here = marco.page.getByTestId('row-presence');
    await here.waitFor({ timeout: 10_000 });
    expect(await here.textContent()).toMatch(/Elena Rinaldi sta modificando questa riga$/);
    expect(await here.getAttribute('data-users')).toBe('elena.rinaldi');
    await marco.page.setViewportSize({ width: 1280, height: 800 });
    // Every row is still there for both.
    expect(readSheet(await server.server.ctx.rooms.getDoc(ROOM_A), OBJ).length).toBeGreaterThanOrEqual(objectives.length);
  });
});
