import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { createOfficeHost } from './office-host';
import { linkedDocs, manualFrames } from './testing';
import { coauthor, type Coauthoring } from './testing/excel-coauthoring';
import { ExcelModel } from './testing/excel-model';
import { LEASE_SETTING, leaseValue } from './writer-lease';

/**
 * Issue 8, defect 10: two people with the pane open on one co-authored workbook (two replicas of the
 * documented model that merge, testing/excel-coauthoring.ts), each pane on its own Y.Doc, the docs linked
 * like two browsers on one room. A remote change must be written into the workbook once, by one pane.
 */

const TABLE = 'PIAO_obiettivi';
const WS = '2.2 Obiettivi';
const labels = ['ID', ...getSheet('obiettivi').columns.map((c) => c.label)];
const col = (label: string) => labels.indexOf(label);

async function twoPanes(opts: { rows?: number; leaseMs?: number } = {}) {
  const { local: docA, remote: docB, deliver } = linkedDocs();
  if (opts.rows) {
    applyChanges(docA, Array.from({ length: opts.rows }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `C-${i}`, titolo: `Obiettivo ${i}` } })), 'test');
  }
  deliver();
  const excelA = new ExcelModel('1.14');
  const pane = (doc: Y.Doc, excel: ExcelModel, name: string) => {
    const host = createOfficeHost({ excel: excel.Excel, office: excel.Office, paneId: name, ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}) });
    const frames = manualFrames();
    const errors: unknown[] = [];
    const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule, onError: (e) => errors.push(e), retryDelay: () => 0, persistDelay: 0 });
    return { doc, excel, host, frames, binding, errors };
  };
  const a = pane(docA, excelA, 'A');
  await a.binding.ready;
  await settleAll([a]);
  // The second person opens the workbook as the first pane left it.
  const co: Coauthoring = coauthor(excelA);
  const b = pane(docB, co.b, 'B');
  await b.binding.ready;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      deliver();
      await settleAll([a, b]);
      co.sync();
      await settleAll([a, b]);
    }
  };
  await settle();
  return { a, b, co, deliver, settle };
}

async function settleAll(panes: Array<{ excel: ExcelModel; frames: { settle(): Promise<void> } }>) {
  for (let i = 0; i < 3; i++) for (const p of panes) {
    await p.excel.settle();
    await p.frames.settle();
  }
}

