import { parseRoom, PLAN_ROOM } from '@piao/shared/doc/rooms';
import type { UpdateRecord } from './types';

/**
 * The record as stored: writing a plan's `_piano` room makes the plan exist, so a plan stored by any
 * path (sync, import, CLI) is listed. This rule lives here, not in the adapters, which know no room names.
 */
export function storedRecord({ room, sub, at, update }: UpdateRecord): UpdateRecord {
  const ref = parseRoom(room);
  const record: UpdateRecord = { room, sub, at, update };
  if (ref && ref.room === PLAN_ROOM) record.registersPlan = { ente: ref.ente, triennio: ref.triennio };
  // History is read per plan after a seq: a plan's records commit in seq order on every instance.
  if (ref) record.orderKey = `${ref.ente}/${ref.triennio}/`;
  return record;
}
