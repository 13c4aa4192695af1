import type { Writable } from 'node:stream';
import type { PlanData } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import { withComputed } from '../schema';
import type { PlanSheetId, SectorSheetId, SheetDef } from '../schema/types';
import type { Issue } from '../validate/issue';
import { type ExcelCell, toExcel } from './cells';
import { WORKBOOK_SHEET_DEFS } from './layout';
import { outColumns } from './out-columns';
import { recordFieldRow, writeRecordSheet } from './record-sheet';
import { rowKey, writeControlsSheet, writeListsSheet, writeSummarySheet } from './report-sheets';
import { openStreamBook } from './stream-book';
import { xmlSafe } from './xml-safe';
import { writeTable } from './sheet-writer';
import { planSummary } from './summary';

export interface WriteOptions {
  /** Called as data rows are written (`total` from `planRowCount`) and once at the end. */
  onProgress?(done: number, total: number): void;
}

/** Data rows of the plan's table sheets (plan tables and every sector's sheets): the progress total. */
export function planRowCount(data: PlanData): number {
  let n = 0;
  for (const def of WORKBOOK_SHEET_DEFS) {
    if (def.kind !== 'table') continue;
    if (def.scope === 'plan') n += data.tables[def.id as PlanSheetId]?.length ?? 0;
    else for (const s of data.sectors) n += s.sheets[def.id as SectorSheetId].length;
  }
  return n;
}

/** The cells of one data row: the sector's name first on sector sheets, computed columns as values. */
function rowCells(def: SheetDef, row: SheetRow, sectorName: string | null): ExcelCell[] {
  const values = def.columns.some((c) => c.computed) ? withComputed(def, row.values) : row.values;
  const cells: ExcelCell[] = sectorName === null ? [] : [sectorName];
  for (const col of def.columns) cells.push(toExcel(col, values[col.id]));
  return cells;
}

function* tableRows(def: SheetDef, data: PlanData): Generator<{ row: SheetRow; cells: ExcelCell[] }> {
  if (def.scope === 'plan') {
    for (const row of data.tables[def.id as PlanSheetId] ?? []) yield { row, cells: rowCells(def, row, null) };
    return;
  }
  for (const s of data.sectors) for (const row of s.sheets[def.id as SectorSheetId]) yield { row, cells: rowCells(def, row, s.name) };
}

/**
 * Writes the consolidated PIAO workbook of a plan to `out` with exceljs' streaming writer: one sheet
 * per subsection in Piano-tipo order (sector rows tagged with their sector), then `Riepilogo` and
 * `Controlli` (the issues given), then the hidden `Liste` sheet of long dropdown lists. Rows are
 * committed as they are written, so memory stays flat whatever the size of the plan.
 * Resolves when `out` has received the whole file.
 */
export async function writePlanWorkbook(data: PlanData, issues: readonly Issue[], out: NodeJS.WritableStream | Writable, opts: WriteOptions = {}): Promise<void> {
  // Every cell below is written from these: stripped once of what XML cannot hold (xml-safe.ts).
  data = xmlSafe(data);
  issues = xmlSafe(issues);
  const { book, lists, check, finish } = openStreamBook(out);
  const total = planRowCount(data);
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    opts.onProgress?.(done, total);
  };

  // Only rows that an issue points at need their Excel row remembered (a 200,000-row plan stays small).
  const wanted = new Set<string>();
  for (const i of issues) if (i.rowId) wanted.add(rowKey(i.sheet, i.rowId));
  const rowIndex = new Map<string, number>();

  for (const def of WORKBOOK_SHEET_DEFS) {
    if (def.kind === 'record') {
      writeRecordSheet(book, def, data.records[def.id as PlanSheetId], lists);
      continue;
    }
    let currentId = '';
    const rows = tableRows(def, data);
    const cells = (function* () {
      for (const r of rows) {
        currentId = r.row.id;
        yield r.cells;
      }
    })();
    await writeTable(
      book,
      {
        name: def.title,
        columns: outColumns(def, data, lists, { sectorColumn: true }),
        frozenColumns: def.scope === 'sector' ? 1 : 0,
        validationSpareRows: 100,
        check,
        onRow: (excelRow) => {
          const key = rowKey(def.id, currentId);
          if (wanted.has(key)) rowIndex.set(key, excelRow);
        },
      },
      cells,
      progress,
    );
  }
  await writeSummarySheet(book, planSummary(data, issues));
  await writeControlsSheet(book, data, issues, rowIndex, (sheet, column) => {
    const def = WORKBOOK_SHEET_DEFS.find((d) => d.id === sheet);
    return def ? recordFieldRow(def, column) : null;
  }, check);
  await writeListsSheet(book, lists);
  // A finished file ends with 'finish' on the output; an output closed meanwhile never sends it.
  await finish();
  opts.onProgress?.(total, total);
}
