import type { ColumnDef } from '@piao/shared/schema/index';
import { ID_COLUMN, ID_LABEL, type HostValue, type SheetSpec } from './sheet-host';
import { fromExcel, fromExcelCell } from './office-values';
import { MAX_PAYLOAD_BYTES, type SheetLayout } from './write-plan';
import { isPayloadError } from './office-write';

/** Reading where a bound table's rows and columns are right now (users sort, filter, move columns). */

export type Sync = () => Promise<void>;

/** Excel's last row (1,048,576 rows). */
export const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;
/**
 * Reads are sized by bytes: a response is under 5 MB in Excel on the web ("Resource limits and
 * performance optimization for Office Add-ins"), and at most 5 million cells on every platform. The
 * first block assumes `FIRST_GUESS_CELL_BYTES` per cell; the next ones use the bytes per row just read;
 * a response refused for its size (`ResponsePayloadSizeLimitExceeded`) is read again in halves.
 */
export const READ_BUDGET_BYTES = MAX_PAYLOAD_BYTES;
const FIRST_GUESS_CELL_BYTES = 64;
const MAX_READ_CELLS = 5_000_000;

export interface OfficeLayout extends SheetLayout {
  ws: Excel.Worksheet;
  table: Excel.Table;
  /** Worksheet row index of data row 0. */
  first: number;
  /** Worksheet column index of the table's first column. */
  colStart: number;
  /** Table width in columns. */
  width: number;
  /** Raw ID column, one entry per data row of the region (table body plus rows typed directly under it). */
  ids: HostValue[];
  /** Index of the ID column within the table. */
  idIndex: number;
  /** Body rows inside the table object (rows below it are outside until resized). */
  tableRows: number;
  /** Something (a note) is in the used range below the region: appends insert cells instead of writing over it. */
  below: boolean;
  /** The table shows a total row (Table.showTotals): appends insert cells above it. */
  showTotals: boolean;
  /** The schema column of each table column (null for the ID column and unknown headers). */
  defs: ReadonlyArray<ColumnDef | null>;
}

/** Column ids of a header row: the ID label, schema labels, and a placeholder for anything else. */
export function headerColumns(spec: SheetSpec, labels: readonly unknown[]): string[] {
  const byLabel = new Map<string, ColumnDef>(spec.columns.map((c) => [c.label, c]));
  return labels.map((l) => {
    const label = String(l).trim();
    return label === ID_LABEL ? ID_COLUMN : (byLabel.get(label)?.id ?? `?${label}`);
  });
}

/**
 * Loads the header, the table extent, the used range and the ID column in one sync (a second one
 * only when rows were typed below the table). Rows are found by id; columns by their header label.
 */
export async function readLayout(ctx: Excel.RequestContext, sync: Sync, spec: SheetSpec): Promise<OfficeLayout> {
  const table = ctx.workbook.tables.getItem(spec.table);
  const ws = table.worksheet;
  const header = table.getHeaderRowRange().load('values, rowIndex, columnIndex, columnCount');
  const body = table.getDataBodyRange().load('rowCount');
  const used = ws.getUsedRangeOrNullObject(true).load('rowIndex, rowCount');
  const idBody = table.columns.getItem(ID_LABEL).getDataBodyRange().load('values');
  table.load('showTotals');
  await sync();
  const first = header.rowIndex + 1;
  const columns = headerColumns(spec, header.values[0] ?? []);
  const idIndex = columns.indexOf(ID_COLUMN);
  let ids = idBody.values.map((r) => fromExcel(r[0]));
  const usedEnd = used.isNullObject ? first : used.rowIndex + used.rowCount;
  const defs = columns.map((c) => spec.columns.find((d) => d.id === c) ?? null);
  // Rows typed directly under the body join the table (they get ids); anything after the first empty
  // row is a note and no row (defect 16). A total row (Table.showTotals) is in the used range but is no
  // data row; nothing under it joins the table.
  let typed = 0;
  if (!table.showTotals && usedEnd - first > body.rowCount) {
    const probe = { ws, first, colStart: header.columnIndex, width: header.columnCount, defs } as unknown as OfficeLayout;
    typed = await rowsTypedBelow(probe, sync, body.rowCount, usedEnd - first - body.rowCount);
    if (typed > 0) {
      const below = ws.getRangeByIndexes(first + ids.length, header.columnIndex + idIndex, typed, 1).load('values');
      await sync();
      ids = ids.concat(below.values.map((r) => fromExcel(r[0])));
    }
  }
  const positions = new Map<string, number>();
  ids.forEach((id, i) => {
    if (typeof id === 'string' && !positions.has(id)) positions.set(id, i);
  });
  return {
    ws,
    table,
    first,
    colStart: header.columnIndex,
    width: header.columnCount,
    columns,
    positions,
    // Appends go under the rows typed under the body, else under the body's last used row (a new
    // table's empty first row is reused); never under notes further down (they are shifted down).
    rowCount: typed > 0 ? body.rowCount + typed : Math.max(0, Math.min(body.rowCount, usedEnd - first)),
    below: usedEnd - first > body.rowCount + typed,
    showTotals: table.showTotals,
    ids,
    idIndex,
    tableRows: body.rowCount,
    defs,
  };
}

