import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const RUN_TS = fileURLToPath(new URL('../../sync-server/bin/run-ts.mjs', import.meta.url));
const WORKER = fileURLToPath(new URL('./export-worker.ts', import.meta.url));

/** Budget of the export benchmark (issue: 200,000 rows under 400 MB, at most 1.5× the bare write). */
export const BUDGET = { maxRatio: 1.5, maxPeakRssMb: 400, atRows: 200_000 } as const;

export interface Result {
  rows: number;
  /** writePlanWorkbook, milliseconds. */
  timeMs: number;
  /** Bare exceljs streaming write of the same cells (no styles, no validation), milliseconds. */
  refTimeMs: number;
  ratio: number;
  peakRssMb: number;
  refPeakRssMb: number;
  /** RSS after generating the plan, before writing (the input's own share of the peak). */
  baseRssMb: number;
  bytes: number;
  refBytes: number;
  /** Whether this size meets the budget (only checked at BUDGET.atRows and above). */
  withinBudget: boolean;
}

interface WorkerOut {
  timeMs: number;
  peakRssMb: number;
  baseRssMb: number;
  bytes: number;
}

async function measure(mode: 'piao' | 'ref', rows: number): Promise<WorkerOut> {
  const { stdout } = await run(process.execPath, [RUN_TS, WORKER, mode, String(rows)], { maxBuffer: 1 << 20 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as WorkerOut;
}

/** Measures each size in fresh child processes: the reference first, then writePlanWorkbook. */
export async function runExportBench(sizes: readonly number[]): Promise<Result[]> {
  const results: Result[] = [];
  for (const rows of sizes) {
    const ref = await measure('ref', rows);
    const piao = await measure('piao', rows);
    const ratio = Math.round((piao.timeMs / Math.max(1, ref.timeMs)) * 100) / 100;
    results.push({
      rows,
      timeMs: piao.timeMs,
      refTimeMs: ref.timeMs,
      ratio,
      peakRssMb: piao.peakRssMb,
      refPeakRssMb: ref.peakRssMb,
      baseRssMb: piao.baseRssMb,
      bytes: piao.bytes,
      refBytes: ref.bytes,
      withinBudget: rows < BUDGET.atRows || (ratio <= BUDGET.maxRatio && piao.peakRssMb < BUDGET.maxPeakRssMb),
    });
  }
  return results;
}
