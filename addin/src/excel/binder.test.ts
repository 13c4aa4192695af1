import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, deleteRow, readRecord, readRow, readSheet, setRecord, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import type { Issue } from '@piao/shared/validate/issue';
import { bindSheets } from './binder';
import { MemoryHost } from './memory-host';
import { ID_COLUMN, RECORD_ROW_ID, sheetSpec } from './sheet-host';
import { compareHostAndDoc, manualFrames } from './testing';

function setup(opts: { readOnly?: boolean; origin?: 'excel' | 'grid'; doc?: Y.Doc; host?: MemoryHost } = {}) {
  const doc = opts.doc ?? new Y.Doc();
  const host = opts.host ?? new MemoryHost({ origin: opts.origin ?? 'excel' });
  const frames = manualFrames();
  const statuses: Array<{ sheet: string; rows: number }> = [];
  const binding = bindSheets({
    doc,
    host,
    sheets: ['obiettivi', 'fabbisogni'],
    readOnly: opts.readOnly ?? false,
    schedule: frames.schedule,
    onStatus: (s) => statuses.push(s),
  });
  return { doc, host, frames, binding, statuses };
}

const obiettivo = { codice: 'LLPP-01', titolo: 'Manutenzione strade', tipo: 'Operativo', peso: 40 };

