import type { Sync } from './office-layout';
import { chunkBytes, chunkOps, type Sized } from './write-plan';

/**
 * Sending planned operations to Excel in requests under the payload limit, and cutting a request in half
 * when Excel refuses it anyway. The error codes are Excel's (`Excel.ErrorCodes`, "Error handling with
 * the application-specific JavaScript APIs": `RequestPayloadSizeLimitExceeded`,
 * `ResponsePayloadSizeLimitExceeded`, "This error only occurs in Excel on the web"); such a request is
 * refused as a whole, so sending its operations again in two halves writes nothing twice.
 */

const PAYLOAD_ERRORS: ReadonlySet<string> = new Set(['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded']);

/** Whether a failed `context.sync()` was refused for its size. */
export function isPayloadError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PAYLOAD_ERRORS.has(code);
}

export interface ChunkedWrite<T extends Sized> {
  ops: readonly T[];
  /** Planned request size in bytes. */
  limit: number;
  /** Queues the Office.js calls of one operation. */
  queue(op: T): void;
  /** Queued in the last request, after its operations (e.g. `Table.resize`, protecting again). */
  beforeLastSync?(): void;
  /** Told the estimated size of every request sent. */
  sent?(bytes: number): void;
}

/** Sends the operations in order, one `sync` per request; a request refused for its size is halved. */
export async function sendChunked<T extends Sized>(sync: Sync, w: ChunkedWrite<T>): Promise<number> {
  let requests = 0;
  const send = async (ops: readonly T[], limit: number, last: boolean): Promise<void> => {
    const chunks = chunkOps(ops, limit);
    for (const [i, chunk] of chunks.entries()) {
      const final = last && i === chunks.length - 1;
      for (const op of chunk) w.queue(op);
      if (final) w.beforeLastSync?.();
      const bytes = chunkBytes(chunk);
      try {
        await sync();
        requests += 1;
        w.sent?.(bytes);
      } catch (err) {
        const single = chunk.length === 1 && chunkOps(chunk, Math.floor(bytes / 2)).length === 1;
        if (!isPayloadError(err) || single) throw err;
        await send(chunk, Math.max(1, Math.floor(bytes / 2)), final);
      }
    }
  };
  await send(w.ops, w.limit, true);
  return requests;
}
