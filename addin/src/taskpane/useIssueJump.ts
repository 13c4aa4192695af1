import { useCallback, useEffect, useState } from 'react';
import { readRow } from '@piao/shared/doc/rows';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { Issue } from '@piao/shared/validate/issue';
import { RECORD_ROW_ID } from '../excel/sheet-host';
import type { RoomConnection, RoomStatus } from '../sync/room-connection';
import type { RoomChoice } from './useRoomChoice';
import type { SheetBindingState } from './useSheetBinding';

interface Args {
  choice: RoomChoice;
  conn: RoomConnection | null;
  /** Re-evaluates a pending jump when the room's status or content changes. */
  status: RoomStatus | null;
  version: number;
  bound: SheetBindingState;
  /** The binding key the current room's binding will carry. */
  bindingKey: string;
  /** Whether a binding is expected at all (Excel not yet opened: no). */
  excelActive: boolean;
}

const onScreen = (el: Element): boolean => {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
};

/**
 * Brings the form field into view in the pane, after the form has re-rendered on the row (and after the
 * grid took the selection). The keyboard focus goes where the user can see it: it stays on the grid
 * cell when that is on screen (wide layout, grid beside the pane), otherwise it moves to the form's field
 * — never to a cell off screen (issue 9 item 9).
 */
function scrollFormTo(column: string | null | undefined): void {
  setTimeout(() => {
    const sel = column ? `[data-testid="row-form"] [data-column="${CSS.escape(column)}"]` : '[data-testid="row-form"]';
    const field = document.querySelector<HTMLElement>(sel);
    if (!field) return;
    const active = document.activeElement;
    const gridCellInView = !!active && active.closest('[data-testid^="grid-"]') !== null && onScreen(active);
    const control = column ? field.querySelector<HTMLElement>('input, select, textarea') : null;
    if (control && !gridCellInView) control.focus({ preventScroll: true });
    field.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, 150);
}

/** How long a column a sheet-level issue points at stays marked in the grid. */
const COLUMN_MARK_MS = 4000;

/**
 * A sheet-level issue (no row) of a table: brings its column's header into view in the browser grid and
 * marks it for a moment (issue 9 item 9). Polls a few frames: the grid of the sheet may render just now.
 */
function markGridColumn(sheet: string, column: string): void {
  let tries = 0;
  const find = () => {
    const el = document.querySelector<HTMLElement>(`[data-testid="sort-${CSS.escape(sheet)}-${CSS.escape(column)}"]`);
    if (!el) {
      if (++tries < 40) setTimeout(find, 50);
      return;
    }
    el.scrollIntoView?.({ block: 'nearest', inline: 'center' });
    el.dataset.jumped = 'true';
    const outline = el.style.outline;
    el.style.outline = '3px solid #c50f1f';
    el.style.outlineOffset = '-3px';
    setTimeout(() => {
      delete el.dataset.jumped;
      el.style.outline = outline;
    }, COLUMN_MARK_MS);
  };
  find();
}

/**
 * Jumping to an issue: selects its sheet, row and cell (in Excel or the grid) and its form field. An
 * issue in another room first switches room, then jumps once that room's binding and row are there.
 */
export function useIssueJump({ choice, conn, status, version, bound, bindingKey, excelActive }: Args): (i: Issue) => void {
  const { room, setSheet, setRowId, changeRoom } = choice;
  const [pending, setPending] = useState<Issue | null>(null);

  const jump = useCallback(
    (i: Issue) => {
      if (!isSheetId(i.sheet)) return;
      setSheet(i.sheet);
      setRowId(i.rowId);
      const target = i.rowId ?? (getSheet(i.sheet).kind === 'record' ? RECORD_ROW_ID : null);
      if (target && bound.binding) void Promise.resolve(bound.binding.select(i.sheet, target, i.column)).catch(() => undefined);
      if (!target && i.column) markGridColumn(i.sheet, i.column);
      scrollFormTo(i.column);
    },
    [bound.binding, setSheet, setRowId],
  );

  useEffect(() => {
    if (!pending || pending.room !== room || !conn) return;
    // The first renders after the switch still carry the previous room's binding, whose select()
    // cannot find the row: wait for this room's binding, and for the row to have arrived (a room
    // opened just now fills from IndexedDB and the server after its binding is ready).
    const boundHere = !excelActive || (bound.room === bindingKey && (bound.ready || bound.error !== null));
    const i = pending;
    const rowHere = !i.rowId || !isSheetId(i.sheet) || readRow(conn.doc, i.sheet, i.rowId) !== null || conn.status.everSynced;
    if (boundHere && rowHere) {
      jump(i);
      setPending(null);
    }
  }, [pending, room, conn, status, version, bound.room, bound.ready, bound.error, bindingKey, excelActive, jump]);

  return useCallback(
    (i: Issue) => {
      if (i.room !== room) {
        changeRoom(i.room);
        setPending(i);
      } else jump(i);
    },
    [room, changeRoom, jump],
  );
}
