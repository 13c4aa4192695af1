import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '@piao/shared/doc/history';
import { lineOf, linesOf, roomId } from './history-model';

describe('history lines', () => {
  it('tells a change, a first value, a cleared cell and a deleted row apart', () => {
    expect(lineOf({ sheet: 'obiettivi', rowId: 'r', column: 'peso', value: 60, previous: 40 })).toMatchObject({ kind: 'change', value: 60, previous: 40 });
    expect(lineOf({ sheet: 'obiettivi', rowId: 'r', column: 'peso', value: 40 })).toMatchObject({ kind: 'set', previous: null });
    expect(lineOf({ sheet: 'obiettivi', rowId: 'r', column: 'peso', value: null, previous: 40 })).toMatchObject({ kind: 'cleared' });
    expect(lineOf({ sheet: 'obiettivi', rowId: 'r', column: null, value: null, deleted: true, previousRow: { codice: 'A' } })).toEqual({
      kind: 'deleted',
      sheet: 'obiettivi',
      rowId: 'r',
      previousRow: { codice: 'A' },
    });
  });

  it('caps a long entry and says how many lines are hidden', () => {
    const item: HistoryItem = {
      seq: 1,
      room: 'e/2024-2026/llpp',
      sub: 's',
      at: '2026-01-01T00:00:00.000Z',
      cells: Array.from({ length: 20 }, (_, i) => ({ sheet: 'rischi', rowId: `r${i}`, column: 'codice', value: `R${i}` })),
    };
    const { lines, hidden } = linesOf(item, 5);
    expect(lines).toHaveLength(5);
    expect(hidden).toBe(15);
    expect(roomId(item.room)).toBe('llpp');
    expect(roomId('bogus')).toBe('bogus');
  });
});
