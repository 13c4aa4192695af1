/**
 * Our server's own account of its durable log, from its Prometheus `/metrics`: group commits, records
 * per commit and commit duration (the `piao_commit_seconds` histogram), over one step.
 */

export interface CommitSample {
  at: number;
  count: number;
  sumSeconds: number;
  records: number;
  /** Cumulative bucket counts by upper bound (seconds). */
  buckets: Array<[number, number]>;
}

export interface CommitStats {
  commits: number;
  recordsPerCommit: number;
  meanMs: number;
  /** Upper bound of the histogram bucket that holds the 99th percentile commit, ms. */
  p99Ms: number | null;
  /** Share of the wall time the event loop spent inside commits, %. */
  busyShare: number;
}

function value(text: string, name: string): number {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

export async function sampleCommits(port: number): Promise<CommitSample> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  const buckets: Array<[number, number]> = [];
  for (const m of text.matchAll(/^piao_commit_seconds_bucket\{le="([^"]+)"\} ([0-9.e+-]+)$/gm)) {
    buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
  }
  return {
    at: performance.now(),
    count: value(text, 'piao_commit_seconds_count'),
    sumSeconds: value(text, 'piao_commit_seconds_sum'),
    records: value(text, 'piao_updates_stored_total'),
    buckets,
  };
}

export function commitStats(a: CommitSample, b: CommitSample): CommitStats {
  const commits = b.count - a.count;
  const seconds = b.sumSeconds - a.sumSeconds;
  let p99Ms: number | null = null;
  if (commits > 0) {
    for (const [le, n] of b.buckets) {
      const before = a.buckets.find(([l]) => l === le)?.[1] ?? 0;
      if (n - before >= commits * 0.99) {
        p99Ms = Number.isFinite(le) ? le * 1000 : null;
        break;
      }
    }
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    commits,
    recordsPerCommit: commits ? r1((b.records - a.records) / commits) : 0,
    meanMs: commits ? Math.round((seconds / commits) * 1000 * 100) / 100 : 0,
    p99Ms,
    busyShare: r1((seconds * 1000 * 100) / Math.max(1, b.at - a.at)),
  };
}
