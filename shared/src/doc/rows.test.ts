import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, deleteRow, moveRow, readRecord, readSheet, setRecord, updateRow } from './rows';

describe('document model', () => {
  it('adds, updates, orders, moves and deletes rows', () => {
    const doc = new Y.Doc();
    const a = addRow(doc, 'obiettivi', { codice: 'A', peso: 50 }, 'test');
    const b = addRow(doc, 'obiettivi', { codice: 'B' }, 'test');
    const c = addRow(doc, 'obiettivi', { codice: 'C' }, 'test', { after: null });
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['C', 'A', 'B']);
    moveRow(doc, 'obiettivi', c, b, 'test');
    expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([a, b, c]);
    updateRow(doc, 'obiettivi', a, { peso: 60, titolo: 'T', codice: null }, 'test');
    expect(readSheet(doc, 'obiettivi')[0]!.values).toEqual({ peso: 60, titolo: 'T' });
    deleteRow(doc, 'obiettivi', b, 'test');
    expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([a, c]);
  });

  it('runs a batch in one transaction with its origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    applyChanges(
      doc,
      [
        { kind: 'add', sheet: 'rischi', values: { codice: 'R1' } },
        { kind: 'add', sheet: 'rischi', values: { codice: 'R2' } },
        { kind: 'record', sheet: 'ente', values: { denominazione: 'Comune' } },
      ],
      'import',
    );
    expect(origins).toEqual(['import']);
    expect(readRecord(doc, 'ente')).toEqual({ denominazione: 'Comune' });
    expect(() => setRecord(doc, 'obiettivi', {}, 'test')).toThrow(/record singolo/);
  });

  it('an update does not resurrect a row deleted concurrently (delete wins)', () => {
    const d1 = new Y.Doc();
    const d2 = new Y.Doc();
    const id = addRow(d1, 'misure', { codice: 'M1' }, 'test');
    Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1));
    deleteRow(d1, 'misure', id, 'test');
    updateRow(d2, 'misure', id, { descrizione: 'x' }, 'test');
    Y.applyUpdate(d1, Y.encodeStateAsUpdate(d2));
    Y.applyUpdate(d2, Y.encodeStateAsUpdate(d1));
    expect(readSheet(d1, 'misure')).toEqual([]);
    expect(readSheet(d2, 'misure')).toEqual([]);
  });

  it('ignores values foreign clients wrote that are not cells', () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', { codice: 'X' }, 'test');
    const row = doc.getMap('obiettivi').get(id) as Y.Map<unknown>;
    row.set('nested', new Y.Map());
    row.set('obj', { a: 1 } as unknown as string);
    doc.getMap('obiettivi').set('garbage', 42 as never);
    expect(readSheet(doc, 'obiettivi')).toEqual([{ id, order: expect.any(String), values: { codice: 'X' } }]);
  });
});
