// @vitest-environment jsdom
/**
 * The pane's side of working together: a field that lost to someone else's change, undo of the user's
 * own changes only, restoring from a notice or from history, the delete guard and its undo toast.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import * as Y from 'yjs';
import { addRow, deleteRow, readRecord, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { recreateRow, restoreLine, restoreMine } from './conflict-actions';
import { ConflictNotices } from './ConflictNotices';
import { FieldEditor } from './FieldEditor';
import { addNotice, stillLost, type Notice } from './useConflicts';
import { useRowDelete } from './useRowDelete';
import { createUndoManager, undoShortcut, useUndo, useUndoKeys } from './useUndo';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
afterEach(cleanup);

const titolo = getSheet('obiettivi').columns.find((c) => c.id === 'titolo')!;

describe('FieldEditor while someone else saves', () => {
  function mount(value: string) {
    const commits: unknown[] = [];
    const lost: string[] = [];
    const drafts: Array<string | null> = [];
    const el = (v: string) => (
      <FluentProvider theme={webLightTheme}>
        <FieldEditor
          column={titolo}
          value={v}
          required={false}
          readOnly={false}
          refs={[]}
          issues={[]}
          onCommit={(x) => commits.push(x)}
          onDraft={(t) => drafts.push(t)}
          onLost={(t) => lost.push(t)}
        />
      </FluentProvider>
    );
    const r = render(el(value));
    const input = screen.getByTestId('field-titolo') as HTMLInputElement;
    return { commits, lost, drafts, input, rerender: (v: string) => r.rerender(el(v)) };
  }

  it('writes the text when nobody changed the cell meanwhile', () => {
    const m = mount('Strade');
    fireEvent.change(m.input, { target: { value: 'Strade comunali' } });
    fireEvent.blur(m.input);
    expect(m.commits).toEqual(['Strade comunali']);
    expect(m.lost).toEqual([]);
    expect(m.drafts).toEqual(['Strade comunali', null]);
  });

  it('keeps the other person’s value and hands the text over when the cell changed while typing', () => {
    const m = mount('Strade');
    fireEvent.change(m.input, { target: { value: 'Strade e piazze' } });
    m.rerender('Viabilità');
    expect(m.input.value).toBe('Strade e piazze');
    fireEvent.blur(m.input);
    expect(m.commits).toEqual([]);
    expect(m.lost).toEqual(['Strade e piazze']);
    expect(m.input.value).toBe('Viabilità');
  });

  it('a field only focused (not typed in) follows remote changes and writes nothing on blur', () => {
    const m = mount('Strade');
    fireEvent.focus(m.input);
    m.rerender('Viabilità');
    expect(m.input.value).toBe('Viabilità');
    fireEvent.blur(m.input);
    expect(m.commits).toEqual([]);
    expect(m.drafts).toEqual([]);
  });
});

describe('undo of the user’s own changes', () => {
  it('undoes form, grid and Excel edits, never a remote one', () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', { codice: 'O-1', titolo: 'A' }, 'remote');
    const um = createUndoManager(doc);
    updateRow(doc, 'obiettivi', id, { titolo: 'B' }, 'form');
    um.stopCapturing();
    updateRow(doc, 'obiettivi', id, { peso: 10 }, 'remote');
    updateRow(doc, 'obiettivi', id, { codice: 'O-9' }, 'grid');
    um.stopCapturing();
    um.undo();
    expect(readRow(doc, 'obiettivi', id)!.values).toEqual({ codice: 'O-1', titolo: 'B', peso: 10 });
    um.undo();
    expect(readRow(doc, 'obiettivi', id)!.values).toEqual({ codice: 'O-1', titolo: 'A', peso: 10 });
    um.redo();
    expect(readRow(doc, 'obiettivi', id)!.values.titolo).toBe('B');
  });

  it('knows the shortcuts', () => {
    const k = (key: string, o: Partial<KeyboardEvent> = {}) => undoShortcut({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...o });
    expect(k('z', { ctrlKey: true })).toBe('undo');
    expect(k('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(k('y', { ctrlKey: true })).toBe('redo');
    expect(k('z')).toBeNull();
    expect(k('z', { ctrlKey: true, altKey: true })).toBeNull();
  });

  it('Ctrl+Z outside a field undoes; inside a field being typed in it stays the field’s own', () => {
    const doc = new Y.Doc();
    const { result } = renderHook(() => {
      const u = useUndo(doc);
      useUndoKeys(u);
      return u;
    });
    act(() => void updateRow(doc, 'obiettivi', addRow(doc, 'obiettivi', { codice: 'X' }, 'form'), { titolo: 'T' }, 'form'));
    expect(result.current.canUndo).toBe(true);
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    fireEvent.input(input, { target: { value: 'abc' } });
    fireEvent.keyDown(input, { key: 'z', ctrlKey: true });
    expect(result.current.canUndo).toBe(true);
    fireEvent.keyDown(input, { key: 'Enter' });
    act(() => void fireEvent.keyDown(input, { key: 'z', ctrlKey: true }));
    expect(result.current.canUndo).toBe(false);
    expect([...doc.getMap('obiettivi').keys()]).toEqual([]);
    act(() => void fireEvent.keyDown(document.body, { key: 'y', ctrlKey: true }));
    expect([...doc.getMap('obiettivi').keys()]).toHaveLength(1);
    input.remove();
  });
});

describe('restoring', () => {
  it('"Ripristina il mio" writes the user’s text coerced like the form; a deleted row is said, not hidden', () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', { codice: 'O-1', titolo: 'Viabilità', peso: 30 }, 'remote');
    expect(restoreMine(doc, { kind: 'typing', sheet: 'obiettivi', rowId: id, column: 'titolo', mine: 'Strade', theirs: 'Viabilità', authors: [] })).toEqual({ ok: true });
    expect(restoreMine(doc, { kind: 'typing', sheet: 'obiettivi', rowId: id, column: 'peso', mine: '45', theirs: 30, authors: [] })).toEqual({ ok: true });
    expect(readRow(doc, 'obiettivi', id)!.values).toMatchObject({ titolo: 'Strade', peso: 45 });
    expect(restoreMine(doc, { kind: 'typing', sheet: 'obiettivi', rowId: id, column: 'peso', mine: 'dieci', theirs: 30, authors: [] }).ok).toBe(false);
    expect(restoreMine(doc, { kind: 'overwritten', sheet: 'ente', rowId: null, column: 'denominazione', mine: 'Comune', theirs: 'X', authors: [] })).toEqual({ ok: true });
    expect(readRecord(doc, 'ente').denominazione).toBe('Comune');
    expect(restoreMine(doc, { kind: 'overwritten', sheet: 'obiettivi', rowId: 'gone', column: 'titolo', mine: 'x', theirs: 'y', authors: [] })).toEqual({
      ok: false,
      error: 'la riga è stata eliminata',
    });
  });

  it('"Ricrea la riga" brings a deleted row back under its id with its values and the drafts', () => {
    const doc = new Y.Doc();
    recreateRow(doc, { kind: 'row-deleted', sheet: 'obiettivi', rowId: 'r1', values: { codice: 'O-1', peso: 40 }, drafts: { titolo: 'Strade', peso: '50' }, authors: [] });
    expect(readRow(doc, 'obiettivi', 'r1')!.values).toEqual({ codice: 'O-1', titolo: 'Strade', peso: 50 });
  });

  it('history restore puts a previous value back or re-creates a deleted row', () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', { codice: 'O-1', titolo: 'Nuovo' }, 'remote');
    expect(restoreLine(doc, { kind: 'change', sheet: 'obiettivi', rowId: id, column: 'titolo', value: 'Nuovo', previous: 'Vecchio' }).ok).toBe(true);
    expect(readRow(doc, 'obiettivi', id)!.values.titolo).toBe('Vecchio');
    expect(restoreLine(doc, { kind: 'deleted', sheet: 'obiettivi', rowId: 'r2', previousRow: { codice: 'O-2' } }).ok).toBe(true);
    expect(readRow(doc, 'obiettivi', 'r2')!.values).toEqual({ codice: 'O-2' });
    expect(restoreLine(doc, { kind: 'deleted', sheet: 'obiettivi', rowId: 'r2', previousRow: {} }).ok).toBe(false);
  });
});

describe('notices', () => {
  const n = (key: string, who: string[]): Notice => ({
    key,
    who,
    at: 0,
    conflict: { kind: 'typing', sheet: 'obiettivi', rowId: 'r', column: 'titolo', mine: 'Strade', theirs: 'Viabilità', authors: [] },
  });

  it('one notice per cell, newest first, names kept when a later report cannot tell who', () => {
    let list = addNotice([], n('a', ['Marco Bellini']));
    list = addNotice(list, n('b', []));
    list = addNotice(list, n('a', []));
    expect(list.map((x) => [x.key, x.who])).toEqual([
      ['a', ['Marco Bellini']],
      ['b', []],
    ]);
  });

  it('a deleted row that came back (undone or re-created by anyone) needs no notice any more', () => {
    const doc = new Y.Doc();
    const gone: Notice = { key: 'row', who: [], at: 0, conflict: { kind: 'row-deleted', sheet: 'obiettivi', rowId: 'r1', values: {}, drafts: {}, authors: [] } };
    const list = [gone, n('a', [])];
    expect(stillLost(list, doc)).toBe(list);
    addRow(doc, 'obiettivi', { codice: 'O-1' }, 'remote', { id: 'r1' });
    expect(stillLost(list, doc).map((x) => x.key)).toEqual(['a']);
  });

  it('says who changed what while the user typed it, and offers their text back', () => {
    const restored: string[] = [];
    render(
      <FluentProvider theme={webLightTheme}>
        <ConflictNotices notices={[n('a', ['Marco Bellini'])]} readOnly={false} onRestore={(x) => restored.push(x.key)} onDismiss={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByTestId('conflict-typing').textContent).toContain('Marco Bellini ha modificato Titolo mentre lo stavi scrivendo: il tuo testo è «Strade».');
    fireEvent.click(screen.getByTestId('conflict-restore'));
    expect(restored).toEqual(['a']);
  });

  it('a restore that failed says why and keeps the notice', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <ConflictNotices notices={[{ ...n('a', []), error: 'la riga è stata eliminata' }]} readOnly={false} onRestore={() => undefined} onDismiss={() => undefined} />
      </FluentProvider>,
    );
    expect(screen.getByTestId('conflict-typing').textContent).toContain('Un altro utente ha modificato Titolo');
    expect(screen.getByTestId('conflict-error').textContent).toBe(' Ripristino non riuscito: la riga è stata eliminata');
  });
});

describe('useRowDelete', () => {
  it('asks first when indicators point at the objective; otherwise deletes and undoes from the toast', () => {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const o1 = addRow(doc, 'obiettivi', { codice: 'O-1' }, 'remote');
    const o2 = addRow(doc, 'obiettivi', { codice: 'O-2' }, 'remote');
    addRow(doc, 'indicatori', { obiettivo: 'O-1', nome: 'Km' }, 'remote');
    const gone: string[] = [];
    const manager = createUndoManager(doc);
    const { result } = renderHook(() => useRowDelete({ doc, manager, refDocs: () => [doc], onDeleted: (id) => gone.push(id) }));
    act(() => result.current.request('obiettivi', o1));
    expect(result.current.pending?.dependents[0]?.rows).toHaveLength(1);
    expect(readRow(doc, 'obiettivi', o1)).not.toBeNull();
    act(() => result.current.cancel());
    expect(result.current.pending).toBeNull();

    act(() => result.current.request('obiettivi', o2));
    expect(readRow(doc, 'obiettivi', o2)).toBeNull();
    expect(result.current.done?.rowId).toBe(o2);
    act(() => result.current.undoDelete());
    expect(readRow(doc, 'obiettivi', o2)!.values).toEqual({ codice: 'O-2' });

    act(() => result.current.request('obiettivi', o1));
    act(() => result.current.confirm());
    expect(readRow(doc, 'obiettivi', o1)).toBeNull();
    expect(gone).toEqual([o2, o1]);
    act(() => void vi.advanceTimersByTime(60_000));
    expect(result.current.done).toBeNull();
    vi.useRealTimers();
  });
});

describe('useRowDelete and deletes made elsewhere', () => {
  it('a row deleted from the grid gets the undo toast too, and comes back in its place', () => {
    const doc = new Y.Doc();
    const ids = ['O-1', 'O-2', 'O-3'].map((codice) => addRow(doc, 'obiettivi', { codice, peso: 10 }, 'remote'));
    const { result } = renderHook(() => useRowDelete({ doc, manager: null, refDocs: () => [doc], onDeleted: () => undefined }));
    act(() => void deleteRow(doc, 'obiettivi', ids[1]!, 'grid'));
    expect(result.current.done).toMatchObject({ rowId: ids[1], values: { codice: 'O-2', peso: 10 }, after: ids[0] });
    act(() => result.current.undoDelete());
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['O-1', 'O-2', 'O-3']);
    // Someone else's delete is not offered for undo.
    act(() => result.current.dismiss());
    act(() => void deleteRow(doc, 'obiettivi', ids[2]!, 'remote'));
    expect(result.current.done).toBeNull();
  });
});
