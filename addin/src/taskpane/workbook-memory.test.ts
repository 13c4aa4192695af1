import { describe, expect, it } from 'vitest';
import { readWorkbookBinding, writeWorkbookBinding, type DocumentSettings } from './workbook-memory';

function fakeSettings(): DocumentSettings & { saved: number; data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const s = {
    data,
    saved: 0,
    get: (k: string) => data.get(k) ?? null,
    set: (k: string, v: unknown) => void data.set(k, v),
    saveAsync: () => void s.saved++,
  };
  return s;
}

describe('workbook binding memory', () => {
  it('remembers the room in the workbook and saves only when it changes', () => {
    const s = fakeSettings();
    expect(readWorkbookBinding(s)).toBeNull();
    writeWorkbookBinding(s, { ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    writeWorkbookBinding(s, { ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    expect(s.saved).toBe(1);
    expect(readWorkbookBinding(s)).toEqual({ ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    writeWorkbookBinding(s, { ente: 'casale-monferrato', triennio: '2022-2024', room: '_piano' });
    expect(s.saved).toBe(2);
    expect(readWorkbookBinding(s)?.room).toBe('_piano');
  });

  // "Automatically open a task pane with a document": the add-in tags the document with the setting
  // Office.AutoShowTaskpaneWithDocument = true and saves the settings (learn.microsoft.com/office/dev/
  // add-ins/develop/automatically-open-a-task-pane-with-a-document).
  it('tags a bound workbook so the task pane opens with it, also one bound before the tag existed', () => {
    const s = fakeSettings();
    writeWorkbookBinding(s, { ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    expect(s.data.get('Office.AutoShowTaskpaneWithDocument')).toBe(true);
    const old = fakeSettings();
    old.data.set('piao.binding', { ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    writeWorkbookBinding(old, { ente: 'casale-monferrato', triennio: '2022-2024', room: 'finanze' });
    expect(old.data.get('Office.AutoShowTaskpaneWithDocument')).toBe(true);
    expect(old.saved).toBe(1);
  });

  it('ignores malformed values and missing settings', () => {
    const s = fakeSettings();
    s.data.set('piao.binding', { ente: 'x', room: 3 });
    expect(readWorkbookBinding(s)).toBeNull();
    expect(readWorkbookBinding(null)).toBeNull();
    expect(() => writeWorkbookBinding(null, { ente: 'a', triennio: 'b', room: 'c' })).not.toThrow();
  });
});