describe('bindSheets with the in-memory host', () => {
  it('creates the sheets and writes the document rows into them', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    await frames.settle();
    expect(host.rows('obiettivi')).toEqual([{ id, values: expect.objectContaining({ ...obiettivo, descrizione: null }) }]);
    expect(host.rows('fabbisogni')).toEqual([]);
  });

  it('a typed cell becomes one transaction with the host origin; a coercible value is normalised in the host', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    const origins: unknown[] = [];
    doc.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
    host.userSetCells('obiettivi', [{ row: host.positionOf('obiettivi', id), column: 'peso', value: '37,5' }]);
    expect(origins).toEqual(['excel']);
    expect(readRow(doc, 'obiettivi', id)?.values.peso).toBe(37.5);
    await frames.settle();
    expect(host.rows('obiettivi')[0]!.values.peso).toBe(37.5);
  });

  it('a multi-cell paste is one transaction', async () => {
    const doc = new Y.Doc();
    const a = addRow(doc, 'obiettivi', obiettivo, 'test');
    const b = addRow(doc, 'obiettivi', { ...obiettivo, codice: 'LLPP-02' }, 'test');
    const { host, binding } = setup({ doc });
    await binding.ready;
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    host.userSetCells('obiettivi', [
      { row: host.positionOf('obiettivi', a), column: 'responsabile', value: 'Rossi' },
      { row: host.positionOf('obiettivi', b), column: 'responsabile', value: 'Bianchi' },
      { row: host.positionOf('obiettivi', b), column: 'tipo', value: 'gestionale' },
    ]);
    expect(transactions).toBe(1);
    expect(readRow(doc, 'obiettivi', a)?.values.responsabile).toBe('Rossi');
    expect(readRow(doc, 'obiettivi', b)?.values).toMatchObject({ responsabile: 'Bianchi', tipo: 'Gestionale' });
  });

  it('a row typed below the table gets an id, written back to the ID column, and becomes a document row', async () => {
    const { doc, host, binding, frames } = setup();
    await binding.ready;
    host.userSetCells('obiettivi', [
      { row: 0, column: 'codice', value: 'NEW-1' },
      { row: 0, column: 'titolo', value: 'Nuovo obiettivo' },
    ]);
    await frames.settle();
    const rows = host.rows('obiettivi');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toMatch(/^[\w-]{8,}$/);
    expect(readRow(doc, 'obiettivi', rows[0]!.id)?.values).toEqual({ codice: 'NEW-1', titolo: 'Nuovo obiettivo' });
  });

  it('a pasted copy of a row (with its hidden id) becomes a new row; the original keeps its id', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding } = setup({ doc });
    await binding.ready;
    host.userSetCells('obiettivi', [
      { row: 1, column: ID_COLUMN, value: id },
      { row: 1, column: 'codice', value: 'LLPP-COPIA' },
    ]);
    const ids = host.rows('obiettivi').map((r) => r.id);
    expect(ids[0]).toBe(id);
    expect(ids[1]).not.toBe(id);
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['LLPP-01', 'LLPP-COPIA']);
  });

  it('deleting rows in the host deletes them in the document', async () => {
    const doc = new Y.Doc();
    const a = addRow(doc, 'obiettivi', obiettivo, 'test');
    const b = addRow(doc, 'obiettivi', { ...obiettivo, codice: 'B' }, 'test');
    const { host, binding } = setup({ doc });
    await binding.ready;
    host.userDeleteRows('obiettivi', [host.positionOf('obiettivi', a)]);
    expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([b]);
  });

  it('sorting the table changes nothing in the document', async () => {
    const doc = new Y.Doc();
    for (const [codice, peso] of [['C', 10], ['A', 30], ['B', 20]] as const) addRow(doc, 'obiettivi', { ...obiettivo, codice, peso }, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    await frames.settle();
    const before = Y.encodeStateAsUpdate(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    const runs = host.stats.runs;
    host.userSort('obiettivi', 'codice', 'asc');
    host.userSort('obiettivi', 'peso', 'desc');
    await frames.settle();
    expect(host.rows('obiettivi').map((r) => r.values.codice)).toEqual(['A', 'B', 'C']);
    expect(updates).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    // Re-reading after a sort costs the host's read, but nothing is written back.
    expect(host.stats.runs - runs).toBe(2);
    const { hostRows, docRows } = compareHostAndDoc(host, doc, 'obiettivi');
    expect(hostRows).toEqual(docRows);
  });

  it('an invalid value is not written, is marked with the Italian message, and the mark clears when fixed', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    const row = host.positionOf('obiettivi', id);
    host.userSetCells('obiettivi', [{ row, column: 'peso', value: 'quaranta' }]);
    await frames.settle();
    expect(readRow(doc, 'obiettivi', id)?.values.peso).toBe(40);
    expect(host.marks('obiettivi')).toEqual([
      { rowId: id, column: 'peso', severity: 'error', message: 'Peso %: «quaranta» non è un numero' },
    ]);
    expect(host.rows('obiettivi')[0]!.values.peso).toBe('quaranta');
    host.userSetCells('obiettivi', [{ row, column: 'peso', value: '45' }]);
    await frames.settle();
    expect(readRow(doc, 'obiettivi', id)?.values.peso).toBe(45);
    expect(host.marks('obiettivi')).toEqual([]);
  });

  it('a remote write over an invalid cell replaces it and clears its mark', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    host.userSetCells('obiettivi', [{ row: 0, column: 'inizio', value: '31/02/2023' }]);
    await frames.settle();
    expect(host.marks('obiettivi')).toHaveLength(1);
    updateRow(doc, 'obiettivi', id, { inizio: '2023-03-01' }, 'remote');
    await frames.settle();
    expect(host.rows('obiettivi')[0]!.values.inizio).toBe('2023-03-01');
    expect(host.marks('obiettivi')).toEqual([]);
  });

  it('read-only: user edits, new rows and deletions are reverted and never reach the document', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, frames } = setup({ doc, readOnly: true });
    await binding.ready;
    expect(host.isReadOnly('obiettivi')).toBe(true);
    const before = Y.encodeStateAsUpdate(doc);
    host.userSetCells('obiettivi', [{ row: 0, column: 'titolo', value: 'Modificato' }]);
    host.userAppendRow('obiettivi', { codice: 'X' });
    await frames.settle();
    expect(host.rows('obiettivi')).toEqual([{ id, values: expect.objectContaining({ titolo: 'Manutenzione strade' }) }]);
    host.userDeleteRows('obiettivi', [0]);
    expect(host.rows('obiettivi')).toEqual([]);
    await frames.settle();
    expect(host.rows('obiettivi').map((r) => r.id)).toEqual([id]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('remote changes are collected for a frame and written with one host run per sheet', async () => {
    const { doc, host, binding, frames } = setup();
    await binding.ready;
    const runs = host.stats.runs;
    const ids = [addRow(doc, 'obiettivi', obiettivo, 'remote'), addRow(doc, 'fabbisogni', { anno: 2023, posti: 2, costo_unitario: 30000 }, 'remote')];
    updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Altro' }, 'remote');
    expect(frames.pending()).toBe(1);
    await frames.settle();
    expect(host.stats.runs - runs).toBe(2);
    expect(host.rows('obiettivi')[0]!.values.titolo).toBe('Altro');
    // Computed columns are written from the schema.
    expect(host.rows('fabbisogni')[0]!.values.costo_totale).toBe(60000);
  });

  it('a user edit recomputes computed columns; typing into a computed cell is undone', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'fabbisogni', { anno: 2023, posti: 2, costo_unitario: 30000 }, 'test');
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    host.userSetCells('fabbisogni', [{ row: 0, column: 'posti', value: 3 }]);
    await frames.settle();
    expect(host.rows('fabbisogni')[0]!.values.costo_totale).toBe(90000);
    host.userSetCells('fabbisogni', [{ row: 0, column: 'costo_totale', value: 1 }]);
    await frames.settle();
    expect(host.rows('fabbisogni')[0]!.values.costo_totale).toBe(90000);
    expect(readRow(doc, 'fabbisogni', id)?.values.costo_totale).toBeUndefined();
  });

  it('never echoes its own transactions and the grid origin comes from the host', async () => {
    const { doc, host, binding, frames } = setup({ origin: 'grid' });
    await binding.ready;
    const origins: unknown[] = [];
    doc.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
    host.userAppendRow('obiettivi', { codice: 'G-1' });
    const runs = host.stats.runs;
    await frames.settle();
    expect(origins).toEqual(['grid']);
    // Nothing to write back: the host already shows exactly what it typed.
    expect(host.stats.runs).toBe(runs);
  });

  it('rows saved in the workbook are reconciled on load: doc wins, unknown ids go, id-less rows are adopted', async () => {
    const doc = new Y.Doc();
    const kept = addRow(doc, 'obiettivi', obiettivo, 'test');
    const added = addRow(doc, 'obiettivi', { ...obiettivo, codice: 'SOLO-DOC' }, 'test');
    const host = new MemoryHost({ origin: 'excel' });
    host.seed(sheetSpec(getSheet('obiettivi')), [
      { id: 'gone-elsewhere', values: { codice: 'VECCHIO' } },
      { id: kept, values: { codice: 'LLPP-01', titolo: 'Titolo vecchio' } },
      { id: null, values: { codice: 'OFFLINE', titolo: 'Scritto a pannello chiuso' } },
    ]);
    const { binding, frames } = setup({ doc, host });
    await binding.ready;
    await frames.settle();
    const byCode = Object.fromEntries(host.rows('obiettivi').map((r) => [r.values.codice, r]));
    expect(Object.keys(byCode).sort()).toEqual(['LLPP-01', 'OFFLINE', 'SOLO-DOC']);
    expect(byCode['LLPP-01']!.values.titolo).toBe('Manutenzione strade');
    expect(byCode['SOLO-DOC']!.id).toBe(added);
    expect(readRow(doc, 'obiettivi', byCode.OFFLINE!.id)?.values.titolo).toBe('Scritto a pannello chiuso');
  });

  it('validation issues are shown as marks, row-level ones too, and replaced on the next call', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding } = setup({ doc });
    await binding.ready;
    const issue = (column: string | null, message: string): Issue => ({ rule: 'CELL_REQUIRED', severity: 'error', room: 's', sector: 's', sheet: 'obiettivi', rowId: id, column, message });
    await binding.markIssues([issue('responsabile', 'Manca il responsabile'), issue(null, 'Obiettivo senza indicatori')]);
    expect(host.marks('obiettivi').map((m) => [m.column, m.message])).toEqual([
      ['responsabile', 'Manca il responsabile'],
      [null, 'Obiettivo senza indicatori'],
    ]);
    await binding.markIssues([]);
    expect(host.marks('obiettivi')).toEqual([]);
  });

  it('select and status reach the host and the caller', async () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', obiettivo, 'test');
    const { host, binding, statuses } = setup({ doc });
    const seen: unknown[] = [];
    host.onSelection((s) => seen.push(s));
    await binding.ready;
    await binding.select('obiettivi', id, 'titolo');
    expect(seen).toEqual([{ sheet: 'obiettivi', rowId: id, column: 'titolo' }]);
    expect(statuses).toContainEqual({ sheet: 'obiettivi', rows: 1, problem: null });
  });

  it('select finds a row that arrived from elsewhere before the next frame wrote it to the host', async () => {
    const { doc, host, binding, frames } = setup();
    const seen: unknown[] = [];
    host.onSelection((s) => seen.push(s));
    await binding.ready;
    const id = addRow(doc, 'obiettivi', obiettivo, 'remote');
    expect(frames.pending()).toBe(1);
    await binding.select('obiettivi', id, 'peso');
    expect(seen).toEqual([{ sheet: 'obiettivi', rowId: id, column: 'peso' }]);
    expect(host.rows('obiettivi').map((r) => r.id)).toEqual([id]);
  });

  it('dispose stops both directions', async () => {
    const { doc, host, binding, frames } = setup();
    await binding.ready;
    binding.dispose();
    addRow(doc, 'obiettivi', obiettivo, 'remote');
    host.userAppendRow('fabbisogni', { profilo: 'Istruttore' });
    await frames.settle();
    expect(host.rows('obiettivi')).toEqual([]);
    expect(readSheet(doc, 'fabbisogni')).toEqual([]);
  });
});

