import { SHEETS } from '@piao/shared/schema/index';
import type { SheetId } from '@piao/shared/schema/index';
import { ID_COLUMN, type InvalidMark, type SheetSpec } from './sheet-host';
import { MAX_ROWS, type OfficeLayout, type Sync } from './office-layout';
import { columnLetter } from './office-values';
import { sendChunked } from './office-write';
import { MAX_PAYLOAD_BYTES, payloadBytes, type WriteOp } from './write-plan';

/**
 * Invalid-cell marks without touching the user's formatting (issue 8, defect 16). The marked cells are
 * listed, as `<row id>|<column label>` (or `<row id>|#riga` for a whole row), in a veryHidden sheet; two
 * conditional formats on each bound table (one per severity) colour the cells whose key is in the list
 * (`ConditionalFormatCollection.add`, custom rule, ExcelApi 1.6; a conditional format shows over the
 * cell's own fill and leaves it as it was when it no longer applies). So:
 * - a user's own fill is never cleared or overwritten, and nothing we set has to be "remembered";
 * - marks follow the row id, not the position: sorting or filtering keeps them on the right row;
 * - marks survive closing the pane and are replaced, not left behind, at the next session;
 * - changing marks is one block write per severity, in requests under the payload limit, and needs no
 *   unprotect on read-only sheets (the list sheet is not protected).
 * MATCH with match type 0 treats `*`, `?` and `~` as wildcards: ids never contain them and no schema
 * label does (checked by office-marks.test.ts).
 */

export const MARKS_SHEET = 'PIAO_segni';
export const MARK_COLORS = { error: '#FFC7CE', warning: '#FFEB9C' } as const;
/** The column part of a whole-row mark's key. */
export const ROW_MARK = '#riga';
const SEVERITIES = ['error', 'warning'] as const;

/** The list-sheet column (0-based) of a sheet's marks of one severity: fixed, the same in every workbook. */
export function markColumn(sheet: SheetId, severity: InvalidMark['severity']): number {
  const slot = SHEETS.findIndex((s) => s.id === sheet);
  return 2 * Math.max(0, slot) + (severity === 'error' ? 0 : 1);
}

/** The key of a mark: the row id and the header label of its column. */
export function markKey(spec: SheetSpec, mark: Pick<InvalidMark, 'rowId' | 'column'>): string | null {
  if (mark.column === null) return `${mark.rowId}|${ROW_MARK}`;
  const label = spec.columns.find((c) => c.id === mark.column)?.label;
  return label ? `${mark.rowId}|${label}` : null;
}

/**
 * The conditional-format formula of one severity, relative to the first body cell: the row's id (the
 * ID column, absolute) and the column's header label (the header row, absolute) make the key.
 */
export function markFormula(sheet: SheetId, severity: InvalidMark['severity'], at: { headerRow: number; idCol: number; col: number }): string {
  const list = columnLetter(markColumn(sheet, severity));
  const source = `${MARKS_SHEET}!$${list}:$${list}`;
  const id = `$${columnLetter(at.idCol)}${at.headerRow + 2}`;
  const header = `${columnLetter(at.col)}$${at.headerRow + 1}`;
  return `=OR(ISNUMBER(MATCH(${id}&"|"&${header},${source},0)),ISNUMBER(MATCH(${id}&"|${ROW_MARK}",${source},0)))`;
}

/**
 * Creates the veryHidden list sheet if missing and adds the two conditional formats over the table
 * body. Called by `setupSheet` when the table is created or its columns change; the sheet is created
 * before the formats whose formulas name it.
 */
export function setupMarks(wb: Excel.Workbook, marksSheet: Excel.Worksheet, ws: Excel.Worksheet, sheet: SheetId, at: { headerRow: number; colStart: number; width: number; idCol: number }): void {
  if (marksSheet.isNullObject) wb.worksheets.add(MARKS_SHEET).visibility = 'VeryHidden';
  const body = ws.getRangeByIndexes(at.headerRow + 1, at.colStart, MAX_ROWS - at.headerRow - 1, at.width);
  for (const severity of SEVERITIES) {
    const cf = body.conditionalFormats.add('Custom');
    cf.custom.rule.formula = markFormula(sheet, severity, { headerRow: at.headerRow, idCol: at.idCol, col: at.colStart });
    cf.custom.format.fill.color = MARK_COLORS[severity];
  }
}

/**
 * Keys listed per list column by this page, so the next call clears only what it no longer lists; unknown
 * (a new session, another workbook state) means "clear the whole column once".
 */
const listed = new Map<number, number>();

/** Replaces the marks of a sheet: the keys of each severity from the top of its column, the rest cleared. */
export async function writeMarks(ctx: Excel.RequestContext, sync: Sync, spec: SheetSpec, lay: Pick<OfficeLayout, 'positions' | 'columns'>, marks: readonly InvalidMark[], limit = MAX_PAYLOAD_BYTES): Promise<void> {
  const list = ctx.workbook.worksheets.getItem(MARKS_SHEET);
  const ops: Array<WriteOp & { severity: InvalidMark['severity'] }> = [];
  const counts = { error: 0, warning: 0 };
  for (const severity of SEVERITIES) {
    const keys = new Set<string>();
    for (const m of marks) {
      if (m.severity !== severity || !lay.positions.has(m.rowId)) continue;
      if (m.column !== null && (!lay.columns.includes(m.column) || m.column === ID_COLUMN)) continue;
      const key = markKey(spec, m);
      if (key) keys.add(key);
    }
    const values = [...keys].map((k) => [k]);
    counts[severity] = values.length;
    if (values.length > 0) ops.push({ kind: 'cells', row: 0, col: markColumn(spec.sheet, severity), values, bytes: payloadBytes(values), severity });
  }
  await sendChunked(sync, {
    ops,
    limit,
    queue: (op) => {
      if (op.kind !== 'cells') return;
      list.getRangeByIndexes(op.row, op.col, op.values.length, 1).values = op.values as string[][];
    },
    beforeLastSync: () => clearBelow(list, spec.sheet, counts),
  });
  if (ops.length === 0 && clearBelow(list, spec.sheet, counts)) await sync();
  // Only once Excel has taken the request: after a failure the next call clears the whole column again.
  for (const severity of SEVERITIES) listed.set(markColumn(spec.sheet, severity), counts[severity]);
}

/** Clears what a list column held below its new keys (all of it when this page does not know); true if queued. */
function clearBelow(list: Excel.Worksheet, sheet: SheetId, counts: Record<InvalidMark['severity'], number>): boolean {
  let queued = false;
  for (const severity of SEVERITIES) {
    const col = markColumn(sheet, severity);
    const n = counts[severity];
    const before = listed.get(col) ?? MAX_ROWS;
    listed.delete(col);
    if (before > n) {
      list.getRangeByIndexes(n, col, before - n, 1).clear('Contents');
      queued = true;
    }
  }
  return queued;
}
