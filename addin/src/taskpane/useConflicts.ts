import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { readRow } from '@piao/shared/doc/rows';
import { isSheetId } from '@piao/shared/schema/index';
import { cellKey, watchConflicts, type CellRef, type Conflict, type ConflictWatcher } from '@piao/shared/doc/conflicts';
import { authorNames, type PresenceEntry } from './presence';
import { isUserOrigin } from './useUndo';

/** A conflict as the pane shows it: with the names of who caused it, resolved when it happened. */
export interface Notice {
  key: string;
  conflict: Conflict;
  who: string[];
  at: number;
  /** Why "restore" could not be done (the notice stays, with the user's text). */
  error?: string;
}

export const MAX_NOTICES = 5;

export function noticeKey(c: Conflict): string {
  return c.kind === 'row-deleted' ? `row\u0000${c.sheet}\u0000${c.rowId}` : cellKey(c);
}

/** Notices still worth showing: a deleted row that is back (undone, re-created by anyone) needs none. */
export function stillLost(list: readonly Notice[], doc: Y.Doc): readonly Notice[] {
  const back = (n: Notice) => n.conflict.kind === 'row-deleted' && isSheetId(n.conflict.sheet) && readRow(doc, n.conflict.sheet, n.conflict.rowId) !== null;
  return list.some(back) ? list.filter((n) => !back(n)) : list;
}

/**
 * Adds a notice, replacing one about the same cell or row (a later report of the same loss, e.g. the
 * final text when the typist leaves the field, refreshes it) and keeping the newest few. Names already
 * known are kept when the new report cannot tell who it was.
 */
export function addNotice(list: readonly Notice[], n: Notice, max = MAX_NOTICES): Notice[] {
  const old = list.find((x) => x.key === n.key);
  const merged = old && n.who.length === 0 ? { ...n, who: old.who } : n;
  return [merged, ...list.filter((x) => x.key !== n.key)].slice(0, max);
}

export interface Conflicts {
  notices: Notice[];
  dismiss: (key: string) => void;
  /** Marks a notice whose restore failed, with the reason. */
  fail: (key: string, error: string) => void;
  /** The user is typing in a field (null: committed or abandoned). */
  setDraft: (ref: CellRef, text: string | null) => void;
  /** A loss found outside the watcher (the form kept the other person's value on commit). */
  report: (c: Conflict) => void;
}

/**
 * Watches one room's document for conflicts the user lost and keeps the notices to show. Authors are
 * named from the plan's presence at the moment the change arrived.
 */
export function useConflicts(doc: Y.Doc | null, room: string, presence: readonly PresenceEntry[]): Conflicts {
  const [notices, setNotices] = useState<Notice[]>([]);
  const presenceRef = useRef(presence);
  presenceRef.current = presence;
  const watcher = useRef<ConflictWatcher | null>(null);

  const report = useCallback(
    (c: Conflict) => {
      const where = { sector: room, sheet: c.sheet, rowId: c.rowId };
      const who = authorNames(presenceRef.current, 'authors' in c ? c.authors : [], where);
      setNotices((list) => addNotice(list, { key: noticeKey(c), conflict: c, who, at: Date.now() }));
    },
    [room],
  );

  useEffect(() => {
    setNotices([]);
    if (!doc) return;
    const w = watchConflicts(doc, { isLocal: isUserOrigin, onConflict: report });
    watcher.current = w;
    const prune = () => setNotices((list) => stillLost(list, doc) as Notice[]);
    doc.on('afterTransaction', prune);
    return () => {
      doc.off('afterTransaction', prune);
      w.destroy();
      if (watcher.current === w) watcher.current = null;
    };
  }, [doc, report]);

  const dismiss = useCallback((key: string) => setNotices((list) => list.filter((n) => n.key !== key)), []);
  const fail = useCallback((key: string, error: string) => setNotices((list) => list.map((n) => (n.key === key ? { ...n, error } : n))), []);
  const setDraft = useCallback((ref: CellRef, text: string | null) => watcher.current?.setDraft(ref, text), []);
  return useMemo(() => ({ notices, dismiss, fail, setDraft, report }), [notices, dismiss, fail, setDraft, report]);
}
