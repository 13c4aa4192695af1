import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets, type BindOptions } from './binder';
import { MemoryHost } from './memory-host';
import { sheetSpec } from './sheet-host';
import type { BindingNotice, BindingStatus } from './sheet-binding';
import { linkedDocs, manualFrames } from './testing';

/** Named regressions of issue 8 (defects 1, 2 and 4, binder side), through the in-memory host. */

const spec = sheetSpec(getSheet('obiettivi'));
const o = (codice: string, titolo: string) => ({ codice, titolo });

function bind(doc: Y.Doc, host: MemoryHost, extra: Partial<BindOptions> = {}) {
  const frames = manualFrames();
  const statuses: BindingStatus[] = [];
  const notices: BindingNotice[] = [];
  const binding = bindSheets({
    doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule,
    onStatus: (s) => statuses.push(s), onNotice: (n) => notices.push(n), onError: () => undefined,
    retryDelay: () => 0, persistDelay: 0, ...extra,
  });
  return { binding, frames, statuses, notices };
}

const codes = (host: MemoryHost) => host.rows('obiettivi').map((r) => r.values.codice);

describe('defect 1: binding before the room has synced never empties the workbook', () => {
  it('an empty unsynced document keeps every workbook row, in its order; the sync then reconciles', async () => {
    // The server's copy of the room, and the workbook saved by an earlier session (sorted by the user).
    const { local, remote, deliver } = linkedDocs();
    const ids = applyChanges(remote, ['B', 'A', 'C'].map((c) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: o(c, `Titolo ${c}`) })), 'test');
    const host = new MemoryHost({ origin: 'excel' });
    host.seed(spec, [2, 1, 0].map((i) => ({ id: ids[i]!, values: o(['B', 'A', 'C'][i]!, `Titolo ${['B', 'A', 'C'][i]}`) })));
    let markSynced!: () => void;
    const synced = new Promise<void>((resolve) => (markSynced = resolve));
    const { binding, frames } = bind(local, host, { synced });
    await binding.ready;
    await frames.settle();
    expect(codes(host)).toEqual(['C', 'A', 'B']);
    expect(readSheet(local, 'obiettivi')).toEqual([]);
    // The sync arrives, with a row deleted on the server meanwhile.
    applyChanges(remote, [{ kind: 'delete', sheet: 'obiettivi', id: ids[1]! }], 'test');
    deliver();
    markSynced();
    await frames.settle();
    await frames.settle();
    expect(codes(host)).toEqual(['C', 'B']);
    expect(readSheet(local, 'obiettivi').map((r) => r.values.codice)).toEqual(['B', 'C']);
  });

  it('synced: false never removes rows, even when the user edits one of them', async () => {
    const host = new MemoryHost({ origin: 'excel' });
    host.seed(spec, [{ id: 'riga-salvata', values: o('S', 'Salvata') }]);
    const doc = new Y.Doc();
    const { binding, frames } = bind(doc, host, { synced: false });
    await binding.ready;
    await frames.settle();
    host.userSetCells('obiettivi', [{ row: 0, column: 'titolo', value: 'Cambiata' }]);
    await frames.settle();
    expect(host.rows('obiettivi')).toEqual([{ id: 'riga-salvata', values: expect.objectContaining({ codice: 'S', titolo: 'Cambiata' }) }]);
  });
});

