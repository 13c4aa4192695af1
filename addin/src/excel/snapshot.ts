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

  /** Whether anything (live or stored) is known about this cell. */
  knows(rowId: string, column: string): boolean {
    return !!this.rows.get(rowId)?.has(column) || !!this.stored?.get(rowId)?.has(column);
  }

  /** The host now holds exactly this value. */
  set(rowId: string, column: string, value: HostValue | undefined): void {
    this.row(rowId).set(column, [norm(value)]);
  }

  /** A write of `value` is in flight: both the current value(s) and `value` are acceptable. */
  expect(rowId: string, column: string, value: HostValue | undefined): void {
    const row = this.row(rowId);
    const now = row.get(column) ?? [];
    if (!now.some((v) => v === norm(value))) row.set(column, [...now, norm(value)].slice(-4));
  }

  /** The write landed: only its value is acceptable now. */
  settle(rowId: string, column: string, value: HostValue | undefined): void {
    if (this.rows.has(rowId)) this.set(rowId, column, value);
  }

  delete(rowId: string): void {
    this.rows.delete(rowId);
    this.stored?.delete(rowId);
  }

  /** Forgets the stored snapshot of the rows seen at bind (the live shadow replaces it). */
  dropStored(): void {
    this.stored = null;
  }

  /** Compact JSON for the workbook: column order, then per row the hashes of each column's acceptable values. */
  serialize(columns: readonly string[]): string {
    const rows: Record<string, string[]> = {};
    const ids = new Set([...this.rows.keys(), ...(this.stored?.keys() ?? [])]);
    for (const id of ids) {
      rows[id] = columns.map((c) => {
        const live = this.rows.get(id)?.get(c);
        const hashes = live ? live.map(cellHash) : (this.stored?.get(id)?.get(c) ?? []);
        return [...new Set(hashes)].join('|');
      });
    }
    return JSON.stringify({ v: 1, cols: columns, rows });
  }

  /** Loads a snapshot written by `serialize`; anything unreadable counts as no snapshot. */
  load(text: string | null): void {
    this.stored = null;
    if (!text) return;
    try {
      const data = JSON.parse(text) as { v?: number; cols?: unknown; rows?: unknown };
      if (data.v !== 1 || !Array.isArray(data.cols) || typeof data.rows !== 'object' || data.rows === null) return;
      const cols = data.cols.map(String);
      const stored = new Map<string, Map<string, string[]>>();
      for (const [id, list] of Object.entries(data.rows as Record<string, unknown>)) {
        if (!Array.isArray(list)) continue;
        const row = new Map<string, string[]>();
        cols.forEach((c, i) => {
          const cell = list[i];
          if (typeof cell === 'string' && cell !== '') row.set(c, cell.split('|'));
        });
        stored.set(id, row);
      }
      this.stored = stored;
    } catch {
      this.stored = null;
    }
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
