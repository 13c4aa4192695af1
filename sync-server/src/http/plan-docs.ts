import * as Y from 'yjs';
import { PLAN_ROOM, applyChanges, listSectors, readPlanData, roomName, type Origin, type PlanData, type RowChange } from '@piao/shared';

/** Loads a room's document: the live one on the server, or one read from the database by the CLI. */
export type DocLoader = (room: string) => Promise<Y.Doc>;

/** A whole plan as plain data, read from the `_piano` room and every sector room it lists. */
export async function loadPlanData(load: DocLoader, ente: string, triennio: string): Promise<PlanData> {
  const planDoc = await load(roomName(ente, triennio, PLAN_ROOM));
  const docs = new Map<string, Y.Doc>();
  for (const s of listSectors(planDoc)) docs.set(s.id, await load(roomName(ente, triennio, s.id)));
  return readPlanData(ente, triennio, planDoc, (id) => docs.get(id));
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
