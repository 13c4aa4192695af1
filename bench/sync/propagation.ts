/**
 * Section 1: edit propagation and throughput. The same load (a separate load-generator process of
 * stock y-websocket clients) against the reference `@y/websocket-server` and against our server, each
 * started the same way as its own child process; ratios between the two; when a target is missed, a
 * CPU profile of both servers under the same load names where the time goes.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readProfileFile, type ProfileSummary } from './profile';
import { Target, type ServerKind, type ServerRun, type TargetOptions } from './target';

export type { ServerRun } from './target';

export const TARGETS = { p99Ratio: 1.5, throughputRatio: 0.7, p99Ms: 100 } as const;

/** Measurements per server at the base rate (the p99 comparison is their median). */
export const BASE_REPEATS = 3;

export interface PropagationOptions extends Omit<TargetOptions, 'p99TargetMs'> {
  /** Bisection steps between a server's last pass and its first miss. */
  refine: number;
  /** Seconds of load recorded per profile when a target is missed (0: never profile). */
  profileSeconds: number;
  /** Profile even when every target is met. */
  alwaysProfile?: boolean;
}

export interface ProfilePair {
  /** `base`: at the base rate (explains p99); `throughput`: at the reference's highest sustained rate. */
  purpose: 'base' | 'throughput';
  rate: number;
  seconds: number;
  ours: ProfileSummary;
  reference: ProfileSummary;
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
  /** CPU and allocation profiles of both servers under the same load, taken when a target is missed. */
  profiles: ProfilePair[];
}

/**
 * Both servers stepped in alternation (who goes first alternates too), each until its own first miss,
 * then each bisected between its last pass and first miss.
 */
async function measureBoth(opts: PropagationOptions & TargetOptions): Promise<{ reference: ServerRun; ours: ServerRun }> {
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
    // The base rate is the headline comparison: measured BASE_REPEATS times per server, alternating
    // who goes first (reference, ours, ours, reference, …), and each server's median p99 kept.
    const [base, ...higher] = opts.rates;
    if (base === undefined) throw new Error('nessun ritmo da misurare');
    for (let i = 0; i < BASE_REPEATS; i++) for (const t of i % 2 === 0 ? both : [...both].reverse()) await t.baseAttempt(base);
    for (const t of both) t.recordBase();
    let round = 1;
    for (const rate of higher) {
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
async function profile(kind: ServerKind, rate: number, opts: PropagationOptions & TargetOptions): Promise<ProfileSummary> {
  const tag = `${kind}-profilo-${rate}`;
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

export async function runPropagation(options: PropagationOptions): Promise<PropagationResult> {
  const opts = { ...options, p99TargetMs: TARGETS.p99Ms };
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

  const profiles: ProfilePair[] = [];
  const pair = async (purpose: ProfilePair['purpose'], rate: number) => {
    opts.log(`profilo dei due server a ${rate} modifiche/s`);
    profiles.push({ purpose, rate, seconds: opts.profileSeconds, ours: await profile('ours', rate, opts), reference: await profile('reference', rate, opts) });
  };
  if (opts.profileSeconds > 0) {
    if (!p99Met || opts.alwaysProfile) await pair('base', opts.rates[0]!);
    // The load the reference still sustains is where a throughput shortfall shows.
    if (!throughputMet || opts.alwaysProfile) await pair('throughput', reference.load.maxPassingRate || opts.rates[0]!);
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
    profiles,
  };
}
