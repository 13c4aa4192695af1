/*
 * Export benchmark: writePlanWorkbook against a bare exceljs streaming write of the same cells,
 * each size measured in fresh child processes (time and peak RSS per run).
 *   node sync-server/bin/run-ts.mjs bench/export.bench.ts [righe…]
 * A harness imports `runExportBench` instead (set PIAO_BENCH_HARNESS=1 to skip the command line run,
 * or import it from bench/lib/export-bench.ts, which has no side effects).
 */
import { BUDGET, runExportBench, type Result } from './lib/export-bench';

export { runExportBench, BUDGET, type Result };

const DEFAULT_SIZES = [5_000, 50_000, 200_000];

function printTable(results: readonly Result[]): void {
  const rows = results.map((r) => ({
    righe: r.rows,
    'piao ms': r.timeMs,
    'rif. ms': r.refTimeMs,
    rapporto: r.ratio,
    'RSS max MB': r.peakRssMb,
    'RSS rif. MB': r.refPeakRssMb,
    'RSS dati MB': r.baseRssMb,
    'KB file': Math.round(r.bytes / 1024),
    budget: r.withinBudget ? 'ok' : 'FUORI',
  }));
  console.table(rows);
}

if (process.env.PIAO_BENCH_HARNESS !== '1') {
  const args = process.argv.slice(2).map(Number).filter((n) => Number.isFinite(n) && n > 0);
  const results = await runExportBench(args.length ? args : DEFAULT_SIZES);
  printTable(results);
  console.log(JSON.stringify({ bench: 'export', budget: BUDGET, results }));
  if (results.some((r) => !r.withinBudget)) process.exitCode = 1;
}
