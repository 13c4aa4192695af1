/**
 * One server under test (started as its own child process the same way for both kinds) with its own
 * load-generator child, stepped from the harness: connect, warm up, measure rates, report, close.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, type Child, type ChildMessage } from './child';
import { commitStats, sampleCommits } from './commit-metrics';
import { prepareOurDataDir, sectorId, BENCH_ENTE, BENCH_TRIENNIO } from './setup-ours';
import type { LoadConfig, LoadResult, StepResult } from '../load/types';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const LAUNCH = { ours: here('./launch-ours.ts'), reference: here('./launch-reference.ts') } as const;
const LOADGEN = here('../load/loadgen.ts');

export type ServerKind = keyof typeof LAUNCH;

export interface TargetOptions {
  workDir: string;
  rooms: number;
  clientsPerRoom: number;
  /** Aggregate edit rates tried in ascending order, for each server until its first miss (the first is the base rate). */
  rates: number[];
  stepSeconds: number;
  /** Unmeasured load first, so every process has compiled its hot paths. */
  warmup: { rate: number; seconds: number };
  drainTimeoutMs: number;
  /** A step passes when its p99 is under this and nothing is missing. */
  p99TargetMs: number;
  log(line: string): void;
}

export interface ServerRun {
  load: LoadResult;
  /** Server RSS after the load, MB. */
  rssAfterMb: number;
}

export interface Launched {
  child: Child;
  port: number;
  url: string;
  rooms: LoadConfig['rooms'];
}

async function launch(kind: ServerKind, opts: TargetOptions, tag: string): Promise<Launched> {
  let rooms: LoadConfig['rooms'];
  const args: string[] = [];
  if (kind === 'ours') {
    const dataDir = path.join(opts.workDir, `dati-${tag}`);
    const prepared = await prepareOurDataDir(dataDir, { sectors: opts.rooms, clientsPerRoom: opts.clientsPerRoom });
    rooms = prepared.rooms.map((name, i) => ({ name, tokens: prepared.tokens[i]! }));
    args.push(dataDir);
  } else {
    // Same room names and URL shape; the reference ignores the token.
    rooms = Array.from({ length: opts.rooms }, (_, i) => ({
      name: `${BENCH_ENTE}/${BENCH_TRIENNIO}/${sectorId(i)}`,
      tokens: Array.from({ length: opts.clientsPerRoom }, () => ''),
    }));
  }
  const { child, ready } = await startChild(LAUNCH[kind], args, {
    logFile: path.join(opts.workDir, `server-${tag}.log`),
    execArgv: ['--expose-gc'],
  });
  const port = Number(ready.port);
  return { child, port, url: `ws://127.0.0.1:${port}/sync`, rooms };
}

/** One server under test with its own load generator, stepped from here. */
export class Target {
  readonly steps: StepResult[] = [];
  lo = 0;
  hi = 0;
  connectMs = 0;
  clients = 0;
  private index = 0;
  private readonly baseAttempts: StepResult[] = [];

  private constructor(
    readonly kind: ServerKind,
    readonly server: Launched,
    readonly gen: Child,
    private readonly opts: TargetOptions,
  ) {}

  static async open(kind: ServerKind, opts: TargetOptions, tag: string): Promise<Target> {
    const server = await launch(kind, opts, tag);
    let gen: Child;
    try {
      ({ child: gen } = await startChild(LOADGEN, [], { logFile: path.join(opts.workDir, `carico-${tag}.log`) }));
    } catch (err) {
      await server.child.stop();
      throw err;
    }
    const t = new Target(kind, server, gen, opts);
    try {
      const config: LoadConfig = {
        url: server.url,
        rooms: server.rooms,
        serverPid: server.child.pid,
        p99TargetMs: opts.p99TargetMs,
        drainTimeoutMs: opts.drainTimeoutMs,
        connectTimeoutMs: 30_000,
      };
      const c = await gen.request<ChildMessage & { clients: number; connectMs: number }>({ type: 'connect', config }, 'connected', 120_000);
      t.connectMs = c.connectMs;
      t.clients = c.clients;
      opts.log(`  [${kind}] ${c.clients} client connessi e sincronizzati in ${c.connectMs} ms`);
      await t.run(opts.warmup.rate, opts.warmup.seconds);
    } catch (err) {
      await t.close();
      throw err;
    }
    return t;
  }

