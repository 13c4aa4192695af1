import { useCallback, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import { SHEETS } from '@piao/shared/schema/index';

/** The origins of this user's own edits in the pane: the form, the browser grid, Excel (design.md §3). */
export const USER_ORIGINS: ReadonlySet<unknown> = new Set(['form', 'grid', 'excel']);

/** True for this user's transactions, including their undo/redo (whose origin is the UndoManager). */
export const isUserOrigin = (origin: unknown): boolean => USER_ORIGINS.has(origin) || origin instanceof Y.UndoManager;

/**
 * Undo/redo of this user's own changes in one room: a Yjs UndoManager over every sheet, tracking only
 * the user's origins, so other people's edits are never undone ("Undo manager" in the Yjs docs:
 * `trackedOrigins` restricts it to local changes; changes from remote clients are not tracked).
 */
export function createUndoManager(doc: Y.Doc): Y.UndoManager {
  const types = SHEETS.map((s) => doc.getMap(s.id));
  return new Y.UndoManager(types, { trackedOrigins: new Set(USER_ORIGINS), captureTimeout: 500 });
}

export interface Undo {
  manager: Y.UndoManager | null;
  canUndo: boolean;
  canRedo: boolean;
  undo: () => void;
  redo: () => void;
}

/** The room's undo manager and whether there is something to undo or redo, re-rendered as the stacks move. */
export function useUndo(doc: Y.Doc | null): Undo {
  const manager = useMemo(() => (doc ? createUndoManager(doc) : null), [doc]);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!manager) return;
    const bump = () => setTick((x) => x + 1);
    manager.on('stack-item-added', bump);
    manager.on('stack-item-popped', bump);
    manager.on('stack-cleared', bump);
    return () => manager.destroy();
  }, [manager]);
  const undo = useCallback(() => void manager?.undo(), [manager]);
  const redo = useCallback(() => void manager?.redo(), [manager]);
  return { manager, canUndo: (manager?.undoStack.length ?? 0) > 0, canRedo: (manager?.redoStack.length ?? 0) > 0, undo, redo };
}

const isField = (t: EventTarget | null): t is HTMLElement =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** What a keydown asks of the undo manager; null when it is not an undo/redo shortcut. */
export function undoShortcut(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y' && !e.shiftKey) return 'redo';
  return null;
}

/**
 * Ctrl+Z / Ctrl+Y (⌘ on a Mac) anywhere in the pane and the browser grid. While the user has typed in
 * a field and not committed it, the keys stay the field's own text undo; otherwise they undo the user's
 * last change to the document.
 */
export function useUndoKeys(undo: Undo, root: Document | null = typeof document === 'undefined' ? null : document): void {
  // The two callbacks, not the `undo` object (a new one every render): keys re-subscribe only when the
  // room's undo manager changes.
  const { undo: doUndo, redo: doRedo } = undo;
  useEffect(() => {
    if (!root) return;
    const dirty = new WeakSet<EventTarget>();
    // A list commits as soon as a value is chosen: it never holds uncommitted text of its own.
    const onInput = (e: Event) => e.target && !(e.target instanceof HTMLSelectElement) && dirty.add(e.target);
    const onFocus = (e: Event) => e.target && dirty.delete(e.target);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === 'Escape') {
        if (e.target) dirty.delete(e.target);
        return;
      }
      const what = undoShortcut(e);
      if (!what) return;
      if (isField(e.target) && dirty.has(e.target)) return;
      e.preventDefault();
      if (what === 'undo') doUndo();
      else doRedo();
    };
    root.addEventListener('input', onInput, true);
    root.addEventListener('focusin', onFocus, true);
    root.addEventListener('focusout', onFocus, true);
    root.addEventListener('keydown', onKey, true);
    return () => {
      root.removeEventListener('input', onInput, true);
      root.removeEventListener('focusin', onFocus, true);
      root.removeEventListener('focusout', onFocus, true);
      root.removeEventListener('keydown', onKey, true);
    };
  }, [doUndo, doRedo, root]);
}
