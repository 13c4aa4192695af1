import { ExcelModel, type ModelSheet, type ReplicaOp } from './excel-model';

/**
 * Two replicas of one workbook in real-time co-authoring (two people with the pane open on one OneDrive
 * workbook), following "Coauthoring in Excel add-ins" (learn.microsoft.com/office/dev/add-ins/excel/
 * co-authoring-in-excel-add-ins, OfficeDev/office-js-docs-pr docs/excel/co-authoring-in-excel-add-ins.md):
 * - each replica's changes reach the other a moment later; the add-in there hears them as `onChanged`
 *   with `source: 'Remote'` (Excel.EventSource, Excel.WorksheetChangedEventArgs.source);
 * - "When you change a workbook's content, Excel automatically synchronizes those changes across all
 *   coauthors"; "Coauthoring only synchronizes the content within the shared workbook" (same page).
 *   `Workbook.settings` are "key-value pair setting objects that are part of the workbook"
 *   (Excel.SettingCollection), so the model sends them like cells, with the same delay (eventually
 *   consistent). That settings travel is our reading of these two pages, to confirm by hand
 *   (docs/excel-checklist.md C4, step 1);
 * - two people writing one cell at the same time: the last writer wins (Excel's co-authoring merges by
 *   operation; the later change of a cell is what both see);
 * - rows inserted by both at the same moment are both kept.
 * Here the delay is explicit: changes travel only at `sync()`. Simplifications: positions of concurrent
 * changes are not transformed against each other's inserts (tests insert in one replica between syncs,
 * except the case of both inserting at one place); Ctrl+Z and sheet/table creation are not sent (the
 * second replica is a copy of the first taken after the first pane set the workbook up).
 */
export interface Coauthoring {
  a: ExcelModel;
  b: ExcelModel;
  /** Sends each replica's changes since the last sync to the other. */
  sync(): void;
  /** Cells each replica wrote itself (user or add-in), counted since the copy. */
  readonly written: { a: number; b: number };
}

export function coauthor(a: ExcelModel): Coauthoring {
  const b = copyWorkbook(a);
  const fromA: ReplicaOp[] = [];
  const fromB: ReplicaOp[] = [];
  const written = { a: 0, b: 0 };
  const cells = (op: ReplicaOp) => (op.kind === 'cells' ? op.values.reduce((n, l) => n + l.length, 0) : 0);
  a.reportChanges((op) => (fromA.push(op), (written.a += cells(op))));
  b.reportChanges((op) => (fromB.push(op), (written.b += cells(op))));
  const sync = () => {
    const opsA = fromA.splice(0);
    const opsB = fromB.splice(0);
    deliver(b, opsA, opsB);
    deliver(a, opsB, opsA);
  };
  return { a, b, sync, written };
}

/**
 * Applies `incoming` to a replica whose own concurrent changes are `own`: a cell both wrote keeps the later
 * value. An incoming insert or delete moves the cells this replica wrote (they are other rows then).
 */
function deliver(to: ExcelModel, incoming: ReplicaOp[], own: ReplicaOp[]): void {
  const cells: Array<{ sheet: string; r: number; c: number; stamp: number }> = [];
  const settings = new Map<string, number>();
  for (const op of own) {
    if (op.kind === 'cells') op.values.forEach((l, r) => l.forEach((_, c) => cells.push({ sheet: op.sheet, r: op.b.row + r, c: op.b.col + c, stamp: op.stamp })));
    if (op.kind === 'setting') settings.set(op.key, op.stamp);
  }
  const later = (sheet: string, r: number, c: number, stamp: number) => cells.some((x) => x.sheet === sheet && x.r === r && x.c === c && x.stamp > stamp);
  for (const op of incoming) {
    if (op.kind === 'setting' && (settings.get(op.key) ?? 0) > op.stamp) continue;
    to.applyCoauthorOp(op, (sheet, r, c) => !later(sheet, r, c, op.stamp));
    if (op.kind !== 'insert' && op.kind !== 'delete') continue;
    const { b } = op;
    for (const x of cells) {
      if (x.sheet !== op.sheet || x.c < b.col || x.c >= b.col + b.cols || x.r < b.row) continue;
      if (op.kind === 'insert') x.r += b.rows;
      else x.r = x.r < b.row + b.rows ? -1 : x.r - b.rows;
    }
  }
}

/** The second person's copy of the workbook as it is now (cells, formats, tables, settings; no handlers). */
function copyWorkbook(src: ExcelModel): ExcelModel {
  const dst = new ExcelModel(src.apiVersion);
  const sheets = new Map<ModelSheet, ModelSheet>();
  for (const s of src.sheets) {
    const copy: ModelSheet = {
      ...s, cells: new Map(s.cells), fills: new Map(s.fills), numberFormats: [...s.numberFormats], validations: new Map(s.validations),
      hiddenColumns: new Set(s.hiddenColumns), hiddenRows: new Set(s.hiddenRows), locks: [...s.locks],
      widths: s.widths && new Map(s.widths), conditionalFormats: s.conditionalFormats && [...s.conditionalFormats], changed: [], selection: [],
    };
    sheets.set(s, copy);
    dst.sheets.push(copy);
  }
  for (const t of src.tables) dst.tables.push({ ...t, sheet: sheets.get(t.sheet)! });
  for (const [k, v] of src.settings) dst.settings.set(k, v);
  return dst;
}