  /** Runs one step; returns its result and its index (0 is the warm-up). */
  async run(rate: number, seconds: number): Promise<{ result: StepResult; index: number }> {
    const index = this.index++;
    const budget = seconds * 1000 + this.opts.drainTimeoutMs + 30_000;
    const reply = await this.gen.request<ChildMessage & { result: StepResult }>({ type: 'step', step: index, rate, seconds }, 'step', budget);
    return { result: reply.result, index };
  }

  /**
   * Measures one rate. A miss is measured once more and only a second miss counts: a single stall of
   * the shared machine (another process, a disk flush) must not end a server's run.
   */
  async measure(rate: number): Promise<boolean> {
    const first = await this.attempt(rate);
    if (first.pass) return this.record(first);
    const second = await this.attempt(rate);
    const kept = second.pass || second.latency.p99 < first.latency.p99 ? second : first;
    kept.retried = true;
    return this.record(kept);
  }

  /** One attempt at the base rate, kept aside until `recordBase` (the two servers' attempts alternate). */
  async baseAttempt(rate: number): Promise<void> {
    this.baseAttempts.push(await this.attempt(rate));
  }

  /** Records the base-rate attempt with the median p99 (the others are listed in `p99Attempts`). */
  recordBase(): boolean {
    const sorted = [...this.baseAttempts].sort((a, b) => a.latency.p99 - b.latency.p99);
    const median = sorted[Math.floor((sorted.length - 1) / 2)];
    if (!median) throw new Error('nessuna misura al ritmo di base');
    median.p99Attempts = this.baseAttempts.map((s) => s.latency.p99);
    return this.record(median);
  }

  private async attempt(rate: number): Promise<StepResult> {
    const before = this.kind === 'ours' ? await sampleCommits(this.server.port) : null;
    await this.server.child.request({ type: 'loop' }, 'loop', 20_000);
    const { result: s } = await this.run(rate, this.opts.stepSeconds);
    if (before) s.commits = commitStats(before, await sampleCommits(this.server.port));
    const loop = await this.server.child.request<ChildMessage & { p99: number; max: number }>({ type: 'loop' }, 'loop', 20_000);
    s.serverLoop = { p99: loop.p99, max: loop.max };
    this.opts.log(
      `  [${this.kind}] ${s.rate} modifiche/s: p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms, max ${s.latency.max} ms, ` +
        `mancanti ${s.missing}, CPU server ${s.serverCpu ?? '?'}%, CPU carico ${s.loadgenCpu}%, ` +
        `ritardo ciclo eventi server p99/max ${s.serverLoop?.p99}/${s.serverLoop?.max} ms, generatore p99 ${s.loadgenLoopP99} ms` +
        (s.commits ? `, commit ${s.commits.commits} (media ${s.commits.meanMs} ms, p99 ≤ ${s.commits.p99Ms ?? '∞'} ms, ${s.commits.busyShare}% del tempo)` : '') +
        (s.pass ? '' : ' ✗'),
    );
    return s;
  }

  private record(s: StepResult): boolean {
    const rate = s.rate;
    this.steps.push(s);
    if (s.pass) this.lo = Math.max(this.lo, rate);
    else this.hi = this.hi === 0 ? rate : Math.min(this.hi, rate);
    return s.pass;
  }

  result(rssAfterMb: number): ServerRun {
    const steps = [...this.steps].sort((a, b) => a.rate - b.rate);
    return { load: { clients: this.clients, rooms: this.server.rooms.length, connectMs: this.connectMs, steps, maxPassingRate: this.lo }, rssAfterMb };
  }

  async rssMb(): Promise<number> {
    const mem = await this.server.child.request<ChildMessage & { rss: number }>({ type: 'mem' }, 'mem', 20_000);
    return Math.round(mem.rss / 2 ** 20);
  }

  async close(): Promise<void> {
    await this.gen.stop(5_000);
    await this.server.child.stop();
  }
}