/** How many times each row id appears in a replica's table (body plus rows typed under it). */
function idCounts(excel: ExcelModel): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of excel.body(TABLE)) {
    const id = String(line[0] ?? '');
    if (id) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

describe('defect 10: co-authoring, one writer per workbook', () => {
  it('a row added elsewhere appears once in the workbook, written by one pane, and the document keeps one row', async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 2 });
    const before = { ...co.written };
    // A third person (the browser) adds a row: both panes hear it from their doc.
    applyChanges(a.doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'N-1', titolo: 'Nuovo' } }], 'grid');
    await settle();
    expect(readSheet(a.doc, 'obiettivi')).toHaveLength(3);
    expect(readSheet(b.doc, 'obiettivi')).toHaveLength(3);
    for (const excel of [co.a, co.b]) {
      expect([...idCounts(excel).values()].every((n) => n === 1)).toBe(true);
      expect(excel.body(TABLE).filter((l) => l[col('Titolo')] === 'Nuovo')).toHaveLength(1);
    }
    // One pane wrote the row; the other only saw it arrive.
    const wroteA = co.written.a - before.a;
    const wroteB = co.written.b - before.b;
    expect(Math.min(wroteA, wroteB)).toBe(0);
    expect(a.errors.concat(b.errors)).toEqual([]);
    expect(co.a.violations.concat(co.b.violations)).toEqual([]);
  });

  it('a remote change of a cell is written by one pane only (no wasted second write)', async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 2 });
    const id = readSheet(a.doc, 'obiettivi')[0]!.id;
    const before = { ...co.written };
    updateRow(a.doc, 'obiettivi', id, { titolo: 'Cambiato altrove' }, 'grid');
    await settle();
    for (const excel of [co.a, co.b]) expect(excel.body(TABLE).filter((l) => l[col('Titolo')] === 'Cambiato altrove')).toHaveLength(1);
    expect(Math.min(co.written.a - before.a, co.written.b - before.b)).toBe(0);
    expect(a.errors.concat(b.errors)).toEqual([]);
    expect(co.a.violations.concat(co.b.violations)).toEqual([]);
  });

  it('with a note under the table (appends insert cells), a row added elsewhere is still not doubled', async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 1 });
    const t = co.a.table(TABLE);
    await co.a.userType(WS, t.row + t.rows + 3, 0, [['Nota sotto la tabella']]);
    await settle();
    applyChanges(b.doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'N-2', titolo: 'Sopra la nota' } }], 'grid');
    await settle();
    expect(readSheet(a.doc, 'obiettivi')).toHaveLength(2);
    expect(readSheet(b.doc, 'obiettivi')).toHaveLength(2);
    for (const excel of [co.a, co.b]) expect(excel.body(TABLE).filter((l) => l[col('Titolo')] === 'Sopra la nota')).toHaveLength(1);
  });

  it('when the writing pane closes, the other one takes over and writes what the document changed', async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 1, leaseMs: 300 });
    a.binding.dispose();
    await a.host.dispose?.();
    await settle();
    const id = readSheet(b.doc, 'obiettivi')[0]!.id;
    updateRow(b.doc, 'obiettivi', id, { titolo: 'Dopo la chiusura di A' }, 'grid');
    await vi.waitFor(async () => {
      await settle();
      expect(co.b.body(TABLE)[0]![col('Titolo')]).toBe('Dopo la chiusura di A');
    });
    expect(b.errors).toEqual([]);
  });

  it('two panes that both believe they hold the lease (settings merge late) leave one copy of a row they both inserted', async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 1 });
    const t = co.a.table(TABLE);
    await co.a.userType(WS, t.row + t.rows + 3, 0, [['Nota sotto la tabella']]);
    await settle();
    // B's copy of the settings says B holds the lease, A's says A: both write until the settings merge.
    co.b.settings.set(LEASE_SETTING, leaseValue('B', Date.now(), 60_000));
    applyChanges(a.doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'N-3', titolo: 'Doppia' } }], 'grid');
    await settle();
    await settle();
    expect(readSheet(a.doc, 'obiettivi')).toHaveLength(2);
    expect(readSheet(b.doc, 'obiettivi')).toHaveLength(2);
    for (const excel of [co.a, co.b]) {
      expect(excel.body(TABLE).filter((l) => l[col('Titolo')] === 'Doppia')).toHaveLength(1);
      expect([...idCounts(excel).values()].every((n) => n === 1)).toBe(true);
    }
  });

  it('a pane closed and bound again in the same page writes at once (its lease is its own; chaos seed 880305522)', async () => {
    const doc = new Y.Doc();
    applyChanges(doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'C-0', titolo: 'Prima' } }], 'test');
    const excel = new ExcelModel('1.14');
    const open = async () => {
      const host = createOfficeHost({ excel: excel.Excel, office: excel.Office });
      const frames = manualFrames();
      const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule, retryDelay: () => 0, persistDelay: 0 });
      await binding.ready;
      await settleAll([{ excel, frames }]);
      return { host, frames, binding };
    };
    const first = await open();
    first.binding.dispose();
    excel.failures.push({ at: 'run', code: 'GeneralException' }); // giving the lease up fails: it stays in the workbook
    void first.host.dispose?.(); // the pane does not wait for its handlers to go
    const second = await open();
    updateRow(doc, 'obiettivi', readSheet(doc, 'obiettivi')[0]!.id, { titolo: 'Dopo la riapertura' }, 'grid');
    await settleAll([{ excel, frames: second.frames }]);
    expect(excel.body(TABLE)[0]![col('Titolo')]).toBe('Dopo la riapertura');
  });

  it("each pane still sends its own user's edits", async () => {
    const { a, b, co, settle } = await twoPanes({ rows: 2 });
    await co.a.userType(WS, 1, col('Titolo'), [['Scritto da A']]);
    await co.b.userType(WS, 2, col('Titolo'), [['Scritto da B']]);
    await settle();
    for (const doc of [a.doc, b.doc]) {
      expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo).sort()).toEqual(['Scritto da A', 'Scritto da B']);
    }
  });
});
