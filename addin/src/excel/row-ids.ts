import type { HostValue } from './sheet-host';

/**
 * The ids a host has seen in its ID column. Users can type rows without an id, paste rows copied
 * from elsewhere (with a foreign or repeated id) or delete rows; this turns whatever the ID column
 * holds into one unique id per non-empty row and tells which ids are new and which are gone.
 */
export class RowIdRegistry {
  private readonly known = new Set<string>();

  constructor(private readonly newId: () => string) {}

  has(id: string): boolean {
    return this.known.has(id);
  }

  add(id: string): void {
    this.known.add(id);
  }

  delete(id: string): void {
    this.known.delete(id);
  }

  get size(): number {
    return this.known.size;
  }

  /**
   * Gives every non-empty row a unique id. `raw` is the ID column in host order, `filled` says which
   * rows have any content, `changed` which rows the current edit touched: on a repeated id the
   * untouched row keeps it and the touched copy becomes a new row. With `adopt` (the first read of a
   * workbook saved earlier) unknown ids are kept; otherwise they can only come from a paste and are
   * replaced. Empty rows get no id.
   */
  assign(
    raw: readonly HostValue[],
    filled: (position: number) => boolean,
    opts: { changed?: ReadonlySet<number>; adopt?: boolean } = {},
  ): { ids: Array<string | null>; created: Set<number> } {
    const ids: Array<string | null> = raw.map(() => null);
    const created = new Set<number>();
    const taken = new Set<string>();
    const order = raw.map((_, i) => i);
    if (opts.changed) order.sort((a, b) => Number(opts.changed!.has(a)) - Number(opts.changed!.has(b)) || a - b);
    for (const i of order) {
      const value = raw[i];
      const id = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
      if (id !== '' && !taken.has(id) && (opts.adopt || this.known.has(id))) {
        ids[i] = id;
        taken.add(id);
      } else if (filled(i)) {
        let fresh = this.newId();
        while (taken.has(fresh) || this.known.has(fresh)) fresh = this.newId();
        ids[i] = fresh;
        taken.add(fresh);
        created.add(i);
      }
    }
    for (const id of taken) this.known.add(id);
    return { ids, created };
  }

  /** Known ids missing from the host's current ID column; they are forgotten. */
  removedFrom(present: Iterable<string | null>): string[] {
    const seen = new Set<string>();
    for (const id of present) if (id) seen.add(id);
    const gone = [...this.known].filter((id) => !seen.has(id));
    for (const id of gone) this.known.delete(id);
    return gone;
  }
}
