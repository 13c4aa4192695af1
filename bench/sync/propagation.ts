/**
 * Section 1: edit propagation and throughput. The same load (a separate load-generator process of
 * stock y-websocket clients) against the reference `@y/websocket-server` and against our server, each
 * started the same way as its own child process; ratios between the two; when a target is missed, a
 * CPU profile of both servers under the same load names where the time goes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, type Child, type ChildMessage } from './child';
import { commitStats, sampleCommits } from './commit-metrics';
import { readProfileFile, type ProfileSummary } from './profile';
import { prepareOurDataDir, sectorId, BENCH_ENTE, BENCH_TRIENNIO } from './setup-ours';
import type { LoadConfig, LoadResult, StepResult } from '../load/types';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
const LAUNCH = { ours: here('./launch-ours.ts'), reference: here('./launch-reference.ts') } as const;
const LOADGEN = here('../load/loadgen.ts');

export type ServerKind = keyof typeof LAUNCH;

export const TARGETS = { p99Ratio: 1.5, throughputRatio: 0.7, p99Ms: 100 } as const;

export interface PropagationOptions {
  workDir: string;
  rooms: number;
  clientsPerRoom: number;
  /** Aggregate edit rates tried in ascending order, for each server until its first miss. */
  rates: number[];
  /** Bisection steps between a server's last pass and its first miss. */
  refine: number;
  stepSeconds: number;
  /** Unmeasured load first, so every process has compiled its hot paths. */
  warmup: { rate: number; seconds: number };
  drainTimeoutMs: number;
  /** Seconds of load recorded per profile when a target is missed (0: never profile). */
  profileSeconds: number;
  /** Profile even when every target is met. */
  alwaysProfile?: boolean;
  log(line: string): void;
}

export interface ServerRun {
  load: LoadResult;
  /** Server RSS after the load, MB. */
  rssAfterMb: number;
}

export interface StepRatio {
  rate: number;
  oursP99: number;
  refP99: number;
  /** ours / reference. */
  ratio: number;
}

export interface PropagationResult {
  rooms: number;
  clientsPerRoom: number;
  stepSeconds: number;
  reference: ServerRun;
  ours: ServerRun;
  /** p99 ratio at every rate both servers ran. */
  stepRatios: StepRatio[];
  /** p99 ratio at the first (base) rate, 200 clients. */
  p99RatioAtBase: number;
  /** Worst p99 ratio over the common rates where the reference stayed under the target. */
  p99RatioWorst: number;
  throughputRatio: number;
  p99Met: boolean;
  throughputMet: boolean;
  /** No delivery of our server missing at any step (late ones wait up to drainTimeoutMs). */
  deliveriesComplete: boolean;
  profile: { rate: number; seconds: number; ours: ProfileSummary; reference: ProfileSummary } | null;
}

interface Launched {
  child: Child;
  port: number;
  url: string;
  rooms: LoadConfig['rooms'];
}

