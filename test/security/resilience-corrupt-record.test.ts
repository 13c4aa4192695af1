/**
 * Issue 14, item 16: one corrupt update record in one sector made export and /issues answer 500 for the
 * whole plan. Now that room is isolated (its sync is refused, it is named in the answers) and the rest
 * of the plan is served. The record is corrupted in the real SQLite file, as the red team did.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import type { Issue } from '@piao/shared/validate/index';
import { DB_FILE, openDataDir } from '../../sync-server/src/data-dir';
import { connectClient, ENTE, makeDataDir, room, seedPlan, silentLogger, startTestServer, TRIENNIO, waitSynced, type TestServer } from '../support/server-harness';

const GOOD = 'lavori-pubblici';
const BROKEN = 'finanze';
const API = `/api/plans/${ENTE}/${TRIENNIO}`;

describe('a corrupt record in one sector', () => {
  let ts: TestServer;
  let coordinator: string;

  beforeAll(async () => {
    const dataDir = await makeDataDir();
    await seedPlan(dataDir, { ente: ENTE, triennio: TRIENNIO, sectors: [GOOD, BROKEN] });
    const dd = await openDataDir(dataDir, { logger: silentLogger });
    for (const [sector, code] of [[GOOD, 'OB-BUONO'], [BROKEN, 'OB-ROTTO']] as const) {
      const d = new Y.Doc();
      addRow(d, 'obiettivi', { codice: code, titolo: `Obiettivo ${code}` }, 'test');
      await dd.appendUpdate(room(sector), Y.encodeStateAsUpdate(d), 'seed');
    }
    await dd.close();
    const db = new Database(path.join(dataDir, DB_FILE));
    db.prepare('UPDATE updates SET data = ? WHERE room = ?').run(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), room(BROKEN));
    db.close();
    ts = await startTestServer({ dataDir });
    coordinator = await ts.token({ role: 'coordinator' });
  });
  afterAll(async () => {
    await ts.stop();
  });

  const get = (p: string) => fetch(`${ts.server.url}${API}${p}`, { headers: { authorization: `Bearer ${coordinator}` } });

  it('/issues answers 200, names the unreadable sector and still checks the others', async () => {
    const res = await get('/issues');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { issues: Issue[]; unreadable: Array<{ sector: string; message: string }> };
    expect(body.unreadable.map((u) => u.sector)).toEqual([BROKEN]);
    const notice = body.issues.find((i) => i.rule === 'ROOM_UNREADABLE');
    expect(notice).toMatchObject({ severity: 'error', sector: BROKEN });
    expect(notice!.message).toMatch(new RegExp(`La stanza ${room(BROKEN)} non è leggibile: il record n\\. 1 .* danneggiato`));
    expect(body.issues.some((i) => i.rule !== 'ROOM_UNREADABLE')).toBe(true);
  });

  it('export answers a readable workbook with the good sector and the notice', async () => {
    const res = await get('/export.xlsx');
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    let text = (await zip.file('xl/sharedStrings.xml')?.async('string')) ?? '';
    for (const f of Object.keys(zip.files).filter((n) => n.startsWith('xl/worksheets/'))) text += await zip.file(f)!.async('string');
    expect(text).toContain('OB-BUONO');
    expect(text).not.toContain('OB-ROTTO');
    expect(text).toContain('non è leggibile');
  });

  it('the good sector keeps syncing; the server stays up', async () => {
    const c = connectClient(ts.syncUrl, room(GOOD), coordinator);
    try {
      await waitSynced(c);
      expect(readSheet(c.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['OB-BUONO']);
    } finally {
      c.destroy();
    }
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
  });
});
