import { rm } from 'node:fs/promises';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { PLAN_ROOM, listSectors, readSheet, roomName } from '@piao/shared';
import { DEMO_PLAN, DEMO_SECTORS, DEMO_USERS, buildDemoDocs } from '@piao/shared/demo/index';
import { openDataDir } from '../data-dir';
import { makeDataDir, silentLogger } from '../../../test/support/server-harness';
import { formatSignInLinks, startupBanner } from './banner';
import { DEMO_SUB, ensureDemo, signInLinks } from './demo';

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('ensureDemo', () => {
  it('stores each room of the demo plan as one update by `demo`, once', async () => {
    dir = await makeDataDir();
    expect(await ensureDemo(dir)).toEqual({ created: true, plan: DEMO_PLAN });
    expect((await ensureDemo(dir)).created).toBe(false);

    const dd = await openDataDir(dir, { logger: silentLogger });
    try {
      expect(await dd.plans.hasPlan(DEMO_PLAN)).toBe(true);
      const history = await dd.plans.history(DEMO_PLAN);
      const rooms = [PLAN_ROOM, ...DEMO_SECTORS.map((s) => s.id)].map((r) => roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, r));
      expect(history.map((h) => h.room).sort()).toEqual([...rooms].sort());
      expect(history.every((h) => h.sub === DEMO_SUB)).toBe(true);

      // What is stored is exactly the demo content.
      const { planDoc, sectorDocs } = buildDemoDocs();
      const storedPlan = await dd.loadRoomDoc(rooms[0]!);
      expect(listSectors(storedPlan)).toEqual(listSectors(planDoc));
      const lp = await dd.loadRoomDoc(roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, 'lavori-pubblici'));
      expect(readSheet(lp, 'obiettivi')).toEqual(readSheet(sectorDocs.get('lavori-pubblici')!, 'obiettivi'));
      expect(readSheet(lp, 'obiettivi').length).toBeGreaterThan(0);
    } finally {
      await dd.close();
    }
  });

  it('completes a demo cut short without duplicating what was stored', async () => {
    dir = await makeDataDir();
    const dd = await openDataDir(dir, { logger: silentLogger });
    const firstSector = DEMO_SECTORS[0]!.id;
    const room = roomName(DEMO_PLAN.ente, DEMO_PLAN.triennio, firstSector);
    try {
      const { sectorDocs } = buildDemoDocs();
      await dd.appendUpdate(room, Y.encodeStateAsUpdate(sectorDocs.get(firstSector)!), DEMO_SUB);
      expect(await dd.plans.hasPlan(DEMO_PLAN)).toBe(false);
      expect((await ensureDemo(dd)).created).toBe(true);
      const rows = readSheet(await dd.loadRoomDoc(room), 'obiettivi');
      expect(rows).toEqual(readSheet(sectorDocs.get(firstSector)!, 'obiettivi'));
      // The already-stored sector got no second record.
      expect((await dd.plans.history(DEMO_PLAN)).filter((h) => h.room === room)).toHaveLength(1);
    } finally {
      await dd.close();
    }
  });
});

describe('sign-in links', () => {
  it('gives every demo user a link whose token says who they are', async () => {
    dir = await makeDataDir();
    const dd = await openDataDir(dir, { logger: silentLogger });
    try {
      const links = await signInLinks('https://localhost:3000/', dd.auth);
      expect(links).toHaveLength(DEMO_USERS.length);
      for (const [i, l] of links.entries()) {
        const u = new URL(l.url);
        expect(u.origin + u.pathname).toBe('https://localhost:3000/');
        const p = await dd.auth.verify(u.searchParams.get('token')!);
        expect(p).toMatchObject({ sub: DEMO_USERS[i]!.sub, name: DEMO_USERS[i]!.name, ente: DEMO_PLAN.ente, role: DEMO_USERS[i]!.role, sectors: DEMO_USERS[i]!.sectors });
      }
      expect(new Set(links.map((l) => l.user.role))).toEqual(new Set(['coordinator', 'editor', 'viewer']));
      const table = formatSignInLinks(links).split('\n');
      expect(table).toHaveLength(links.length + 1);
      expect(table[1]).toContain('coordinatore');
      const banner = startupBanner({ url: 'https://localhost:3000', links });
      expect(banner).toContain('https://localhost:3000/manifest.xml');
      expect(banner).toContain('Excel desktop');
      expect(banner).toContain('Excel per il web');
    } finally {
      await dd.close();
    }
  });
});
