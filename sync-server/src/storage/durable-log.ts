import type { Logger } from 'pino';
import { REASON_STORAGE_FAILED, REASON_STORAGE_FULL, REASON_STORAGE_STALLED } from '@piao/shared/protocol/resilience';
import { isDiskFull } from '../data-guard';
import { bytesStoredCounter, commitLatency, storageWritableGauge, updatesStoredCounter } from '../metrics';
import { storedRecord } from './plan-records';
import type { Storage, UpdateRecord } from './types';

/** A record waiting for its group commit; exactly one of the callbacks runs, in enqueue order. */
export interface LogEntry extends UpdateRecord {
  onCommitted(seq: number): void;
  onFailed(err: unknown): void;
}

/** First wait before checking again that a failed store accepts writes; doubles up to the maximum. */
const PROBE_FIRST_MS = 500;
const PROBE_MAX_MS = 15_000;
/**
 * A commit still waiting after this long means a frozen or failing disk: the server reports not ready
 * and takes nothing new until it returns. Only observable when the store runs off the event loop
 * (sqlite-thread.ts); an in-thread store blocks the timer along with everything else.
 */
export const STALL_MS = 3_000;

/**
 * Group commit: records enqueued during one event-loop turn are appended in one transaction. One batch
 * is in flight at a time, so records commit (and their callbacks run) in the order they were enqueued.
 */
export class DurableLog {
  private queue: LogEntry[] = [];
  private scheduled = false;
  private inFlight = false;
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  /** Why writes fail (a reason clients are told), null while they work. */
  private failure: string | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probeWait = PROBE_FIRST_MS;
  private readonly recoveredListeners: Array<() => void> = [];

  constructor(
    private readonly storage: Storage,
    private readonly logger?: Logger,
    private readonly stallMs = STALL_MS,
  ) {}

  enqueue(entry: LogEntry): void {
    if (this.closed) {
      entry.onFailed(new Error('Log durevole chiuso: server in chiusura'));
      return;
    }
    this.queue.push(entry);
    this.schedule();
  }

  /** False after a failed commit until the store accepts writes again (drives `/readyz`). */
  get writable(): boolean {
    return this.failure === null;
  }

  /** Why writes fail, in words for the user ("archiviazione piena, …"), or null. */
  get failureReason(): string | null {
    return this.failure;
  }

  /** Runs `listener` each time the store accepts writes again after a failure. */
  onRecovered(listener: () => void): void {
    this.recoveredListeners.push(listener);
  }

  /** Resolves once every record enqueued so far has committed or failed. */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new records and resolves once every record already enqueued has committed or failed. */
  close(): Promise<void> {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    return this.drain();
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.inFlight = true;
    const stop = commitLatency.startTimer();
    const stallTimer = setTimeout(() => this.stalled(batch.length), this.stallMs);
    stallTimer.unref();
    let seqs: number[] | null = null;
    let failure: unknown = null;
    try {
      seqs = await this.storage.append(batch.map(storedRecord));
    } catch (err) {
      failure = err;
    }
    stop();
    clearTimeout(stallTimer);
    if (seqs) {
      updatesStoredCounter.inc(batch.length);
      bytesStoredCounter.inc(batch.reduce((n, e) => n + e.update.byteLength, 0));
      if (this.failure) this.recovered();
    } else {
      this.logger?.error({ err: failure, records: batch.length }, 'commit del log fallito');
      this.failed(failure);
    }
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      try {
        if (seqs) e.onCommitted(seqs[i]!);
        else e.onFailed(failure);
      } catch (err) {
        this.logger?.error({ err, room: e.room }, 'errore dopo il commit');
      }
    }
    this.inFlight = false;
    if (this.queue.length > 0) this.schedule();
    else for (const w of this.idleWaiters.splice(0)) w();
  }

  private stalled(records: number): void {
    if (this.failure !== null) return;
    this.failure = REASON_STORAGE_STALLED;
    storageWritableGauge.set(0);
    this.logger?.error({ records, waitedMs: this.stallMs }, 'commit bloccato: il disco non risponde');
    // No probe: the stalled commit itself decides (recovered on success, failed on error).
  }

  private failed(err: unknown): void {
    const first = this.failure === null;
    this.failure = isDiskFull(err) ? REASON_STORAGE_FULL : REASON_STORAGE_FAILED;
    storageWritableGauge.set(0);
    if (first) {
      this.logger?.error({ err }, isDiskFull(err) ? 'disco pieno: le scritture non riescono' : 'archivio non scrivibile');
      this.probeWait = PROBE_FIRST_MS;
    }
    this.scheduleProbe();
  }

  private recovered(): void {
    this.failure = null;
    storageWritableGauge.set(1);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.logger?.warn('archivio di nuovo scrivibile');
    for (const l of this.recoveredListeners) {
      try {
        l();
      } catch (err) {
        this.logger?.error({ err }, 'errore dopo il ripristino delle scritture');
      }
    }
  }

  /** Checks with a small write, backing off, until the store accepts writes again. */
  private scheduleProbe(): void {
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      if (this.failure === null || this.closed) return;
      const probe = this.storage.probe ? this.storage.probe() : Promise.resolve();
      probe.then(
        () => {
          if (this.failure !== null) this.recovered();
        },
        (err: unknown) => {
          this.probeWait = Math.min(this.probeWait * 2, PROBE_MAX_MS);
          this.failed(err);
        },
      );
    }, this.probeWait);
    this.probeTimer.unref();
  }
}
