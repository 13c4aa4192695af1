/**
 * Browser end-to-end for the pane shell (issue 9 items 3 and 8): a sign-in that expires in the middle of
 * a session, and a pane that starts with no network. The real server over plain HTTP on 127.0.0.1 with
 * the demo plan and the packaged office.js; headless Debian Chromium, one context per user.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readRow } from '@piao/shared/doc/rows';
import { roomName } from '@piao/shared/doc/rooms';
import { DEMO_PLAN, DEMO_USERS, demoContent, type DemoUser } from '@piao/shared/demo/index';
import { ensureDemo } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import { BADGE, cellValue, launchBrowser, openPane, reportFailure, showSheet, typeCell, until, waitBadge, waitCellValue, type UserPage } from './pane';

const A = 'lavori-pubblici';
const ROOM_A = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, A);
const OBJ = 'obiettivi';
const firstObjective = demoContent().sectors.find((s) => s.id === A)!.sheets.obiettivi[0]!;
const a1 = firstObjective.id;
const a1Title = String(firstObjective.values.titolo);
const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;
const EXPIRED = 'Accesso scaduto';

describe('task pane in Chromium: expired sign-in, offline start', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const users: UserPage[] = [];
  const elena = DEMO_USERS.find((u) => u.role === 'editor' && u.sectors.includes(A))!;

  /** A sign-in link for `user` valid for `ttl` seconds (another ente when `ente` is given). */
  const link = async (user: DemoUser, ttl: number, ente: string = DEMO_PLAN.ente) => {
    const token = await server.server.ctx.auth.sign({ sub: user.sub, name: user.name, ente, role: user.role, sectors: [...user.sectors] }, ttl);
    return `${server.server.url}/?token=${token}`;
  };

  /**
   * The pane renews a token before it expires; a session still expires when the renewal cannot reach
   * the server (the device slept, the network was down): simulated by failing the renewal request.
   */
  const noRenewal = async (context: BrowserContext): Promise<void> => {
    await context.route('**/api/token/refresh', (r) => r.abort('internetdisconnected'));
  };

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\` prima dei test e2e`);
    }
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    browser = await launchBrowser();
  }, 120_000);

  beforeEach(({ onTestFailed, task }) => {
    onTestFailed(async () => {
      await reportFailure(users, task.name);
    });
  });

  afterAll(async () => {
    for (const u of users) await u.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('expired sign-in mid-session: the badge says "Accesso scaduto", the edit made meanwhile is sent after signing in again', async () => {
    // Long enough to open on a busy machine; the grid's first content proves the session worked.
    const u = await openPane(browser, users, 'elena-scaduta', await link(elena, 8), noRenewal);
    await showSheet(u.page, OBJ);
    await waitCellValue(u.page, OBJ, a1, 'titolo', a1Title, 15_000);
    await waitBadge(u.page, EXPIRED, 20_000);
    await expect(u.page.getByTestId('readonly-banner').count()).resolves.toBe(0);
    const text = "Scritto dopo la scadenza dell'accesso";
    await typeCell(u.page, OBJ, a1, 'titolo', text);
    expect(await u.page.getByTestId('sync-badge').textContent()).toBe(EXPIRED);

    await u.page.getByTestId('sign-in-again').click();
    await u.page.getByTestId('signin-input').fill(await link(elena, 3600));
    await u.page.getByTestId('signin-input').press('Enter');
    await waitBadge(u.page, BADGE.saved, 20_000);
    const doc = await server.server.ctx.rooms.getDoc(ROOM_A);
    await until(async () => readRow(doc, OBJ, a1)?.values.titolo, (v) => v === text, 'modifica arrivata al server');
    await expect(u.page.getByTestId('resignin').count()).resolves.toBe(0);
  });

  it('a short-lived token is renewed while the pane is open, and the rooms reconnect with the new one', async () => {
    // 65 s of life: renewed a minute before expiry, i.e. after about 5 s.
    const first = await link(elena, 65);
    const u = await openPane(browser, users, 'elena-rinnovo', first);
    await waitBadge(u.page, BADGE.saved, 30_000);
    const original = new URL(first).searchParams.get('token');
    const renewed = await until(() => u.page.evaluate(() => localStorage.getItem('piao.token')), (v) => !!v && v !== original, 'token rinnovato', 20_000);
    expect(renewed).toMatch(/^ey/);
    await waitBadge(u.page, BADGE.saved, 20_000);
    await expect(u.page.getByTestId('resignin').count()).resolves.toBe(0);
  });

  it('a link for another ente offered after an expired sign-in asks to sign out ("Esci") first', async () => {
    const u = await openPane(browser, users, 'elena-altro-ente', await link(elena, 8), noRenewal);
    await waitBadge(u.page, EXPIRED, 25_000);
    await u.page.getByTestId('sign-in-again').click();
    await u.page.getByTestId('signin-input').fill(await link(elena, 3600, 'altro-comune'));
    await u.page.getByTestId('signin-input').press('Enter');
    const other = u.page.getByTestId('resignin-other');
    await other.waitFor({ timeout: 5_000 });
    expect(await other.textContent()).toContain('altro-comune');
    // Not used behind the user's back: the plan (and its unsent edits) is still there until "Esci".
    expect(await u.page.getByTestId('sync-badge').textContent()).toBe(EXPIRED);
    await u.page.getByTestId('resignin-signout').click();
    await u.page.getByTestId('sync-badge').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('the pane starts offline: reloaded with no network it opens from the service worker, shows the rooms kept in IndexedDB, says it is offline, and sends the edits when the network is back', async () => {
    const u = await openPane(browser, users, 'elena-offline', await link(elena, 3600));
    await waitBadge(u.page, BADGE.saved, 30_000);
    await showSheet(u.page, OBJ);
    const before = await cellValue(u.page, OBJ, a1, 'titolo');
    // The app shell is cached once the service worker controls the page.
    await u.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await until(() => u.page.evaluate(() => !!navigator.serviceWorker.controller), (v) => v, 'service worker attivo', 15_000);

    await u.context.setOffline(true);
    await u.page.reload();
    await u.page.getByTestId('sync-badge').waitFor({ timeout: 20_000 });
    expect(await u.page.getByTestId('sync-badge').textContent()).toBe(BADGE.offline);
    expect(await u.page.getByTestId('network-error').textContent()).toContain('Sei offline');
    await showSheet(u.page, OBJ);
    await waitCellValue(u.page, OBJ, a1, 'titolo', before ?? '', 15_000);
    const text = 'Scritto senza rete, dopo un riavvio offline';
    await typeCell(u.page, OBJ, a1, 'titolo', text);

    // The sign-in link's token is never stored in the service worker's caches.
    const cachedUrls = await u.page.evaluate(async () => {
      const out: string[] = [];
      for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) out.push(r.url);
      return out;
    });
    expect(cachedUrls.length).toBeGreaterThan(0);
    expect(cachedUrls.filter((x) => x.includes('token='))).toEqual([]);

    await u.context.setOffline(false);
    await waitBadge(u.page, BADGE.saved, 30_000);
    const doc = await server.server.ctx.rooms.getDoc(ROOM_A);
    await until(async () => readRow(doc, OBJ, a1)?.values.titolo, (v) => v === text, 'modifica offline arrivata al server');
  });
});
