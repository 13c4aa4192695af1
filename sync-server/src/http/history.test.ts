import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addRow, deleteRow, moveRow, setRecord, updateRow } from '@piao/shared';
import type { HistoryEntry } from '../context';
import { describeHistory } from './history';

/** Records each transaction of `doc` as a stored update of `room` by `sub`. */
function recorder(log: HistoryEntry[], room: string, doc: Y.Doc) {
  let sub = 'nessuno';
  doc.on('update', (update: Uint8Array) => log.push({ seq: log.length + 1, room, sub, at: 1_700_000_000_000 + log.length * 1000, update }));
  return (who: string) => (sub = who);
}

describe('describeHistory', () => {
  it('says which cells each update changed, per room, in order', () => {
    const log: HistoryEntry[] = [];
    const llpp = new Y.Doc();
    const piano = new Y.Doc();
    const asLlpp = recorder(log, 'e/2024-2026/llpp', llpp);
    const asPiano = recorder(log, 'e/2024-2026/_piano', piano);

    asLlpp('elena');
    const a = addRow(llpp, 'obiettivi', { codice: 'LLPP-01', titolo: 'Strade', peso: 40 }, 'test');
    const b = addRow(llpp, 'obiettivi', { codice: 'LLPP-02' }, 'test');
    asPiano('marco');
    setRecord(piano, 'ente', { denominazione: 'Comune di Prova', popolazione: 1000 }, 'test');
    asLlpp('paolo');
    updateRow(llpp, 'obiettivi', a, { peso: 60, titolo: '' }, 'test');
    moveRow(llpp, 'obiettivi', b, null, 'test');
    deleteRow(llpp, 'obiettivi', b, 'test');

    const items = describeHistory(log);
    expect(items.map((i) => [i.seq, i.sub, i.room])).toEqual([
      [1, 'elena', 'e/2024-2026/llpp'],
      [2, 'elena', 'e/2024-2026/llpp'],
      [3, 'marco', 'e/2024-2026/_piano'],
      [4, 'paolo', 'e/2024-2026/llpp'],
      [5, 'paolo', 'e/2024-2026/llpp'],
      [6, 'paolo', 'e/2024-2026/llpp'],
    ]);
    expect(items[0]!.at).toBe('2023-11-14T22:13:20.000Z');
    expect(items[0]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'obiettivi', rowId: a, column: 'codice', value: 'LLPP-01' },
        { sheet: 'obiettivi', rowId: a, column: 'titolo', value: 'Strade' },
        { sheet: 'obiettivi', rowId: a, column: 'peso', value: 40 },
      ]),
    );
    expect(items[0]!.cells).toHaveLength(3);
    expect(items[2]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'ente', rowId: null, column: 'denominazione', value: 'Comune di Prova' },
        { sheet: 'ente', rowId: null, column: 'popolazione', value: 1000 },
      ]),
    );
    expect(items[3]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'obiettivi', rowId: a, column: 'peso', value: 60 },
        { sheet: 'obiettivi', rowId: a, column: 'titolo', value: null },
      ]),
    );
    expect(items[3]!.cells).toHaveLength(2);
    // A move touches only the row's position, which is not a cell.
    expect(items[4]!.cells).toEqual([]);
    expect(items[5]!.cells).toEqual([{ sheet: 'obiettivi', rowId: b, column: null, value: null, deleted: true }]);
  });

  it('lists a corrupt record with no cells and keeps decoding the rest', () => {
    const log: HistoryEntry[] = [];
    const doc = new Y.Doc();
    const as = recorder(log, 'r', doc);
    as('x');
    addRow(doc, 'rischi', { codice: 'R1' }, 'test');
    log.splice(0, 0, { seq: 0, room: 'r', sub: 'y', at: 0, update: new Uint8Array([255, 1, 2]) });
    const items = describeHistory(log);
    expect(items[0]!.cells).toEqual([]);
    expect(items[1]!.cells).toEqual([expect.objectContaining({ sheet: 'rischi', column: 'codice', value: 'R1' })]);
  });
});