async function launch(kind: ServerKind, opts: PropagationOptions, tag: string): Promise<Launched> {
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
class Target {
  readonly steps: StepResult[] = [];
  lo = 0;
  hi = 0;
  connectMs = 0;
  clients = 0;
  private index = 0;

  private constructor(
    readonly kind: ServerKind,
    readonly server: Launched,
    readonly gen: Child,
    private readonly opts: PropagationOptions,
  ) {}

  static async open(kind: ServerKind, opts: PropagationOptions, tag: string): Promise<Target> {
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
        p99TargetMs: TARGETS.p99Ms,
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

  private async attempt(rate: number): Promise<StepResult> {
    const before = this.kind === 'ours' ? await sampleCommits(this.server.port) : null;
    // The base rate is the headline comparison: twice as long, for a steadier p99.
    const seconds = rate === this.opts.rates[0] ? this.opts.stepSeconds * 2 : this.opts.stepSeconds;
    const { result: s } = await this.run(rate, seconds);
    if (before) s.commits = commitStats(before, await sampleCommits(this.server.port));
    this.opts.log(
      `  [${this.kind}] ${s.rate} modifiche/s: p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms, max ${s.latency.max} ms, ` +
        `mancanti ${s.missing}, CPU server ${s.serverCpu ?? '?'}%, CPU carico ${s.loadgenCpu}%` +
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

/**
 * Both servers stepped in alternation (who goes first alternates too), each until its own first miss,
 * then each bisected between its last pass and first miss.
 */
async function measureBoth(opts: PropagationOptions): Promise<{ reference: ServerRun; ours: ServerRun }> {
  opts.log('avvio dei due server e dei due generatori di carico');
  const reference = await Target.open('reference', opts, 'reference');
  let ours: Target;
  try {
    ours = await Target.open('ours', opts, 'ours');
  } catch (err) {
    await reference.close();
    throw err;
  }
  const both = [reference, ours];
  try {
    let round = 0;
    for (const rate of opts.rates) {
      const order = round++ % 2 === 0 ? both : [...both].reverse();
      const active = order.filter((t) => t.hi === 0);
      if (active.length === 0) break;
      for (const t of active) await t.measure(rate);
    }
    for (let i = 0; i < opts.refine; i++) {
      for (const t of both) {
        if (t.hi === 0) continue;
        const mid = Math.round((t.lo + t.hi) / 2 / 50) * 50;
        if (mid > t.lo && mid < t.hi) await t.measure(mid);
      }
    }
    return { reference: reference.result(await reference.rssMb()), ours: ours.result(await ours.rssMb()) };
  } finally {
    await Promise.all(both.map((t) => t.close()));
  }
}

/** Records a CPU profile of one server over one measured step at `rate`. */
async function profile(kind: ServerKind, rate: number, opts: PropagationOptions): Promise<ProfileSummary> {
  const tag = `${kind}-profilo`;
  const t = await Target.open(kind, opts, tag);
  const file = path.join(opts.workDir, `${tag}.cpuprofile`);
  try {
    let started: Promise<unknown> = Promise.resolve();
    let stopped: Promise<unknown> = Promise.resolve();
    t.gen.onProgress((m) => {
      if (m.phase === 'step-start') started = t.server.child.request({ type: 'prof-start' }, 'prof-started', 10_000);
      if (m.phase === 'step-end') stopped = started.then(() => t.server.child.request({ type: 'prof-stop', file }, 'prof', 30_000));
    });
    await t.run(rate, opts.profileSeconds);
    await started;
    await stopped;
    return readProfileFile(file);
  } finally {
    await t.close();
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export async function runPropagation(opts: PropagationOptions): Promise<PropagationResult> {
  mkdirSync(opts.workDir, { recursive: true });
  const { reference, ours } = await measureBoth(opts);

  const refByRate = new Map(reference.load.steps.map((s) => [s.rate, s]));
  const stepRatios: StepRatio[] = [];
  for (const s of ours.load.steps) {
    const r = refByRate.get(s.rate);
    if (!r) continue;
    stepRatios.push({ rate: s.rate, oursP99: s.latency.p99, refP99: r.latency.p99, ratio: round2(s.latency.p99 / Math.max(0.1, r.latency.p99)) });
  }
  const base = stepRatios.find((r) => r.rate === opts.rates[0]);
  const p99RatioAtBase = base ? base.ratio : Number.NaN;
  const underTarget = stepRatios.filter((r) => r.refP99 < TARGETS.p99Ms);
  const p99RatioWorst = underTarget.length ? Math.max(...underTarget.map((r) => r.ratio)) : Number.NaN;
  const throughputRatio = round2(ours.load.maxPassingRate / Math.max(1, reference.load.maxPassingRate));
  const p99Met = p99RatioAtBase <= TARGETS.p99Ratio;
  const throughputMet = throughputRatio >= TARGETS.throughputRatio;
  const deliveriesComplete = ours.load.steps.every((s) => s.missing === 0);

  let prof: PropagationResult['profile'] = null;
  if ((!p99Met || !throughputMet || opts.alwaysProfile) && opts.profileSeconds > 0) {
    // The load the reference still sustains is where our shortfall shows.
    const rate = reference.load.maxPassingRate || opts.rates[0]!;
    opts.log(`profilo CPU dei due server a ${rate} modifiche/s`);
    prof = { rate, seconds: opts.profileSeconds, ours: await profile('ours', rate, opts), reference: await profile('reference', rate, opts) };
  }
  return {
    rooms: opts.rooms,
    clientsPerRoom: opts.clientsPerRoom,
    stepSeconds: opts.stepSeconds,
    reference,
    ours,
    stepRatios,
    p99RatioAtBase,
    p99RatioWorst,
    throughputRatio,
    p99Met,
    throughputMet,
    deliveriesComplete,
    profile: prof,
  };
}