describe('defect 2: a failed write never drops changes', () => {
  it('the cells of a failed batch are written on retry; the pane hears the problem and its end', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', o('X', 'Prima'), 'test');
    const host = new MemoryHost({ origin: 'excel' });
    const { binding, frames, statuses } = bind(doc, host);
    await binding.ready;
    await frames.settle();
    const real = host.applyBatch.bind(host);
    let failures = 2;
    host.applyBatch = async (sheet, batch) => {
      if (failures-- > 0) throw Object.assign(new Error('Excel è occupato'), { code: 'GeneralException' });
      return real(sheet, batch);
    };
    updateRow(doc, 'obiettivi', id, { titolo: 'Dal server' }, 'remote');
    addRow(doc, 'obiettivi', o('Y', 'Nuova dal server'), 'remote');
    await frames.settle();
    await frames.settle();
    expect(host.rows('obiettivi').map((r) => r.values.titolo)).toEqual(['Dal server', 'Nuova dal server']);
    expect(statuses.some((s) => typeof s.problem === 'string' && s.problem.length > 0)).toBe(true);
    expect(statuses.at(-1)?.problem).toBeNull();
  });

  it('after repeated failures the sheet is re-read and reconciled: user edits made meanwhile are kept', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', o('X', 'Prima'), 'test');
    const host = new MemoryHost({ origin: 'excel' });
    const { binding, frames } = bind(doc, host);
    await binding.ready;
    await frames.settle();
    const real = host.applyBatch.bind(host);
    let failures = 4;
    host.applyBatch = async (sheet, batch) => {
      if (failures-- > 0) throw new Error('rete');
      return real(sheet, batch);
    };
    updateRow(doc, 'obiettivi', id, { titolo: 'Dal server' }, 'remote');
    frames.runFrame();
    host.userSetCells('obiettivi', [{ row: 0, column: 'codice', value: 'X-utente' }]);
    await frames.settle();
    await frames.settle();
    expect(host.rows('obiettivi')[0]!.values).toMatchObject({ codice: 'X-utente', titolo: 'Dal server' });
    expect(readRow(doc, 'obiettivi', id)?.values).toMatchObject({ codice: 'X-utente', titolo: 'Dal server' });
    expect(failures).toBeLessThan(0);
  });
});

describe('defect 4: edits made while the pane was closed', () => {
  it('cells changed in the workbook since the last sync become edits; remote changes to other cells are written; offline deletions are deleted with a notice', async () => {
    const doc = new Y.Doc();
    const [a, b, c] = applyChanges(doc, ['A', 'B', 'C'].map((x) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: o(x, `Titolo ${x}`) })), 'test') as string[];
    const host = new MemoryHost({ origin: 'excel' });
    const first = bind(doc, host);
    await first.binding.ready;
    await first.frames.settle();
    await first.binding.persist();
    first.binding.dispose();

    // Pane closed: the user edits A's title and deletes C; meanwhile the server changes A's code and B's title.
    host.userSetCells('obiettivi', [{ row: 0, column: 'titolo', value: 'Scritto a pannello chiuso' }]);
    host.userDeleteRows('obiettivi', [2]);
    updateRow(doc, 'obiettivi', a!, { codice: 'A2' }, 'remote');
    updateRow(doc, 'obiettivi', b!, { titolo: 'B dal server' }, 'remote');

    const second = bind(doc, host);
    await second.binding.ready;
    await second.frames.settle();
    expect(readRow(doc, 'obiettivi', a!)?.values).toMatchObject({ codice: 'A2', titolo: 'Scritto a pannello chiuso' });
    expect(readRow(doc, 'obiettivi', c!)).toBeNull();
    expect(host.rows('obiettivi').map((r) => [r.values.codice, r.values.titolo])).toEqual([
      ['A2', 'Scritto a pannello chiuso'],
      ['B', 'B dal server'],
    ]);
    expect(second.notices).toEqual([expect.objectContaining({ kind: 'deleted-offline', rows: [{ id: c, label: 'C – Titolo C' }] })]);
    expect(second.notices[0]!.message).toMatch(/eliminate in Excel mentre il riquadro era chiuso.*C – Titolo C/);
  });

  it('without a stored snapshot (first bind of an old workbook) the document wins', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', o('A', 'Nel piano'), 'test');
    const host = new MemoryHost({ origin: 'excel' });
    host.seed(spec, [{ id, values: o('A', 'Nel file') }]);
    const { binding, frames } = bind(doc, host);
    await binding.ready;
    await frames.settle();
    expect(host.rows('obiettivi')[0]!.values.titolo).toBe('Nel piano');
  });
});
