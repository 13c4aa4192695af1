/*
 * Flow control for exceljs' streaming writer. Its worksheet streams never push back: rows written in
 * one synchronous loop pile up in front of the zip (deflate runs off the main thread, one completion
 * per event-loop turn) and an output slow to drain (an HTTP client) makes it worse. Worse for memory
 * than the queue itself: with rare yields the 64 KB chunks exceljs allocates were freed late (seen as
 * `arrayBuffers` growing with the plan's size, though unreachable in a heap snapshot), so peak RSS
 * grew with the plan. Yielding often lets the zip, V8's GC tasks and the output keep pace. On 200,000 rows
 * (bench/export.bench.ts): every 256 rows → peak RSS +150 MB over the data; every 32 rows → +50 MB,
 * at a cost within the run-to-run noise.
 */

/** Rows written between two yields. */
export const PACE_EVERY_ROWS = 32;
/** Stop producing while this much is queued in front of the zip (a slow consumer). */
const WAIT_AT_BYTES = 2 * 1024 * 1024;

interface Lengths {
  writableLength?: number;
  readableLength?: number;
}

/** Internal shape of exceljs' StreamBuf (read defensively: absent fields just mean "nothing queued"). */
interface StreamBufLike {
  buffers?: Array<{ length?: number }>;
  pipes?: Lengths[];
}

/** Bytes written by a worksheet that the zip has not consumed yet. */
export function queuedBytes(ws: object): number {
  const s = (ws as { _stream?: StreamBufLike })._stream;
  if (!s) return 0;
  let n = 0;
  for (const b of s.buffers ?? []) n += b.length ?? 0;
  for (const p of s.pipes ?? []) n += (p.writableLength ?? 0) + (p.readableLength ?? 0);
  return n;
}

const tick = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Yields to the event loop, then waits while the worksheet's queue in front of the zip is too long. */
export async function pace(ws: object): Promise<void> {
  await tick();
  while (queuedBytes(ws) > WAIT_AT_BYTES) await sleep(1);
}