/**
 * How many rows from data row `from` hold something in the table's columns before the first empty one
 * (at most `count`). Read in growing blocks, so a note far down costs a few small reads, not the gap.
 */
async function rowsTypedBelow(probe: OfficeLayout, sync: Sync, from: number, count: number): Promise<number> {
  let n = 0;
  let block = 16;
  while (n < count) {
    const rows = await readRowsBlock(probe, sync, from + n, Math.min(block, count - n));
    const gap = rows.findIndex((line) => line.every((v) => v === null));
    if (gap >= 0) return n + gap;
    n += rows.length;
    block *= 4;
  }
  return n;
}

const encoder = new TextEncoder();

/** Rows that fit the read budget at a given size per row. */
function rowsFor(bytesPerRow: number, width: number, budget: number): number {
  return Math.max(1, Math.min(Math.floor(budget / Math.max(1, bytesPerRow)), Math.floor(MAX_READ_CELLS / Math.max(1, width))));
}

/** Reads a block of rows across the table's columns, as many rows per sync as fit the read budget. */
export async function readRowsBlock(lay: OfficeLayout, sync: Sync, from: number, count: number, budget = READ_BUDGET_BYTES): Promise<HostValue[][]> {
  const out: HostValue[][] = [];
  let rows = rowsFor(lay.width * FIRST_GUESS_CELL_BYTES, lay.width, budget);
  // After a refusal, never ask for more rows than the half that was accepted.
  let ceiling = Infinity;
  let start = from;
  while (start < from + count) {
    const n = Math.min(rows, from + count - start);
    const range = lay.ws.getRangeByIndexes(lay.first + start, lay.colStart, n, lay.width).load('values');
    try {
      await sync();
    } catch (err) {
      if (!isPayloadError(err) || n === 1) throw err;
      ceiling = rows = Math.ceil(n / 2);
      continue;
    }
    // Cells in document units (a percent cell's fraction is read as 0–100).
    for (const row of range.values) out.push(row.map((v, i) => fromExcelCell(lay.defs[i] ?? null, v)));
    rows = Math.min(ceiling, rowsFor(encoder.encode(JSON.stringify(range.values)).length / n, lay.width, budget));
    start += n;
  }
  return out;
}

/** Whether a row holds anything typed: the ID column and computed columns (formulas) do not count. */
export function rowFilled(lay: Pick<OfficeLayout, 'idIndex' | 'defs'>, line: readonly HostValue[] | null | undefined): boolean {
  return !!line?.some((v, c) => c !== lay.idIndex && v !== null && !lay.defs[c]?.computed);
}

export interface Block {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Parses `C5`, `C5:F9`, `5:7` (whole rows), `C:E` (whole columns), with or without sheet name and `$`. */
export function parseA1(address: string): Block[] {
  const bang = address.lastIndexOf('!');
  const bare = (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, '').toUpperCase();
  const blocks: Block[] = [];
  for (const part of bare.split(',')) {
    const m = /^([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$/.exec(part.trim());
    if (!m || (!m[1] && !m[2])) continue;
    const [c1, r1] = [m[1] ?? '', m[2] ?? ''];
    const [c2, r2] = m[3] !== undefined || m[4] !== undefined ? [m[3] ?? '', m[4] ?? ''] : [c1, r1];
    const row = r1 ? Number(r1) - 1 : 0;
    const rowEnd = r2 ? Number(r2) - 1 : MAX_ROWS - 1;
    const col = c1 ? columnIndex(c1) : 0;
    const colEnd = c2 ? columnIndex(c2) : MAX_COLUMNS - 1;
    blocks.push({ row, col, rows: rowEnd - row + 1, cols: colEnd - col + 1 });
  }
  return blocks;
}
