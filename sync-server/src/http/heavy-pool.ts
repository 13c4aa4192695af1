import { Worker } from 'node:worker_threads';
import { Counter, Gauge } from 'prom-client';
import type { Issue } from '@piao/shared/validate/index';
import { registry, rejectedCounter } from '../metrics';
import type { HeavyJob, HeavyResult } from './heavy-worker';
import { HttpError } from './respond';

/**
 * A few worker threads for validation and export (issue 14 item 10): on a 100,003-row sector `/issues`
 * and the export held the event loop for seconds and five parallel `/issues` peaked at 2.85 GB. Here at
 * most `workers` run at once, each with a heap cap (`resourceLimits`, Node docs "worker_threads"), at most
 * `maxWaiting` wait, and beyond that the request is refused at once with 503 and Retry-After. The event
 * loop only reads the documents and copies plain data to the worker, so health, metrics and sync answer.
 */
export interface HeavyPoolOptions {
  workers: number;
  maxWaiting: number;
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
  retryAfterSeconds: number;
  /** An idle worker is stopped after this long (it is started again on the next request). */
  idleMs: number;
}

export const DEFAULT_HEAVY_POOL: HeavyPoolOptions = {
  workers: 2,
  maxWaiting: 4,
  maxOldGenerationSizeMb: 1536,
  timeoutMs: 120_000,
  retryAfterSeconds: 5,
  idleMs: 30_000,
};

export const heavyRunningGauge = new Gauge({
  name: 'piao_heavy_jobs_running',
  help: 'Validazioni ed esportazioni in corso nei worker',
  registers: [registry],
});
export const heavyJobsCounter = new Counter({
  name: 'piao_heavy_jobs_total',
  help: 'Validazioni ed esportazioni eseguite nei worker, per tipo',
  labelNames: ['kind'] as const,
  registers: [registry],
});

const ENTRY = new URL('./heavy-worker-entry.mjs', import.meta.url);

type Done = { issues: Issue[]; bytes?: Uint8Array };
/** A job as callers give it (the pool numbers it). */
export type HeavyJobInput = HeavyJob extends infer J ? (J extends HeavyJob ? Omit<J, 'id'> : never) : never;
interface Task {
  job: HeavyJob;
  resolve(r: Done): void;
  reject(err: Error): void;
}

export class HeavyPool {
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, { task: Task; timer: NodeJS.Timeout }>();
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly queue: Task[] = [];
  private size = 0;
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: HeavyPoolOptions = DEFAULT_HEAVY_POOL) {}

  /** Jobs running now (for tests and diagnostics). */
  get active(): number {
    return this.running.size;
  }

  run(job: HeavyJobInput): Promise<Done> {
    if (this.closed) return Promise.reject(new HttpError(503, 'Server in chiusura'));
    if (this.running.size >= this.opts.workers && this.queue.length >= this.opts.maxWaiting) {
      rejectedCounter.inc({ reason: 'heavy_busy' });
      return Promise.reject(
        new HttpError(503, 'Il server sta già preparando altri controlli o esportazioni: riprovare tra qualche secondo.', {}, {
          'retry-after': String(this.opts.retryAfterSeconds),
        }),
      );
    }
    return new Promise<Done>((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ } as HeavyJob, resolve, reject });
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new HttpError(503, 'Server in chiusura'));
    for (const [w, { task, timer }] of this.running) {
      clearTimeout(timer);
      task.reject(new HttpError(503, 'Server in chiusura'));
      void w.terminate();
    }
    this.running.clear();
    for (const w of this.idle.splice(0)) void w.terminate();
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
  }

  private pump(): void {
    while (this.queue.length > 0 && (this.idle.length > 0 || this.size < this.opts.workers)) {
      const worker = this.idle.pop() ?? this.spawn();
      const idleTimer = this.idleTimers.get(worker);
      if (idleTimer) clearTimeout(idleTimer);
      this.idleTimers.delete(worker);
      const task = this.queue.shift()!;
      const timer = setTimeout(() => this.fail(worker, new HttpError(503, `Il calcolo ha superato ${Math.round(this.opts.timeoutMs / 1000)} secondi ed è stato interrotto: riprovare più tardi.`)), this.opts.timeoutMs);
      timer.unref();
      this.running.set(worker, { task, timer });
      heavyRunningGauge.set(this.running.size);
      heavyJobsCounter.inc({ kind: task.job.kind });
      worker.postMessage(task.job);
    }
  }

  private spawn(): Worker {
    const worker = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 64 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    this.size++;
    worker.on('message', (r: HeavyResult) => this.finish(worker, r));
    worker.on('error', (err: Error & { code?: string }) =>
      this.fail(
        worker,
        new HttpError(503, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'Il piano richiede troppa memoria per questo calcolo: riprovare più tardi.' : `Calcolo interrotto: ${err.message}`),
      ),
    );
    worker.on('exit', () => this.fail(worker, new HttpError(503, 'Il calcolo si è interrotto inatteso: riprovare.')));
    return worker;
  }

  private finish(worker: Worker, r: HeavyResult): void {
    const entry = this.running.get(worker);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.running.delete(worker);
    heavyRunningGauge.set(this.running.size);
    if (r.ok) entry.task.resolve({ issues: r.issues, ...(r.bytes ? { bytes: r.bytes } : {}) });
    else entry.task.reject(new HttpError(500, `Errore nel calcolo: ${r.message}`));
    if (this.closed) return void worker.terminate();
    this.idle.push(worker);
    const t = setTimeout(() => this.retire(worker), this.opts.idleMs);
    t.unref();
    this.idleTimers.set(worker, t);
    this.pump();
  }

  /** A worker that failed, timed out or exited: its job fails, the worker is replaced on demand. */
  private fail(worker: Worker, err: HttpError): void {
    const entry = this.running.get(worker);
    const known = entry !== undefined || this.idle.includes(worker);
    if (entry) {
      clearTimeout(entry.timer);
      this.running.delete(worker);
      heavyRunningGauge.set(this.running.size);
      entry.task.reject(err);
    }
    if (!known) return;
    this.retire(worker);
    this.pump();
  }

  private retire(worker: Worker): void {
    const i = this.idle.indexOf(worker);
    if (i >= 0) this.idle.splice(i, 1);
    const t = this.idleTimers.get(worker);
    if (t) clearTimeout(t);
    this.idleTimers.delete(worker);
    if (this.running.has(worker)) return;
    this.size = Math.max(0, this.size - 1);
    void worker.terminate();
  }
}

/**
 * One pool per process, shared by every server in it: a deployment runs one server per process, and
 * tests that start several servers reuse warm workers (starting one costs seconds on a busy machine).
 */
let shared: HeavyPool | null = null;
const handles = new WeakMap<object, HeavyHandle>();

/** A server's view of the shared pool: closing it refuses that server's new jobs, the workers stay. */
export class HeavyHandle {
  private closed = false;
  constructor(private readonly pool: () => HeavyPool) {}

  get active(): number {
    return this.pool().active;
  }

  run(job: HeavyJobInput): Promise<{ issues: Issue[]; bytes?: Uint8Array }> {
    if (this.closed) return Promise.reject(new HttpError(503, 'Server in chiusura'));
    return this.pool().run(job);
  }

  close(): void {
    this.closed = true;
  }
}

/** The heavy pool as seen by one server (`owner`: its context). */
export function heavyPool(owner: object): HeavyHandle {
  let h = handles.get(owner);
  if (!h) handles.set(owner, (h = new HeavyHandle(() => (shared ??= new HeavyPool()))));
  return h;
}
