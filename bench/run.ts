/**
 * `npm run bench`: runs the five benchmarks, writes `bench/RESULTS.md` and `bench/results.json`.
 * Exits non-zero only when the harness itself breaks (a section that could not be measured), never
 * because a number is slow. Every section is bounded in size and time; child processes are killed on
 * any exit.
 *   npm run bench                          all sections, results written into bench/
 *   npm run bench -- docSize binding       only those sections, results written into a temporary folder
 *   PIAO_BENCH_QUICK=1 npm run bench       small sizes (a smoke run of the harness, in a temporary folder)
 *   npm run bench -- --render              rewrites bench/RESULTS.md from bench/results.json (no measuring)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBindingBench } from './binding';
import { runColdLoad } from './cold-load';
import { runDocSize } from './doc-size';
import { renderResults } from './report';
import type { BenchResults, ExportSection, Section } from './results';
import { runPropagation } from './sync/propagation';

const QUICK = process.env.PIAO_BENCH_QUICK === '1';
const SIZES = QUICK
  ? { rooms: 4, clients: 5, rates: [100, 200], refine: 0, stepSeconds: 2, coldRows: 1_000, coldUpdates: 5_000, exportRows: [5_000], bindRows: 1_000, bindChanges: [100, 1_000], docRows: 1_000 }
  : { rooms: 20, clients: 10, rates: [200, 400, 800, 1_600, 3_200, 6_400], refine: 2, stepSeconds: 4, coldRows: 10_000, coldUpdates: 50_000, exportRows: [5_000, 50_000, 200_000], bindRows: 5_000, bindChanges: [1_000, 10_000], docRows: 10_000 };

type Name = keyof BenchResults['sections'];
const ALL: Name[] = ['docSize', 'binding', 'export', 'propagation', 'coldLoad'];
/** Longest each section may take before it counts as a harness failure. */
const LIMIT_MS: Record<Name, number> = { docSize: 180_000, binding: 120_000, export: 300_000, propagation: 600_000, coldLoad: 420_000 };

if (process.argv.includes('--render')) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const saved = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults;
  writeFileSync(path.join(dir, 'RESULTS.md'), renderResults(saved));
  console.log(`riscritto ${path.join(dir, 'RESULTS.md')} da results.json`);
  process.exit(0);
}

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const requested = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = requested.filter((a) => !ALL.includes(a as Name));
if (unknown.length) {
  console.error(`Sezioni sconosciute: ${unknown.join(', ')}. Disponibili: ${ALL.join(', ')}`);
  process.exit(2);
}
const names = requested.length ? ALL.filter((n) => requested.includes(n)) : ALL;
const full = names.length === ALL.length && !QUICK;
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = full ? benchDir : mkdtempSync(path.join(os.tmpdir(), 'piao-bench-out-'));
const workDir = mkdtempSync(path.join(os.tmpdir(), 'piao-bench-'));

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: oltre il limite di ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

async function run<T>(name: Name, fn: () => Promise<T>): Promise<Section<T>> {
  log(`▶ ${name}`);
  const load0 = os.loadavg()[0]!;
  const t0 = performance.now();
  try {
    const data = await withTimeout(fn(), LIMIT_MS[name], name);
    const ms = Math.round(performance.now() - t0);
    log(`✓ ${name} (${(ms / 1000).toFixed(1)} s)`);
    return { ok: true, ms, load: [load0, os.loadavg()[0]!], data };
  } catch (err) {
    const ms = Math.round(performance.now() - t0);
    const error = err instanceof Error ? err.message : String(err);
    log(`✗ ${name}: ${error}`);
    if (err instanceof Error && err.stack) console.error(err.stack);
    return { ok: false, ms, error };
  }
}

const results: BenchResults = {
  startedAt: new Date(started).toISOString(),
  durationS: 0,
  machine: {
    cpu: os.cpus()[0]?.model.trim() ?? 'sconosciuta',
    cores: os.cpus().length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  },
  loadAverage: [os.loadavg()[0]!, 0],
  sections: {},
};

log(`cartella di lavoro ${workDir}; risultati in ${outDir}${QUICK ? ' (esecuzione rapida)' : ''}`);
for (const name of names) {
  switch (name) {
    case 'docSize':
      results.sections.docSize = await run(name, async () => runDocSize({ rows: SIZES.docRows, updatesPerRow: 5 }));
      break;
    case 'binding':
      results.sections.binding = await run(name, () => runBindingBench({ rows: SIZES.bindRows, changes: SIZES.bindChanges }));
      break;
    case 'export':
      results.sections.export = await run(name, async (): Promise<ExportSection> => {
        // The export bench runs its own command line unless told it is driven by a harness.
        process.env.PIAO_BENCH_HARNESS = '1';
        const mod = await import('./export.bench');
        const rows = await mod.runExportBench(SIZES.exportRows);
        return { budget: { ...mod.BUDGET }, results: rows };
      });
      break;
    case 'propagation':
      results.sections.propagation = await run(name, () =>
        runPropagation({
          workDir: path.join(workDir, 'propagazione'),
          rooms: SIZES.rooms,
          clientsPerRoom: SIZES.clients,
          rates: SIZES.rates,
          refine: SIZES.refine,
          stepSeconds: SIZES.stepSeconds,
          warmup: { rate: SIZES.rates[0]!, seconds: QUICK ? 2 : 5 },
          drainTimeoutMs: 10_000,
          profileSeconds: QUICK ? 2 : 5,
          // Profiles are cheap next to what they explain: taken unless turned off.
          alwaysProfile: process.env.PIAO_BENCH_PROFILE !== '0',
          log: (l) => log(l),
        }),
      );
      break;
    case 'coldLoad':
      results.sections.coldLoad = await run(name, () =>
        runColdLoad({
          workDir: path.join(workDir, 'carico'),
          rows: SIZES.coldRows,
          updates: SIZES.coldUpdates,
          compactedRooms: 3,
          timeoutMs: 240_000,
          log: (l) => log(l),
        }),
      );
      break;
  }
}

results.durationS = Math.round((Date.now() - started) / 1000);
results.loadAverage[1] = os.loadavg()[0]!;
writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(path.join(outDir, 'RESULTS.md'), renderResults(results));
if (process.env.PIAO_BENCH_KEEP !== '1') rmSync(workDir, { recursive: true, force: true });
const failed = Object.entries(results.sections).filter(([, s]) => s && !s.ok).map(([k]) => k);
log(`scritti ${path.join(outDir, 'RESULTS.md')} e results.json in ${results.durationS} s`);
if (failed.length) {
  console.error(`Il banco di prova non ha misurato: ${failed.join(', ')}`);
  process.exitCode = 1;
}
// Sockets or timers a section left behind must not keep the run from ending.
setTimeout(() => process.exit(), 1_000).unref();
