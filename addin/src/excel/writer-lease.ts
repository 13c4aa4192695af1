/**
 * One writer per co-authored workbook (issue 8, defect 10). Two people with the pane open on one OneDrive
 * workbook both hear every document change; if both wrote it, each cell would be written twice and rows
 * appended by both (inserted above a note or a Total row) would appear twice once Excel merges the
 * copies. The pane that writes document changes into the workbook holds a lease kept in
 * `Workbook.settings` ("setting objects that are part of the workbook", Excel.SettingCollection; workbook
 * content is synchronized across coauthors, "Coauthoring in Excel add-ins",
 * learn.microsoft.com/office/dev/add-ins/excel/co-authoring-in-excel-add-ins; to confirm by hand,
 * docs/excel-checklist.md C4): a random id per page and
 * an expiry, renewed while the pane is open. The others only learn what the holder wrote (its writes reach
 * them as `source: 'Remote'` changes) and take over once the lease has expired. Each pane still reads and
 * sends its own user's edits. Settings merge eventually: two panes may both hold it for a moment.
 */

export const LEASE_SETTING = 'piao.scrittore';
/** How long a lease lasts without renewal (ms); the holder renews it every third of that. */
export const LEASE_MS = 30_000;

export interface Lease {
  holder: string;
  /** Expiry, ms since the epoch (the clocks of two computers: a few seconds of skew only shift the takeover). */
  until: number;
}

export function parseLease(value: unknown): Lease | null {
  if (typeof value !== 'string') return null;
  try {
    const v = JSON.parse(value) as Partial<Lease>;
    return typeof v.holder === 'string' && typeof v.until === 'number' ? { holder: v.holder, until: v.until } : null;
  } catch {
    return null;
  }
}

/** Whether `me` may write now: no lease, its own, or an expired one (then `me` takes it over). */
export function mayWrite(lease: Lease | null, me: string, now: number): boolean {
  return !lease || lease.holder === me || lease.until <= now;
}

export function leaseValue(me: string, now: number, ms: number): string {
  return JSON.stringify({ holder: me, until: now + ms } satisfies Lease);
}

/**
 * Thrown by `SheetHost.applyBatch` when another pane holds the lease: nothing was written. The binder
 * keeps the cells to write and tries again after `retryAfterMs` (when the lease would expire); by then
 * the holder's writes have usually arrived and nothing is left to write.
 */
export class NotWriterError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Un altro riquadro aperto su questa cartella di lavoro scrive le modifiche del documento.');
    this.name = 'NotWriterError';
  }
}
