/**
 * Accessibility of the pane with axe-core in Chromium (issue 9 item 9): the grid must be scrollable with
 * the keyboard also for a viewer, whose grid has no enabled field (axe "scrollable-region-focusable"),
 * and no serious or critical violation may be found on the grid for editor, coordinator and viewer.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemo, signInLinks } from '../../sync-server/src/bootstrap/demo';
import { defaultStaticDirs } from '../../sync-server/src/config';
import { makeDataDir, startTestServer, type TestServer } from '../support/server-harness';
import { BADGE, chooseSector, launchBrowser, openPane, reportFailure, showSheet, waitBadge, type UserPage } from './pane';

const A = 'lavori-pubblici';
const OBJ = 'obiettivi';
const DIST = process.env.PIAO_E2E_DIST ?? defaultStaticDirs().taskpane;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core over `selector` (its documented `axe.run(context, options)`); the violations found. */
async function axe(page: Page, selector: string): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (sel) => {
    const run = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe.run;
    const r = await run({ include: [sel] }, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  }, selector);
}

const describeViolations = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');

describe('task pane accessibility in Chromium (axe-core)', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let link: (role: string) => string;
  const users: UserPage[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      throw new Error(`Il riquadro non è compilato (${DIST}/index.html manca): esegui \`npm run build -w addin\` prima dei test e2e`);
    }
    const dataDir = await makeDataDir();
    await ensureDemo(dataDir);
    server = await startTestServer({ dataDir, config: { staticDirs: { ...defaultStaticDirs('local'), taskpane: DIST } } });
    const links = await signInLinks(server.server.url, server.server.ctx.auth);
    link = (role) => links.find((l) => l.user.role === role && (role !== 'editor' || l.user.sectors.includes(A)))!.url;
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

  it.each(['viewer', 'editor', 'coordinator'])('the %s can scroll the grid with the keyboard, and the grid has no serious or critical violation', async (role) => {
    const u = await openPane(browser, users, role, link(role));
    await waitBadge(u.page, BADGE.saved, 30_000);
    if (role !== 'editor') await chooseSector(u.page, A, `sheet-tab-${OBJ}`);
    await showSheet(u.page, OBJ);
    const violations = await axe(u.page, `[data-testid="grid-${OBJ}"]`);
    expect(describeViolations(violations.filter((v) => v.id === 'scrollable-region-focusable'))).toBe('');
    expect(describeViolations(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))).toBe('');
  });

  it('a sheet-level issue jump scrolls to and marks its column in the grid', async () => {
    const u = await openPane(browser, users, 'coordinator-jump', link('coordinator'));
    await waitBadge(u.page, BADGE.saved, 30_000);
    await u.page.getByTestId('issues-whole-plan').check();
    // The demo's Polizia locale weights sum to 90: an issue about the sheet's "peso" column, no row.
    const issue = u.page.locator('[data-testid="issue-OBJ_WEIGHT_SUM"][data-room="polizia-locale"]');
    await issue.first().getByRole('button').click();
    const header = u.page.locator(`[data-testid="sort-${OBJ}-peso"][data-jumped="true"]`);
    await header.waitFor({ timeout: 15_000 });
    expect(await header.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
    })).toBe(true);
    expect(await u.page.getByTestId('sector-select').inputValue()).toBe('polizia-locale');
  });

  it('at 350 px a keyboard jump from an issue moves the focus to the visible form field, not to an off-screen cell', async () => {
    const u = await openPane(browser, users, 'editor-350', link('editor'));
    await u.page.setViewportSize({ width: 350, height: 700 });
    await waitBadge(u.page, BADGE.saved, 30_000);
    // The demo's LLPP-R02 risk is judged "Basso" with two "Alto" indicators: an issue on its "giudizio".
    const issue = u.page.locator('[data-testid="issue-RISK_JUDGEMENT_LOW"]').first().getByRole('button');
    await issue.focus();
    await u.page.keyboard.press('Enter');
    await u.page.waitForFunction(
      () => {
        const a = document.activeElement as HTMLElement | null;
        if (!a || a.closest('[data-column="giudizio"]') === null) return false;
        const r = a.getBoundingClientRect();
        return r.bottom > 0 && r.top < window.innerHeight;
      },
      undefined,
      { timeout: 10_000 },
    );
  });
});
