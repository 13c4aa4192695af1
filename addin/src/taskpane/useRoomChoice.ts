import { useCallback, useEffect, useState } from 'react';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { PLAN_SHEET_IDS, SECTOR_SHEET_IDS } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/types';
import type { PlanInfo } from './api';
import type { BindingMode } from './useSheetBinding';
import { officeDocumentSettings, readWorkbookBinding, writeWorkbookBinding } from './workbook-memory';

const roomKey = (info: PlanInfo) => `piao.room.${info.ente}/${info.triennio}`;

/** The sheets of a room: the plan-wide ones in `_piano`, the sector's otherwise. */
export const sheetsOf = (room: string): SheetId[] => (room === PLAN_ROOM ? PLAN_SHEET_IDS : SECTOR_SHEET_IDS);

/** In Excel: the room this workbook is bound to, if it belongs to this plan. */
export function workbookRoom(info: PlanInfo, mode: BindingMode): string | null {
  if (mode !== 'excel') return null;
  const b = readWorkbookBinding(officeDocumentSettings());
  if (!b || b.ente !== info.ente || b.triennio !== info.triennio) return null;
  return b.room === PLAN_ROOM || info.sectors.some((s) => s.id === b.room) ? b.room : null;
}

/**
 * The room to open first: the workbook's, else the last one chosen, else the user's own scope — an
 * editor's sector, the coordinator's plan-wide sheets (`_piano`), for others the first sector.
 */
export function initialRoom(info: PlanInfo, mode: BindingMode): string {
  const bound = workbookRoom(info, mode);
  if (bound) return bound;
  const remembered = globalThis.localStorage?.getItem(roomKey(info));
  const ids = info.sectors.map((s) => s.id);
  if (remembered && (remembered === PLAN_ROOM || ids.includes(remembered))) return remembered;
  if (info.me.role === 'coordinator') return PLAN_ROOM;
  const own = info.me.sectors.find((s) => ids.includes(s));
  return own ?? ids[0] ?? PLAN_ROOM;
}

export interface RoomChoice {
  room: string;
  sheets: SheetId[];
  sheet: SheetId;
  rowId: string | null;
  setSheet: (sheet: SheetId) => void;
  setRowId: (rowId: string | null) => void;
  /** Switches sector (or to `_piano`): first sheet, no row selected. */
  changeRoom: (room: string) => void;
}

/** Where the user is: room, sheet and row. The room is remembered in the browser. */
export function useRoomChoice(info: PlanInfo, mode: BindingMode): RoomChoice {
  const [room, setRoom] = useState(() => initialRoom(info, mode));
  const sheets = sheetsOf(room);
  const [sheet, setSheet] = useState<SheetId>(sheets[0]!);
  const [rowId, setRowId] = useState<string | null>(null);

  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(roomKey(info), room);
    } catch {
      // Only a preference.
    }
  }, [info, room]);

  const changeRoom = useCallback((next: string) => {
    setRoom(next);
    setSheet(sheetsOf(next)[0]!);
    setRowId(null);
  }, []);

  return { room, sheets, sheet, rowId, setSheet, setRowId, changeRoom };
}

/**
 * Once the sheets of `room` are bound in Excel, the workbook remembers the room and is tagged to open
 * the pane with it (so it re-binds, and edits made in it are shared, the next time it is opened).
 */
export function useWorkbookMemory(info: PlanInfo, mode: BindingMode, room: string, bound: boolean): void {
  useEffect(() => {
    if (mode === 'excel' && bound) writeWorkbookBinding(officeDocumentSettings(), { ente: info.ente, triennio: info.triennio, room });
  }, [mode, bound, info.ente, info.triennio, room]);
}
