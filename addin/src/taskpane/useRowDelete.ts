import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { dependentsOf, type Dependents } from '@piao/shared/doc/dependents';
import { applyChanges, deleteRow, readRow } from '@piao/shared/doc/rows';
import type { RowValues, SheetId } from '@piao/shared/schema/types';

/** A delete waiting for the user's confirmation: other rows point at this one. */
export interface PendingDelete {
  sheet: SheetId;
  rowId: string;
  values: RowValues;
  dependents: Dependents[];
}

/** A delete just done, offered back for a while ("Riga eliminata. Annulla"). */
export interface DoneDelete {
  sheet: SheetId;
  rowId: string;
  values: RowValues;
  /** Undo stack depth right after the delete: while it is unchanged, undo() undoes exactly this delete. */
  depth: number;
}

export const UNDO_TOAST_MS = 12_000;

/**
 * Deleting a row from the form: asks first when other rows reference it (an objective its indicators
 * point at), otherwise deletes at once and offers an undo toast. Undo uses the user's UndoManager when
 * the delete is still its last step, and otherwise re-creates the row under its id with its values.
 */
export function useRowDelete(opts: { doc: Y.Doc | null; manager: Y.UndoManager | null; refDocs: () => Y.Doc[]; onDeleted: (rowId: string) => void }) {
  const { doc, manager, refDocs, onDeleted } = opts;
  const [pending, setPending] = useState<PendingDelete | null>(null);
  const [done, setDone] = useState<DoneDelete | null>(null);

  useEffect(() => {
    if (!done) return;
    const timer = setTimeout(() => setDone(null), UNDO_TOAST_MS);
    return () => clearTimeout(timer);
  }, [done]);
  useEffect(() => (setPending(null), setDone(null)), [doc]);

  const perform = useCallback(
    (sheet: SheetId, rowId: string) => {
      if (!doc) return;
      const row = readRow(doc, sheet, rowId);
      if (!row) return;
      // The delete is its own undo step, not merged with an edit made just before it.
      manager?.stopCapturing();
      deleteRow(doc, sheet, rowId, 'form');
      manager?.stopCapturing();
      setPending(null);
      setDone({ sheet, rowId, values: row.values, depth: manager?.undoStack.length ?? 0 });
      onDeleted(rowId);
    },
    [doc, manager, onDeleted],
  );

  const request = useCallback(
    (sheet: SheetId, rowId: string) => {
      if (!doc) return;
      const row = readRow(doc, sheet, rowId);
      if (!row) return;
      const dependents = dependentsOf(sheet, row.values, refDocs());
      if (dependents.length > 0) setPending({ sheet, rowId, values: row.values, dependents });
      else perform(sheet, rowId);
    },
    [doc, refDocs, perform],
  );

  const undoDelete = useCallback(() => {
    if (!doc || !done) return;
    setDone(null);
    if (readRow(doc, done.sheet, done.rowId)) return;
    if (manager && manager.undoStack.length === done.depth && done.depth > 0) manager.undo();
    if (!readRow(doc, done.sheet, done.rowId)) applyChanges(doc, [{ kind: 'add', sheet: done.sheet, id: done.rowId, values: done.values }], 'form');
  }, [doc, done, manager]);

  return { pending, done, request, confirm: () => pending && perform(pending.sheet, pending.rowId), cancel: () => setPending(null), undoDelete, dismiss: () => setDone(null) };
}