describe('one-record sheets', () => {
  it('show one row with the record; edits update the record; the row cannot be deleted', async () => {
    const doc = new Y.Doc();
    setRecord(doc, 'ente', { denominazione: 'Comune di Casale Monferrato' }, 'test');
    const host = new MemoryHost({ origin: 'excel' });
    const frames = manualFrames();
    const binding = bindSheets({ doc, host, sheets: ['ente'], readOnly: false, schedule: frames.schedule });
    await binding.ready;
    expect(host.rows('ente')).toEqual([{ id: RECORD_ROW_ID, values: expect.objectContaining({ denominazione: 'Comune di Casale Monferrato' }) }]);
    host.userSetCells('ente', [{ row: 0, column: 'dipendenti_31_12', value: '200' }]);
    expect(readRecord(doc, 'ente').dipendenti_31_12).toBe(200);
    host.userDeleteRows('ente', [0]);
    host.userAppendRow('ente', { pec: 'protocollo@pec.example.it' });
    await frames.settle();
    expect(host.rows('ente').map((r) => r.id)).toEqual([RECORD_ROW_ID]);
    expect(readRecord(doc, 'ente')).toMatchObject({ dipendenti_31_12: 200, pec: 'protocollo@pec.example.it' });
    setRecord(doc, 'ente', { popolazione: 33000 }, 'remote');
    await frames.settle();
    expect(host.rows('ente')[0]!.values.popolazione).toBe(33000);
  });
});

