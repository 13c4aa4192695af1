import type * as Y from 'yjs';
import { SHEETS, getSheet } from '../schema';
import type { SheetId } from '../schema/types';
import { readSheet, type SheetRow } from './rows';

/** Rows of one sheet that point at a row through one reference column (e.g. indicators at an objective). */
export interface Dependents {
  sheet: SheetId;
  column: string;
  rows: SheetRow[];
}

/**
 * Rows that reference the row `values` of `sheet` through the schema's `ref` columns, looked up in the
 * documents given (the same room for sector sheets; every open room for the plan's catalogue). Deleting
 * the row would leave them pointing at nothing, so the pane says so before it happens.
 */
export function dependentsOf(sheet: SheetId, values: Readonly<Record<string, unknown>>, docs: readonly Y.Doc[]): Dependents[] {
  const out: Dependents[] = [];
  for (const def of SHEETS) {
    if (def.kind !== 'table') continue;
    for (const col of def.columns) {
      if (!col.ref || col.ref.sheet !== sheet) continue;
      const key = values[col.ref.column];
      if (typeof key !== 'string' || key.trim() === '') continue;
      const rows = docs.flatMap((doc) => readSheet(doc, def.id).filter((r) => r.values[col.id] === key));
      if (rows.length > 0) out.push({ sheet: def.id, column: col.id, rows });
    }
  }
  return out;
}

/** The referencing sheets of a sheet, e.g. `obiettivi` → indicators; empty when nothing can point at it. */
export function referencedBy(sheet: SheetId): SheetId[] {
  return SHEETS.filter((d) => d.columns.some((c) => c.ref?.sheet === sheet)).map((d) => d.id);
}

export const isReferenced = (sheet: SheetId): boolean => getSheet(sheet).kind === 'table' && referencedBy(sheet).length > 0;
