import type { PlanData } from '../doc/plan-data';
import { GIUDIZI_RISCHIO, NUM_FMT, SHEET_BY_ID, getColumn, isSheetId } from '../schema';
import type { Style } from 'exceljs';
import type { Issue } from '../validate/issue';
import { withSheetRow } from '../validate/row-names';
import type { ExcelCell } from './cells';
import { CONTROLS_SHEET, LISTS_SHEET, SECTOR_SHEET_DEFS, SUMMARY_SHEET } from './layout';
import { type OutColumn, type StreamBook, writeTable } from './sheet-writer';
import { HEADER_STYLE, TEXT_STYLE, WRAP_STYLE } from './styles';
import type { PlanSummary, SummaryLine } from './summary';
import type { ListRegistry } from './validation';

const INT_STYLE: Partial<Style> = Object.freeze({ numFmt: NUM_FMT.int! }) as Partial<Style>;
const MONEY_STYLE: Partial<Style> = Object.freeze({ numFmt: NUM_FMT.money! }) as Partial<Style>;
const PERCENT_STYLE: Partial<Style> = Object.freeze({ numFmt: NUM_FMT.percent! }) as Partial<Style>;

/** Riepilogo column with each sector's mean % achieved in the latest monitored period (4 Monitoraggio). */
export const ACHIEVEMENT_HEADER = 'Raggiungimento medio % (ultimo monitoraggio)';

/** Column headers of the Riepilogo sheet (exported so readers and tests need not restate them). */
export function summaryHeaders(summary: PlanSummary): string[] {
  return [
    'Settore',
    ...SECTOR_SHEET_DEFS.map((d) => `${d.title} (righe)`),
    'Somma pesi obiettivi %',
    ...summary.years.map((y) => `Costo fabbisogni ${y}`),
    ...GIUDIZI_RISCHIO.map((g) => `Rischi ${g.toLowerCase()}`),
    'Rischi senza giudizio',
    ACHIEVEMENT_HEADER,
    'Errori',
    'Avvisi',
  ];
}

function lineCells(name: string, line: SummaryLine): ExcelCell[] {
  return [
    name,
    ...SECTOR_SHEET_DEFS.map((d) => line.counts[d.id as keyof SummaryLine['counts']]),
    line.weightTotal,
    ...line.costByYear,
    ...line.risksByLevel,
    line.risksUnrated,
    line.achievement,
    line.errors,
    line.warnings,
  ];
}

export const PLAN_TOTAL_LABEL = 'Totale piano';

/** `Riepilogo`: one line per sector, then the plan's totals in bold. */
export async function writeSummarySheet(book: StreamBook, summary: PlanSummary): Promise<void> {
  const headers = summaryHeaders(summary);
  const nYears = summary.years.length;
  const columns: OutColumn[] = headers.map((header, i) => {
    const style = header === ACHIEVEMENT_HEADER ? PERCENT_STYLE : i === 0 ? TEXT_STYLE : i === SECTOR_SHEET_DEFS.length + 1 ? PERCENT_STYLE : i > SECTOR_SHEET_DEFS.length + 1 && i <= SECTOR_SHEET_DEFS.length + 1 + nYears ? MONEY_STYLE : INT_STYLE;
    return { header, width: i === 0 ? 32 : 14, style };
  });
  const rows = summary.sectors.map((s) => lineCells(s.name, s));
  const totalRow = summary.sectors.length + 2;
  await writeTable(book, { name: SUMMARY_SHEET, columns, frozenColumns: 1, boldRow: totalRow }, [...rows, lineCells(PLAN_TOTAL_LABEL, summary.total)]);
}

export const SEVERITY_LABEL = { error: 'Errore', warning: 'Avviso' } as const;

export const CONTROLS_HEADERS = ['Gravità', 'Regola', 'Settore', 'Foglio', 'Riga', 'Colonna', 'Messaggio'] as const;

/** Where an issue's row landed in the workbook: `sheet:rowId` → Excel row. */
export type RowIndex = ReadonlyMap<string, number>;

export const rowKey = (sheet: string, rowId: string): string => `${sheet}:${rowId}`;

/** `Controlli`: every open issue, in the order given, pointing at the workbook's sheet and row. */
export async function writeControlsSheet(
  book: StreamBook,
  data: PlanData,
  issues: readonly Issue[],
  rowIndex: RowIndex,
  fieldRow: (sheet: string, column: string) => number | null,
  check?: () => void,
): Promise<void> {
  const sectorName = new Map(data.sectors.map((s) => [s.id, s.name]));
  const columns: OutColumn[] = CONTROLS_HEADERS.map((header, i) => ({
    header,
    width: [10, 22, 28, 26, 8, 26, 90][i]!,
    style: i === 4 ? INT_STYLE : i === 6 ? WRAP_STYLE : TEXT_STYLE,
  }));
  function* rows(): Generator<ExcelCell[]> {
    for (const issue of issues) {
      const def = isSheetId(issue.sheet) ? SHEET_BY_ID[issue.sheet] : undefined;
      const col = issue.column && def ? getColumn(def.id, issue.column) : undefined;
      let row: number | null = null;
      if (def?.kind === 'record' && issue.column) row = fieldRow(def.id, issue.column);
      else if (issue.rowId) row = rowIndex.get(rowKey(issue.sheet, issue.rowId)) ?? null;
      yield [
        SEVERITY_LABEL[issue.severity],
        issue.rule,
        issue.sector === null ? '' : (sectorName.get(issue.sector) ?? issue.sector),
        def?.title ?? issue.sheet,
        row,
        col?.label ?? issue.column ?? '',
        // The message names the row as its sector sees it; here it must agree with the Riga column.
        row !== null && def?.kind === 'table' ? withSheetRow(issue.message, row) : issue.message,
      ];
    }
  }
  await writeTable(book, { name: CONTROLS_SHEET, columns, ...(check ? { check } : {}) }, rows());
}

/** The hidden `Liste` sheet: one column per long dropdown list, its name in row 1. */
export async function writeListsSheet(book: StreamBook, lists: ListRegistry): Promise<void> {
  if (lists.lists.length === 0) return;
  const ws = book.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  ws.columns = lists.lists.map((l) => ({ width: Math.min(60, Math.max(12, ...l.values.map((v) => v.length))) }));
  const height = Math.max(0, ...lists.lists.map((l) => l.values.length));
  const header = ws.addRow(lists.lists.map((l) => l.name));
  lists.lists.forEach((_, i) => (header.getCell(i + 1).style = HEADER_STYLE));
  header.commit();
  for (let r = 0; r < height; r++) {
    const cells: ExcelCell[] = [];
    lists.lists.forEach((l, i) => {
      const v = l.values[r];
      if (v !== undefined) cells[i + 1] = v;
    });
    ws.addRow(cells).commit();
  }
  ws.commit();
}

