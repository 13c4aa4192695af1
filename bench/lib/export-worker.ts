/*
 * One measurement in a fresh process, so peak RSS belongs to this run alone:
 *   run-ts.mjs bench/lib/export-worker.ts <piao|ref> <rows>
 * prints one JSON line { mode, rows, timeMs, peakRssMb, baseRssMb, bytes }.
 */
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { toExcel, type ExcelCell } from '../../shared/src/workbook/cells';
import { WORKBOOK_SHEET_DEFS } from '../../shared/src/workbook/layout';
import { writePlanWorkbook } from '../../shared/src/workbook/plan-workbook';
import type { PlanData } from '../../shared/src/doc/plan-data';
import type { PlanSheetId, SectorSheetId } from '../../shared/src/schema/types';
import { withComputed } from '../../shared/src/schema';
import { generatePlan } from './gen-plan';

const mb = (kb: number): number => Math.round(kb / 1024);

/** The reference: the same cells through exceljs' streaming writer, no styles, no validation, no extras. */
async function bareWrite(data: PlanData, file: string): Promise<void> {
  const out = createWriteStream(file);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  for (const def of WORKBOOK_SHEET_DEFS) {
    const ws = wb.addWorksheet(def.title);
    const write = (cells: ExcelCell[]): void => ws.addRow(cells).commit();
    if (def.kind === 'record') {
      const rec = withComputed(def, data.records[def.id as PlanSheetId] ?? {});
      for (const col of def.columns) write([col.label, toExcel(col, rec[col.id])]);
    } else if (def.scope === 'plan') {
      for (const row of data.tables[def.id as PlanSheetId] ?? []) write(def.columns.map((c) => toExcel(c, row.values[c.id])));
    } else {
      const computed = def.columns.some((c) => c.computed);
      for (const s of data.sectors) {
        for (const row of s.sheets[def.id as SectorSheetId]) {
          const v = computed ? withComputed(def, row.values) : row.values;
          write([s.name, ...def.columns.map((c) => toExcel(c, v[c.id]))]);
        }
      }
    }
    ws.commit();
  }
  await wb.commit();
  await finished(out).catch(() => undefined);
}

async function main(): Promise<void> {
  const [mode, rowsArg] = process.argv.slice(2);
  const rows = Number(rowsArg);
  if ((mode !== 'piao' && mode !== 'ref') || !Number.isFinite(rows)) throw new Error('uso: export-worker.ts <piao|ref> <righe>');
  const data = generatePlan(rows);
  const baseRss = process.resourceUsage().maxRSS;
  const file = path.join(tmpdir(), `piao-bench-${process.pid}-${mode}.xlsx`);
  const t0 = performance.now();
  if (mode === 'piao') await writePlanWorkbook(data, [], createWriteStream(file));
  else await bareWrite(data, file);
  const timeMs = performance.now() - t0;
  const bytes = statSync(file).size;
  rmSync(file, { force: true });
  const result = { mode, rows, timeMs: Math.round(timeMs), peakRssMb: mb(process.resourceUsage().maxRSS), baseRssMb: mb(baseRss), bytes };
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
