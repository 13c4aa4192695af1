/**
 * Helpers for the browser end-to-end tests: headless Debian Chromium driven by playwright-core, one
 * context per user, and small waits on the task pane's data-testids (no fixed sleeps).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PIAO_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

export const BADGE = { offline: 'Offline', syncing: 'Sincronizzazione…', saved: 'Salvato sul server' } as const;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium non trovato in ${CHROMIUM}: installalo (apt-get install chromium, lo fa \`npm test\`) o indica PIAO_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** One signed-in user: their own browser context (own IndexedDB and localStorage) and page. */
export interface UserPage {
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, shown when a test fails. */
  errors: string[];
}

/**
 * Opens the pane from a sign-in link in a new context. The page joins `users` as soon as it exists, so
 * a page that fails to load still gets its screenshot.
 */
export async function openPane(
  browser: Browser,
  users: UserPage[],
  name: string,
  signInUrl: string,
  setup?: (context: BrowserContext) => Promise<void>,
): Promise<UserPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'it-IT', acceptDownloads: true });
  await setup?.(context);
  const page = await context.newPage();
  const errors: string[] = [];
  users.push({ name, context, page, errors });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console.error: ${m.text().slice(0, 300)}`);
  });
  await page.goto(signInUrl);
  await page.getByTestId('sync-badge').waitFor({ timeout: 60_000 });
  return { name, context, page, errors };
}

/** Polls `read` until `ok` holds; the error names what was awaited and the last value seen. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > end) throw new Error(`Timeout (${timeoutMs} ms) in attesa di: ${what}; ultimo valore: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const badgeText = (p: Page) => p.getByTestId('sync-badge').textContent({ timeout: 5_000 });

export function waitBadge(p: Page, text: string, timeoutMs = 15_000): Promise<string | null> {
  return until(() => badgeText(p), (t) => t === text, `badge "${text}"`, timeoutMs);
}

/**
 * Switches the pane to a room and waits for `probe` (a data-testid that only that room's view has,
 * e.g. a cell of one of its rows): the grid of the previous room may still be on screen for a moment.
 */
export async function chooseSector(p: Page, room: string, probe: string): Promise<void> {
  await p.getByTestId('sector-select').selectOption(room);
  await p.getByTestId(probe).waitFor({ timeout: 15_000 });
}

/** Opens a row in the pane's row form (the picker lists the rows once the room is loaded). */
export async function pickRow(p: Page, sheet: string, rowId: string): Promise<void> {
  const tab = p.getByTestId(`sheet-tab-${sheet}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  const picker = p.getByTestId('row-picker');
  await picker.locator(`option[value="${rowId}"]`).waitFor({ state: 'attached', timeout: 15_000 });
  await picker.selectOption(rowId);
  await until(() => p.getByTestId('row-form').getAttribute('data-row'), (r) => r === rowId, `riga ${rowId} nel modulo`);
}

export const field = (p: Page, column: string): Locator => p.getByTestId(`field-${column}`);

/** Screenshots of every open page into test-results/e2e (gitignored), for a failed test. */
export async function screenshotAll(users: readonly UserPage[], label: string): Promise<string[]> {
  const dir = path.resolve('test-results', 'e2e');
  await mkdir(dir, { recursive: true });
  const out: string[] = [];
  const safe = label.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
  for (const u of users) {
    if (u.page.isClosed()) continue;
    const file = path.join(dir, `${safe}-${u.name}.png`);
    await u.page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).then(
      () => out.push(file),
      () => undefined,
    );
  }
  return out;
}

export const cellId = (sheet: string, rowId: string, column: string) => `cell-${sheet}-${rowId}-${column}`;
export const cell = (p: Page, sheet: string, rowId: string, column: string): Locator => p.getByTestId(cellId(sheet, rowId, column));

/** Shows a sheet of the current room (its grid and its form). */
export async function showSheet(p: Page, sheet: string): Promise<void> {
  const tab = p.getByTestId(`sheet-tab-${sheet}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await p.getByTestId(`grid-${sheet}`).waitFor({ timeout: 15_000 });
}

/** Types into a grid cell and commits with Enter, as a user does. */
export async function typeCell(p: Page, sheet: string, rowId: string, column: string, value: string): Promise<void> {
  const c = cell(p, sheet, rowId, column);
  await c.fill(value);
  await c.press('Enter');
}

/** Waits in the page until a grid cell shows `value`; resolves with Date.now() in Node right after. */
export async function waitCellValue(p: Page, sheet: string, rowId: string, column: string, value: string, timeoutMs = 10_000): Promise<number> {
  await p.waitForFunction(
    ([id, v]) => (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value === v,
    [cellId(sheet, rowId, column), value] as const,
    { timeout: timeoutMs, polling: 10 },
  );
  return Date.now();
}

export function cellValue(p: Page, sheet: string, rowId: string, column: string): Promise<string | null> {
  return p.evaluate((id) => (document.querySelector(`[data-testid="${id}"]`) as HTMLInputElement | null)?.value ?? null, cellId(sheet, rowId, column));
}

/** Editable controls (inputs, selects, text areas, buttons) inside an element, by data-testid prefix. */
export function enabledControls(p: Page, testIdPrefix: string): Promise<string[]> {
  return p.evaluate(
    (prefix) =>
      [...document.querySelectorAll<HTMLInputElement>(`[data-testid^="${prefix}"]`)]
        .filter((el) => ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON'].includes(el.tagName) && !el.disabled && !el.readOnly)
        .map((el) => el.dataset.testid ?? el.tagName),
    testIdPrefix,
  );
}

/**
 * A user who forces past the disabled state: re-enables a control in the DOM and types into it, so
 * the pane's own code writes to its local copy and the provider sends the update to the server.
 */
export async function forceType(p: Page, testId: string, value: string): Promise<void> {
  const el = p.getByTestId(testId);
  await el.evaluate((e) => {
    e.removeAttribute('disabled');
    e.removeAttribute('readonly');
  });
  await el.fill(value);
  await el.blur();
}

/**
 * True when some update stored by y-indexeddb for `room` contains `text` (UTF-8, as Yjs encodes it). The
 * pane keeps one database per room and user (`<room>@<sub>`); the signed-in user's is the only one here.
 */
export async function indexedDbHas(p: Page, room: string, text: string): Promise<boolean> {
  const names = await p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
  const dbName = names.find((n) => n.startsWith(`${room}@`)) ?? room;
  return p.evaluate(
    ([dbName, needle]) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) return resolve(false);
          const req = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const want = new TextEncoder().encode(needle);
            const has = (buf: Uint8Array) => {
              outer: for (let i = 0; i + want.length <= buf.length; i++) {
                for (let j = 0; j < want.length; j++) if (buf[i + j] !== want[j]) continue outer;
                return true;
              }
              return false;
            };
            resolve((req.result as Uint8Array[]).some((u) => has(new Uint8Array(u))));
            db.close();
          };
        };
      }),
    [dbName, text] as const,
  );
}

