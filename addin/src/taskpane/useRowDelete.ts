import { useCallback, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { deletedRowValues } from '@piao/shared/doc/conflicts';
import { dependentsOf, type Dependents } from '@piao/shared/doc/dependents';
import { applyChanges, deleteRow, readRow, readSheet } from '@piao/shared/doc/rows';
import { SHEETS } from '@piao/shared/schema/index';
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
  /** The row it followed, to re-create it in place when undo() cannot be used (null: it was first). */
  after?: string | null;
}

/** Origins whose deletes happen outside the form (the grid's delete button, a row deleted in Excel). */
const ELSEWHERE = new Set<unknown>(['grid', 'excel']);

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

  // Deletes from the grid or Excel get the same undo toast (their values are read inside the deleting
  // transaction; the row is re-created in place from them).
  useEffect(() => {
    if (!doc) return;
    const offs = SHEETS.filter((d) => d.kind === 'table').map((def) => {
      const map = doc.getMap(def.id);
      const observer = (event: Y.YMapEvent<unknown>, tx: Y.Transaction) => {
        if (!ELSEWHERE.has(tx.origin)) return;
        for (const [rowId, change] of event.changes.keys) {
          if (change.action !== 'delete') continue;
          const { values, order } = deletedRowValues(change.oldValue);
          const before = order === null ? [] : readSheet(doc, def.id).filter((r) => r.order < order);
          setDone({ sheet: def.id, rowId, values, depth: -1, after: before.at(-1)?.id ?? null });
        }
      };
      map.observe(observer);
      return () => map.unobserve(observer);
    });
    return () => offs.forEach((off) => off());
  }, [doc]);

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
    if (!readRow(doc, done.sheet, done.rowId)) applyChanges(doc, [{ kind: 'add', sheet: done.sheet, id: done.rowId, values: done.values, after: done.after }], 'form');
  }, [doc, done, manager]);

  return { pending, done, request, confirm: () => pending && perform(pending.sheet, pending.rowId), cancel: () => setPending(null), undoDelete, dismiss: () => setDone(null) };
}
