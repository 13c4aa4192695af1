import * as Y from 'yjs';
import type { Issue } from '@piao/shared/validate/index';
import { PLAN_ROOM, applyChanges, listSectors, readPlanData, roomName, type Origin, type PlanData, type RowChange } from '@piao/shared';

/** Loads a room's document: the live one on the server, or one read from the database by the CLI. */
export type DocLoader = (room: string) => Promise<Y.Doc>;

/** A sector room that could not be read (a corrupt record): the rest of the plan is served without it. */
export interface UnreadableRoom {
  sector: string;
  message: string;
}

/**
 * A whole plan as plain data, read from the `_piano` room and every sector room it lists. With
 * `unreadable`, a sector room that fails to load is listed there and read as empty instead of failing
 * the whole plan (one corrupt record made export and /issues answer 500 for everyone).
 */
export async function loadPlanData(load: DocLoader, ente: string, triennio: string, unreadable?: UnreadableRoom[]): Promise<PlanData> {
  const planDoc = await load(roomName(ente, triennio, PLAN_ROOM));
  const docs = new Map<string, Y.Doc>();
  for (const s of listSectors(planDoc)) {
    try {
      docs.set(s.id, await load(roomName(ente, triennio, s.id)));
    } catch (err) {
      if (!unreadable) throw err;
      unreadable.push({ sector: s.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return readPlanData(ente, triennio, planDoc, (id) => docs.get(id));
}

/** The unreadable rooms as issues (errors), first in their sector, so every report shows them. */
export function unreadableIssues(unreadable: readonly UnreadableRoom[]): Issue[] {
  return unreadable.map((u) => ({
    rule: 'ROOM_UNREADABLE',
    severity: 'error',
    room: u.sector,
    sector: u.sector,
    sheet: 'settori',
    rowId: null,
    column: null,
    message: `${u.message} I dati di questo settore mancano da questo documento.`,
  }));
}

/**
 * The changes as ONE Yjs update against `base`, without touching `base`: they are applied to a copy in
 * one transaction and the copy's update is captured. The caller stores it durably, so every client sees
 * the batch arrive whole. Null when the changes change nothing.
 */
export function changesAsUpdate(base: Y.Doc, changes: readonly RowChange[], origin: Origin): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(base));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array, o: unknown) => {
      if (o === origin) update = update ? Y.mergeUpdates([update, u]) : u;
    });
    applyChanges(copy, changes, origin);
    return update;
  } finally {
    copy.destroy();
  }
}
