import { useCallback, useEffect, useMemo } from 'react';
import type * as Y from 'yjs';
import type { CellRef } from '@piao/shared/doc/conflicts';
import type { CellValue, SheetId } from '@piao/shared/schema/types';
import { readRecord, readRow } from '@piao/shared/doc/rows';
import { RECORD_ROW_ID } from '../excel/sheet-host';
import type { PlanSession } from '../sync/plan-session';
import { restoreLine, restoreMine } from './conflict-actions';
import type { HistoryLine } from './history-model';
import { knownName, rememberNames } from './known-names';
import { nameOfSub, othersOnRow, rowsOfOthers, type PresenceEntry } from './presence';
import { useConflicts, type Notice } from './useConflicts';
import { useRowDelete } from './useRowDelete';
import { useUndo, useUndoKeys } from './useUndo';

/**
 * Everything "working together" needs in one sector view (issue 9 items 4–7): conflict notices, undo
 * and redo with the keyboard, the guarded delete with its undo toast, restore from history, and who is
 * on which row. PlanView renders what this returns; the logic lives in the hooks it combines.
 */
export function useTogether(o: {
  session: PlanSession | null;
  doc: Y.Doc | null;
  room: string;
  sheet: SheetId;
  rowId: string | null;
  me: { sub: string; name: string };
  presence: readonly PresenceEntry[];
  onRowGone: () => void;
}) {
  const { session, doc, room, sheet, rowId, presence, me, onRowGone } = o;
  const undo = useUndo(doc);
  useUndoKeys(undo);
  const conflicts = useConflicts(doc, room, presence);
  // References are looked up in every open room: the plan's catalogue is referenced from the sectors.
  const refDocs = useCallback(() => (session ? session.openRooms().flatMap((r) => session.get(r)?.doc ?? []) : doc ? [doc] : []), [session, doc]);
  const del = useRowDelete({ doc, manager: undo.manager, refDocs, onDeleted: onRowGone });

  const restoreNotice = useCallback(
    (n: Notice) => {
      if (!doc) return;
      const r = restoreMine(doc, n.conflict);
      if (r.ok) conflicts.dismiss(n.key);
      else conflicts.fail(n.key, r.error);
    },
    [doc, conflicts],
  );
  const restoreHistory = useCallback(
    (r: string, line: HistoryLine) => {
      const target = session?.get(r)?.doc;
      return target ? restoreLine(target, line) : { ok: false as const, error: 'settore non aperto' };
    },
    [session],
  );
  const onLost = useCallback(
    (ref: CellRef, text: string, theirs: CellValue) => conflicts.report({ kind: 'typing', ...ref, mine: text, theirs, authors: [] }),
    [conflicts],
  );
  // The browser grid's cells: drafts and lost texts, as for the form's fields.
  const gridRef = useCallback((r: string, column: string): CellRef => ({ sheet, rowId: r === RECORD_ROW_ID ? null : r, column }), [sheet]);
  const onCellDraft = useCallback((r: string, c: string, text: string | null) => conflicts.setDraft(gridRef(r, c), text), [conflicts, gridRef]);
  const onCellLost = useCallback(
    (r: string, c: string, text: string) => {
      const ref = gridRef(r, c);
      const values = !doc ? {} : ref.rowId === null ? readRecord(doc, sheet) : (readRow(doc, sheet, ref.rowId)?.values ?? {});
      onLost(ref, text, values[c] ?? null);
    },
    [doc, sheet, gridRef, onLost],
  );
  const othersHere = useMemo(() => othersOnRow(presence, room, sheet, rowId), [presence, room, sheet, rowId]);
  const presenceRows = useMemo(() => rowsOfOthers(presence, room, sheet), [presence, room, sheet]);
  useEffect(() => void rememberNames(presence.filter((e) => !e.self)), [presence]);
  const nameOf = useCallback((sub: string) => nameOfSub(presence, sub, me, (s) => knownName(s)), [presence, me]);

  return { undo, conflicts, del, restoreNotice, restoreHistory, onLost, onCellDraft, onCellLost, othersHere, presenceRows, nameOf };
}

export type Together = ReturnType<typeof useTogether>;
