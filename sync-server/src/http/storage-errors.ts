import { REASON_STORAGE_FAILED, REASON_STORAGE_FULL, REASON_STORAGE_STALLED } from '@piao/shared/protocol/resilience';
import { isDiskFull } from '../data-guard';
import { RefusedUpdateError } from '../sync/room';
import { RoomUnreadableError } from '../sync/rooms';
import { HttpError } from './respond';

const STORAGE_REASONS = new Set([REASON_STORAGE_FULL, REASON_STORAGE_FAILED, REASON_STORAGE_STALLED]);
const RETRY = { 'retry-after': '10' };

/**
 * The HTTP answer for a store that cannot write or a room that cannot be read (issue 14 items 14–16),
 * instead of a bare 500: what happened, that nothing was saved, and when to retry. Null for other errors.
 */
export function storageErrorAnswer(err: unknown): HttpError | null {
  if (err instanceof RefusedUpdateError) {
    if (STORAGE_REASONS.has(err.reason)) {
      const full = err.reason === REASON_STORAGE_FULL;
      return new HttpError(503, `${full ? 'Archiviazione del server piena' : 'Archivio del server non disponibile'}: nessuna modifica salvata, riprovare più tardi`, {}, RETRY);
    }
    return new HttpError(422, `Modifica rifiutata: ${err.reason}`);
  }
  if (isDiskFull(err)) return new HttpError(503, 'Archiviazione del server piena: nessuna modifica salvata, riprovare più tardi', {}, RETRY);
  if (err instanceof RoomUnreadableError) return new HttpError(503, err.message, {}, RETRY);
  return null;
}
