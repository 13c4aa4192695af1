import type { Logger } from 'pino';
import { bytesStoredCounter, commitLatency, updatesStoredCounter } from '../metrics';
import type { Storage, UpdateRecord } from './types';

/** A record waiting for its group commit; exactly one of the callbacks runs, in enqueue order. */
export interface LogEntry extends UpdateRecord {
  onCommitted(seq: number): void;
  onFailed(err: unknown): void;
}

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

  constructor(
    private readonly storage: Storage,
    private readonly logger?: Logger,
  ) {}

  enqueue(entry: LogEntry): void {
    if (this.closed) {
      entry.onFailed(new Error('Log durevole chiuso: server in chiusura'));
      return;
    }
    this.queue.push(entry);
    this.schedule();
  }

  /** Resolves once every record enqueued so far has committed or failed. */
  drain(): Promise<void> {
    if (!this.inFlight && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new records and resolves once every record already enqueued has committed or failed. */
  close(): Promise<void> {
    this.closed = true;
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
    let seqs: number[] | null = null;
    let failure: unknown = null;
    try {
      seqs = await this.storage.append(batch.map(({ room, sub, at, update }) => ({ room, sub, at, update })));
    } catch (err) {
      failure = err;
    }
    stop();
    if (seqs) {
      updatesStoredCounter.inc(batch.length);
      bytesStoredCounter.inc(batch.reduce((n, e) => n + e.update.byteLength, 0));
    } else {
      this.logger?.error({ err: failure, records: batch.length }, 'commit del log fallito');
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
}
