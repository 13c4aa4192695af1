import type { HostValue } from './sheet-host';

/**
 * What the binding last knew a host sheet to hold, cell by cell ("shadow"), and its compact form kept
 * in the workbook ("snapshot") so that the next bind can tell what the user changed while the pane was
 * closed (three-way merge: host vs snapshot says who changed, document says what it should be).
 *
 * A cell holds a small set of acceptable values: while one of our writes is in flight the host may
 * show the old value or the new one, and neither is a user edit. Values are compared as the host
 * holds them (`''` and null are the same empty cell).
 */

const norm = (v: HostValue | undefined): HostValue => (v === undefined || v === '' ? null : v);

/** FNV-1a over the JSON of a value, base 36: short, stable across sessions, collisions ~1 in 4·10⁹. */
export function cellHash(v: HostValue | undefined): string {
  const text = JSON.stringify(norm(v));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export class Shadow {
  /** rowId → column → acceptable host values. */
  private readonly rows = new Map<string, Map<string, HostValue[]>>();
  /** rowId → column → acceptable hashes, from a snapshot stored in the workbook by an earlier session. */
  private stored: Map<string, Map<string, string[]>> | null = null;
  /** Rows changed since the last `takeTouched` (what the next save must write or remove). */
  private touched = new Set<string>();

  /** True when an earlier session left a snapshot (the three-way merge is possible). */
  get hasStored(): boolean {
    return this.stored !== null;
  }

  /** Something is known about the row: this session saw it, or the stored snapshot has it. */
  hasRow(rowId: string): boolean {
    return this.rows.has(rowId) || (this.stored?.has(rowId) ?? false);
  }

  /** The value is known for this cell (we wrote it, or read it): not a user edit. */
  accepts(rowId: string, column: string, value: HostValue | undefined): boolean {
    const live = this.rows.get(rowId)?.get(column);
    if (live) return live.some((v) => norm(v) === norm(value));
    const stored = this.stored?.get(rowId)?.get(column);
    if (stored) return stored.includes(cellHash(value));
    return false;
  }

  /** The host surely holds exactly this value (one acceptable value, known this session). */
  holds(rowId: string, column: string, value: HostValue | undefined): boolean {
    const live = this.rows.get(rowId)?.get(column);
    return !!live && live.length === 1 && live[0] === norm(value);
  }

  /** Whether anything (live or stored) is known about this cell. */
  knows(rowId: string, column: string): boolean {
    return !!this.rows.get(rowId)?.has(column) || !!this.stored?.get(rowId)?.has(column);
  }

  /** The host now holds exactly this value. */
  set(rowId: string, column: string, value: HostValue | undefined): void {
    this.row(rowId).set(column, [norm(value)]);
    this.touched.add(rowId);
  }

  /** A write of `value` is in flight: both the current value(s) and `value` are acceptable. */
  expect(rowId: string, column: string, value: HostValue | undefined): void {
    const row = this.row(rowId);
    const now = row.get(column) ?? [];
    if (!now.some((v) => v === norm(value))) row.set(column, [...now, norm(value)].slice(-4));
    this.touched.add(rowId);
  }

  /** The write landed: only its value is acceptable now. */
  settle(rowId: string, column: string, value: HostValue | undefined): void {
    if (this.rows.has(rowId)) this.set(rowId, column, value);
  }

  delete(rowId: string): void {
    this.rows.delete(rowId);
    this.stored?.delete(rowId);
    this.touched.add(rowId);
  }

  /** Forgets the stored snapshot (the live shadow replaces it); its rows not seen live are to be removed. */
  dropStored(): void {
    for (const id of this.stored?.keys() ?? []) if (!this.rows.has(id)) this.touched.add(id);
    this.stored = null;
  }

  /**
   * The rows to save since the last call: per row the hashes of each column's acceptable values
   * (`|` between values, `,` between columns, in `columns` order), or null for a row that is gone.
   */
  takeTouched(columns: readonly string[]): Map<string, string | null> {
    const out = new Map<string, string | null>();
    for (const id of this.touched) {
      const row = this.rows.get(id);
      out.set(id, row ? columns.map((c) => [...new Set((row.get(c) ?? []).map(cellHash))].join('|')).join(',') : null);
    }
    this.touched = new Set();
    return out;
  }

  /** Puts rows back to be saved again (the save failed). */
  retouch(ids: Iterable<string>): void {
    for (const id of ids) this.touched.add(id);
  }

  /** Loads a snapshot saved by `takeTouched`: column order, then one text per row. */
  loadRows(columns: readonly string[], rows: ReadonlyMap<string, string>): void {
    const stored = new Map<string, Map<string, string[]>>();
    for (const [id, text] of rows) {
      const cells = text.split(',');
      const row = new Map<string, string[]>();
      columns.forEach((c, i) => {
        const cell = cells[i];
        if (cell) row.set(c, cell.split('|'));
      });
      stored.set(id, row);
    }
    this.stored = stored;
  }

  private row(rowId: string): Map<string, HostValue[]> {
    let row = this.rows.get(rowId);
    if (!row) {
      row = new Map();
      this.rows.set(rowId, row);
    }
    return row;
  }
}