describe('batching remote changes', () => {
  it('1,000 remote cell changes cost one run and two syncs, under the payload limit', async () => {
    const doc = new Y.Doc();
    const ids: string[] = [];
    applyChanges(
      doc,
      Array.from({ length: 1000 }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `C-${i}`, titolo: `Obiettivo ${i}` } })),
      'test',
    );
    for (const r of readSheet(doc, 'obiettivi')) ids.push(r.id);
    const { host, binding, frames } = setup({ doc });
    await binding.ready;
    await frames.settle();
    const before = { ...host.stats };
    // 1,000 separate transactions, as they arrive one by one from the network.
    ids.forEach((id, i) => updateRow(doc, 'obiettivi', id, { titolo: `Rinominato ${i}`, peso: i % 100 }, 'remote'));
    await frames.settle();
    expect(host.stats.runs - before.runs).toBe(1);
    expect(host.stats.syncs - before.syncs).toBe(2);
    expect(host.stats.maxPayloadBytes).toBeLessThan(4_000_000);
    expect(host.rows('obiettivi').every((r, i) => r.values.titolo === `Rinominato ${i}`)).toBe(true);
  });

  it('a large remote import is chunked: every request stays under the limit', async () => {
    const limit = 200_000;
    const doc = new Y.Doc();
    const host = new MemoryHost({ origin: 'excel', maxPayloadBytes: limit });
    const frames = manualFrames();
    const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule });
    await binding.ready;
    const before = { ...host.stats };
    const long = 'Descrizione lunga dell’obiettivo di performance. '.repeat(10);
    applyChanges(doc, Array.from({ length: 2000 }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `I-${i}`, descrizione: long } })), 'import');
    await frames.settle();
    const syncs = host.stats.syncs - before.syncs;
    expect(host.stats.runs - before.runs).toBe(1);
    expect(syncs).toBeGreaterThan(5);
    expect(host.stats.maxPayloadBytes).toBeLessThanOrEqual(limit);
    expect(host.rows('obiettivi')).toHaveLength(2000);
    deleteRow(doc, 'obiettivi', host.rows('obiettivi')[5]!.id, 'remote');
    await frames.settle();
    expect(host.rows('obiettivi')).toHaveLength(1999);
  });
});