declare global {
  interface Window {
    /** Every text the sync badge showed since the page loaded (consecutive repeats folded). */
    __piaoBadgeLog?: string[];
  }
}

/** Records every text the sync badge shows, in every page of the context, from the first paint. */
export async function recordBadge(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: string[] = [];
    window.__piaoBadgeLog = log;
    const read = () => {
      const t = document.querySelector('[data-testid="sync-badge"]')?.textContent ?? null;
      if (t !== null && log[log.length - 1] !== t) log.push(t);
    };
    new MutationObserver(read).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

/** The badge texts recorded since the last call (the log is emptied). */
export function takeBadgeLog(p: Page): Promise<string[]> {
  return p.evaluate(() => window.__piaoBadgeLog?.splice(0) ?? []);
}

/** Clicks a download link of the pane and returns the path of the downloaded file. */
export async function downloadFrom(p: Page, testId: string, timeoutMs = 30_000): Promise<string> {
  const [download] = await Promise.all([p.waitForEvent('download', { timeout: timeoutMs }), p.getByTestId(testId).click()]);
  const failure = await download.failure();
  if (failure) throw new Error(`Download da ${testId} fallito: ${failure}`);
  return download.path();
}

/**
 * Opens a page in a new context without waiting for the plan (a sign-in that is meant to fail shows
 * the sign-in form, never the sync badge).
 */
export async function openPage(browser: Browser, users: UserPage[], name: string, url: string): Promise<UserPage> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'it-IT' });
  const page = await context.newPage();
  const errors: string[] = [];
  const user = { name, context, page, errors };
  users.push(user);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return user;
}

/** The data-testid of the focused element of the page (null when nothing with one has focus). */
export function focusedTestId(p: Page): Promise<string | null> {
  return p.evaluate(() => (document.activeElement as HTMLElement | null)?.closest('[data-testid]')?.getAttribute('data-testid') ?? null);
}

/** Screenshots of every page and their last page errors, for a failed test (called from onTestFailed). */
export async function reportFailure(users: readonly UserPage[], label: string): Promise<void> {
  const shots = await screenshotAll(users, label);
  for (const u of users) if (u.errors.length) console.error(`[${u.name}] errori della pagina:\n${u.errors.slice(-10).join('\n')}`);
  console.error(`Schermate: ${shots.join(', ')}`);
}
