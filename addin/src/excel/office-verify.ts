import type { OfficeLayout, Sync } from './office-layout';
import { fromExcel } from './office-values';

/**
 * Writes by position that check, in the same request, that the positions still hold the rows they
 * were read for (issue 8, defect 9). Positions are read in one `sync` and written in a later one; the
 * user may sort, insert or delete rows in between (Excel runs the user's actions between the requests
 * of a batch). Each request therefore also loads the ID column after its writes and compares it with
 * what the writes should have left; before every write it loads what the cells held. When the ID
 * column is not as expected, the request's writes went to the wrong rows: the cells get back what
 * they held (deleted rows are inserted again), and `StaleLayoutError` tells the caller to read again.
 */

export class StaleLayoutError extends Error {
  readonly code = 'PiaoStaleLayout';
  constructor() {
    super('Le righe del foglio sono cambiate durante la scrittura: nuova lettura e nuovo tentativo.');
  }
}

interface Undo {
  kind: 'cells' | 'delete' | 'insert';
  row: number;
  col: number;
  rows: number;
  cols: number;
  formula: boolean;
  pre: Excel.Range;
}

const idText = (v: unknown): string => {
  const x = fromExcel(v);
  return x === null ? '' : String(x).trim();
};

export class VerifiedWrites {
  /** The ID column (data rows, from `lay.first`) as our queued writes leave it. */
  private expected: string[];
  /** The ID column as of the last request Excel took: a refused request's writes never happened. */
  private committed: string[];
  private pending: Undo[] = [];

  constructor(
    private readonly lay: OfficeLayout,
    private readonly realSync: Sync,
  ) {
    this.expected = lay.ids.map(idText);
    this.committed = [...this.expected];
  }

  /** Writes a block at data row `row`, table column `col` (values as `range.values` takes them). */
  cells(row: number, col: number, values: Array<Array<string | number | boolean>>, formula = false): void {
    const { lay } = this;
    const rows = values.length;
    const cols = values[0]?.length ?? 0;
    if (rows === 0 || cols === 0) return;
    const at = () => lay.ws.getRangeByIndexes(lay.first + row, lay.colStart + col, rows, cols);
    this.pending.push({ kind: 'cells', row, col, rows, cols, formula, pre: at().load(formula ? 'formulasR1C1' : 'values') });
    if (formula) at().formulasR1C1 = values as string[][];
    else at().values = values;
    const idCol = lay.idIndex - col;
    if (idCol >= 0 && idCol < cols) {
      values.forEach((line, r) => {
        while (this.expected.length <= row + r) this.expected.push('');
        this.expected[row + r] = idText(typeof line[idCol] === 'string' ? String(line[idCol]).replace(/^'/, '') : line[idCol]);
      });
    }
  }

  /** Deletes `count` data rows across the table (cells below move up). */
  delete(row: number, count: number): void {
    const { lay } = this;
    const at = () => lay.ws.getRangeByIndexes(lay.first + row, lay.colStart, count, lay.width);
    this.pending.push({ kind: 'delete', row, col: 0, rows: count, cols: lay.width, formula: false, pre: at().load('values') });
    at().delete('Up');
    this.expected.splice(row, count);
  }

  /** Inserts `count` empty rows across the table at data row `row` (cells below move down). */
  insert(row: number, count: number): void {
    const { lay } = this;
    const at = () => lay.ws.getRangeByIndexes(lay.first + row, lay.colStart, count, lay.width);
    this.pending.push({ kind: 'insert', row, col: 0, rows: count, cols: lay.width, formula: false, pre: at() });
    at().insert('Down');
    while (this.expected.length < row) this.expected.push('');
    this.expected.splice(row, 0, ...Array.from({ length: count }, () => ''));
  }

  /** Sends the queued writes with the check; to be given to `sendChunked` (or called) instead of `sync`. */
  readonly sync: Sync = async () => {
    const { lay } = this;
    const length = Math.max(1, this.expected.length);
    const ids = lay.ws.getRangeByIndexes(lay.first, lay.colStart + lay.idIndex, length, 1).load('values');
    try {
      await this.realSync();
    } catch (err) {
      // Refused as a whole (e.g. too large: sendChunked queues the same writes again in halves).
      this.pending = [];
      this.expected = [...this.committed];
      throw err;
    }
    const sent = this.pending;
    this.pending = [];
    this.committed = [...this.expected];
    const found = ids.values.map((r) => idText(r[0]));
    const same = this.expected.every((id, i) => id === '' || id === found[i]) && found.every((id, i) => id === '' || id === this.expected[i]);
    if (same) return;
    // Put back what was there, latest first, then let the caller read the sheet again.
    for (const u of [...sent].reverse()) {
      const range = lay.ws.getRangeByIndexes(lay.first + u.row, lay.colStart + u.col, u.rows, u.cols);
      if (u.kind === 'insert') {
        range.delete('Up');
        continue;
      }
      if (u.kind === 'delete') range.insert('Down');
      const back = lay.ws.getRangeByIndexes(lay.first + u.row, lay.colStart + u.col, u.rows, u.cols);
      if (u.formula) back.formulasR1C1 = u.pre.formulasR1C1;
      else back.values = u.pre.values as Array<Array<string | number | boolean>>;
    }
    await this.realSync();
    throw new StaleLayoutError();
  };
}

