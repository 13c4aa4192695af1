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

/**
 * Yields to the event loop, then waits while the worksheet's queue in front of the zip is too long;
 * `check` throws to stop writing (the output is gone).
 */
export async function pace(ws: object, check?: () => void): Promise<void> {
  await tick();
  check?.();
  while (queuedBytes(ws) > WAIT_AT_BYTES) {
    await sleep(1);
    check?.();
  }
}

/**
 * Watches the caller's output: once it errors or closes before the workbook is complete (an HTTP
 * client that went away), writing stops with an error instead of waiting forever for a reader.
 */
export class OutputWatch {
  private failure: Error | null = null;
  private rejectGone: (e: Error) => void = () => {};
  /** Rejects once the output is gone: race it with anything that waits on the output. */
  readonly gone: Promise<never>;

  constructor(out: NodeJS.WritableStream) {
    this.gone = new Promise<never>((_, reject) => (this.rejectGone = reject));
    this.gone.catch(() => {}); // observed through check() or a race, never unhandled
    const emitter = out as unknown as { once(event: string, fn: (e?: unknown) => void): void };
    emitter.once('error', (e) => this.fail(e instanceof Error ? e : new Error(String(e))));
    let finished = false;
    emitter.once('finish', () => (finished = true));
    emitter.once('close', () => {
      // Streams close after a normal finish too; only a close without finish means the reader left.
      if (!finished) this.fail(new Error("Esportazione interrotta: l'uscita è stata chiusa prima della fine"));
    });
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.rejectGone(e);
  }

  /** Throws if the output is gone. */
  check(): void {
    if (this.failure) throw this.failure;
  }
}
