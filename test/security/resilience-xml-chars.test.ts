/**
 * Issue 14, item 8: one U+FFFF in a cell made the consolidated workbook and the template invalid XML
 * (Excel cannot open them). Whatever strings the cells, the sector names and the ente hold, every XML
 * part of the real .xlsx answered by the server parses (xmllint checks XML 1.0 characters), and the
 * issues name the cell (CELL_CHARS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { addRow, recordMap, tableMap } from '@piao/shared/doc/rows';
import type { Issue } from '@piao/shared/validate/index';
import { MAX_CELL_CHARS } from '@piao/shared/protocol/resilience';
import { connectClient, ENTE, room, startTestServer, TRIENNIO, waitFor, waitSynced, type TestServer } from '../support/server-harness';

const SECTOR = 'lavori-pubblici';
const API = `/api/plans/${ENTE}/${TRIENNIO}`;

/**
 * Every XML part of an .xlsx, parsed by xmllint (libxml2, as the manifest test uses; offline, no DTD
 * fetch): the errors of each part that is not well-formed XML 1.0 (e.g. "PCDATA invalid Char value").
 */
async function xmlErrors(bytes: ArrayBuffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const errors: string[] = [];
  for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
    const xml = await zip.file(name)!.async('nodebuffer');
    const r = spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml, encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0) errors.push(`${name}: ${r.stderr.split('\n')[0]}`);
  }
  return errors;
}

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\uFFFF', '\uFFFE', '\u0000', '\u0001\u0008\u000B\u000C\u001F', '\uD800', 'a\uDC00b', 'ok\uFFFFok'),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => `${s}\uFFFF${s}`),
);

describe('characters XML cannot hold, in cells', () => {
  let ts: TestServer;
  let token: string;
  beforeAll(async () => {
    ts = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] }] });
    token = await ts.token({ role: 'coordinator' });
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('export and template stay valid XML whatever the cells hold (fast-check)', async () => {
    const seed = Number(process.env.PIAO_FC_SEED ?? Date.now());
    console.log(`fast-check seed (caratteri XML): ${seed}`);
    const plan = connectClient(ts.syncUrl, room('_piano'), token);
    const sector = connectClient(ts.syncUrl, room(SECTOR), token);
    try {
      await waitSynced(plan);
      await waitSynced(sector);
      await fc.assert(
        fc.asyncProperty(fc.array(hostile, { minLength: 3, maxLength: 12 }), async (texts) => {
          const cut = texts.map((t) => t.slice(0, MAX_CELL_CHARS));
          sector.doc.transact(() => {
            for (const id of [...tableMap(sector.doc, 'obiettivi').keys()]) tableMap(sector.doc, 'obiettivi').delete(id);
            cut.forEach((t, i) => addRow(sector.doc, 'obiettivi', { codice: `OB-${i}`, titolo: t, descrizione: `${t}|${i}` }, 'test'));
          });
          plan.doc.transact(() => {
            recordMap(plan.doc, 'ente').set('denominazione', cut[0]!);
            const settori = tableMap(plan.doc, 'settori');
            for (const row of settori.values()) row.set('denominazione', cut[1]!);
          });
          await waitFor(async () => {
            const r = await (await fetch(`${ts.server.url}${API}/issues`, { headers: { authorization: `Bearer ${token}` } })).json();
            return (r as { issues: Issue[] }).issues.filter((i) => i.sheet === 'obiettivi' && i.column === 'codice').length === 0 &&
              (r as { issues: Issue[] }).issues.filter((i) => i.rule === 'OBJ_NO_INDICATOR').length === cut.length;
          }, 10_000, 'righe salvate');
          for (const path of ['/export.xlsx', `/sectors/${SECTOR}/template.xlsx`]) {
            const res = await fetch(`${ts.server.url}${API}${path}`, { headers: { authorization: `Bearer ${token}` } });
            expect(res.status).toBe(200);
            expect(await xmlErrors(await res.arrayBuffer()), path).toEqual([]);
          }
        }),
        { seed, numRuns: 3 },
      );
    } finally {
      plan.destroy();
      sector.destroy();
    }
  });

  it('the issues name the cell holding U+FFFF (CELL_CHARS)', async () => {
    const c = connectClient(ts.syncUrl, room(SECTOR), token);
    try {
      await waitSynced(c);
      addRow(c.doc, 'obiettivi', { codice: 'OB-FFFF', titolo: 'Titolo\uFFFF' }, 'test');
      await waitFor(async () => {
        const r = (await (await fetch(`${ts.server.url}${API}/issues`, { headers: { authorization: `Bearer ${token}` } })).json()) as { issues: Issue[] };
        return r.issues.some((i) => i.rule === 'CELL_CHARS' && i.column === 'titolo' && /U\+FFFF/.test(i.message));
      }, 10_000, 'CELL_CHARS');
    } finally {
      c.destroy();
    }
  });
});
