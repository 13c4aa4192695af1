/**
 * Wire contract for the server's refusals that are not about identity (issue 14, items 9, 11, 14): the
 * reason of a y-protocols auth message "permission denied" the server sends when it does not store an
 * update. The connection stays open (closing would make y-websocket reconnect and resend at once); a
 * client shows the reason as it is, and the author keeps the change in its own document.
 */

/** Writes fail because the server's disk is full; nothing is lost on the client, which should wait. */
export const REASON_STORAGE_FULL = 'archiviazione piena, le modifiche restano sul tuo dispositivo';
/** Writes fail on the server for another reason (I/O error, read-only disk): same advice. */
export const REASON_STORAGE_FAILED = 'salvataggio non riuscito sul server, le modifiche restano sul tuo dispositivo';
/** A write has been waiting on the server's disk for seconds (frozen or failing disk): same advice. */
export const REASON_STORAGE_STALLED = 'archivio del server bloccato, le modifiche restano sul tuo dispositivo';
/** The update puts something other than a cell value (text, number, Sì/No) into a sheet. */
export const REASON_FOREIGN_CONTENT = 'contenuto non ammesso';
/** The update depends on changes the server does not hold: the server asks the client to sync again. */
export const REASON_RESYNC = 'modifica incompleta: nuova sincronizzazione richiesta';
/** Too many messages from this connection in a short time. */
export const REASON_RATE_LIMITED = 'troppi messaggi: rallentare';
/** Size budgets: a cell, an update or a whole room past its limit. */
export const REASON_TOO_LARGE = 'dimensione massima superata';

/** The Excel limit for a cell (Microsoft, "Excel specifications and limits": 32,767 characters). */
export const MAX_CELL_CHARS = 32_767;

/** True when an auth message reason is one of these refusals (the part before ": " is the constant). */
export function isResilienceReason(reason: string): boolean {
  return [REASON_STORAGE_FULL, REASON_STORAGE_FAILED, REASON_STORAGE_STALLED, REASON_FOREIGN_CONTENT, REASON_RESYNC, REASON_RATE_LIMITED, REASON_TOO_LARGE].some(
    (r) => reason === r || reason.startsWith(`${r}: `),
  );
}
