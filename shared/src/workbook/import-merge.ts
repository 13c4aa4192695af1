import type { CellValue, RowValues } from '../schema/types';

/**
 * The three-way merge of an imported row: base (what the file was made from), theirs (the document
 * now) and yours (the file). Only cells the file changed relative to its base are written; a cell
 * that someone else also changed since the base, to a different value, is a conflict: kept as theirs
 * unless the importer chose to overwrite it. Without a base (templates made before bases existed)
 * every cell that differs from the document is written: the old semantics, flagged with a warning.
 */

/** Empty and missing cells are the same cell (the document deletes a key set to '' or null). */
export function norm(v: CellValue | undefined): CellValue {
  return v === undefined || v === '' ? null : v;
}

export const sameCell = (a: CellValue | undefined, b: CellValue | undefined): boolean => norm(a) === norm(b);

/** What to do with one cell. */
export type CellDecision = 'keep' | 'write' | 'conflict';

export function decideCell(base: CellValue | undefined, theirs: CellValue | undefined, yours: CellValue | undefined): CellDecision {
  if (sameCell(yours, base)) return 'keep'; // the file did not touch it: whatever the document holds stays
  if (sameCell(theirs, yours)) return 'keep'; // both sides made the same change
  if (sameCell(theirs, base)) return 'write'; // only the file changed it
  return 'conflict';
}

export interface CellConflict {
  column: string;
  theirs: CellValue;
  yours: CellValue;
}

export interface RowMerge {
  /** The cells to write (the file's values). */
  write: RowValues;
  /** Cells changed on both sides to different values, not written unless forced. */
  conflicts: CellConflict[];
}

/**
 * Merges one row. `yours` holds only the columns the file has; `base` is undefined without a base
 * (two-way: write every cell that differs). `force(column)` says the importer chose to overwrite that
 * conflict: it is then written AND still reported, so the answer says what was overwritten.
 */
export function mergeRow(base: RowValues | undefined, theirs: RowValues, yours: RowValues, force: (column: string, theirs: CellValue) => boolean): RowMerge {
  const write: RowValues = {};
  const conflicts: CellConflict[] = [];
  for (const [column, mine] of Object.entries(yours)) {
    const current = theirs[column];
    const d = base === undefined ? (sameCell(current, mine) ? 'keep' : 'write') : decideCell(base[column], current, mine);
    if (d === 'write') write[column] = norm(mine);
    else if (d === 'conflict') {
      conflicts.push({ column, theirs: norm(current), yours: norm(mine) });
      if (force(column, norm(current))) write[column] = norm(mine);
    }
  }
  return { write, conflicts };
}

/** A row the file changed but someone else deleted since the base. */
export function rowChangedSinceBase(base: RowValues, yours: RowValues): boolean {
  return Object.entries(yours).some(([column, v]) => !sameCell(base[column], v));
}

/**
 * The key the importer sends back to overwrite one conflict. It includes a hash of the value the
 * importer saw as theirs: if someone changes the cell again before the second request, the key no
 * longer matches and the new value is reported instead of being overwritten unseen.
 */
export function conflictKey(sheet: string, rowId: string, column: string | null, theirs: CellValue): string {
  return `${sheet}:${rowId}:${column ?? '*'}:${fnv1a(JSON.stringify(norm(theirs)))}`;
}

/** FNV-1a, 32 bits, hex: a short fingerprint, not a security measure (the request is authenticated). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
