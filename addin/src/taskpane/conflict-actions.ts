import type * as Y from 'yjs';
import type { Conflict } from '@piao/shared/doc/conflicts';
import { applyChanges, readRow } from '@piao/shared/doc/rows';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { CellValue, RowValues } from '@piao/shared/schema/types';
import { commitValue, fieldChange } from './form-model';
import type { HistoryLine } from './history-model';

export type ActionResult = { ok: true } | { ok: false; error: string };

/** The user's value of a conflict as a cell value: a draft is coerced like the form does when typing. */
function mineAsValue(c: Extract<Conflict, { kind: 'typing' | 'overwritten' }>): { ok: true; value: CellValue } | { ok: false; error: string } {
  if (c.kind === 'overwritten') return { ok: true, value: c.mine };
  const col = isSheetId(c.sheet) ? getSheet(c.sheet).columns.find((x) => x.id === c.column) : undefined;
  if (!col) return { ok: false, error: `colonna sconosciuta: ${c.column}` };
  const r = commitValue(col, c.mine);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/**
 * "Ripristina il mio": writes the user's value back as a normal edit of theirs (so the other person is
 * told in turn, and it can be undone). A row deleted meanwhile cannot take it: that is said, not hidden.
 */
export function restoreMine(doc: Y.Doc, c: Conflict): ActionResult {
  if (c.kind === 'row-deleted') return recreateRow(doc, c);
  if (!isSheetId(c.sheet)) return { ok: false, error: `scheda sconosciuta: ${c.sheet}` };
  const def = getSheet(c.sheet);
  if (c.rowId !== null && !readRow(doc, c.sheet, c.rowId)) return { ok: false, error: 'la riga è stata eliminata' };
  const v = mineAsValue(c);
  if (!v.ok) return v;
  applyChanges(doc, [fieldChange(def, c.rowId, c.column, v.value)], 'form');
  return { ok: true };
}

/** "Ricrea la riga": the deleted row comes back under its id, with its last values and the drafts typed. */
export function recreateRow(doc: Y.Doc, c: Extract<Conflict, { kind: 'row-deleted' }>): ActionResult {
  if (!isSheetId(c.sheet)) return { ok: false, error: `scheda sconosciuta: ${c.sheet}` };
  const def = getSheet(c.sheet);
  const values: RowValues = { ...c.values };
  for (const [column, text] of Object.entries(c.drafts)) {
    const col = def.columns.find((x) => x.id === column);
    const r = col ? commitValue(col, text) : null;
    if (r?.ok) values[column] = r.value;
  }
  if (readRow(doc, c.sheet, c.rowId)) applyChanges(doc, [{ kind: 'update', sheet: c.sheet, id: c.rowId, values }], 'form');
  else applyChanges(doc, [{ kind: 'add', sheet: c.sheet, id: c.rowId, values }], 'form');
  return { ok: true };
}

/** "Ripristina" on a history line: the previous value back as a normal edit, or a deleted row re-created. */
export function restoreLine(doc: Y.Doc, line: HistoryLine): ActionResult {
  if (!isSheetId(line.sheet)) return { ok: false, error: `scheda sconosciuta: ${line.sheet}` };
  const def = getSheet(line.sheet);
  if (line.kind === 'deleted') {
    if (readRow(doc, line.sheet, line.rowId)) return { ok: false, error: 'la riga esiste già' };
    applyChanges(doc, [{ kind: 'add', sheet: line.sheet, id: line.rowId, values: line.previousRow }], 'form');
    return { ok: true };
  }
  if (line.rowId !== null && !readRow(doc, line.sheet, line.rowId)) return { ok: false, error: 'la riga è stata eliminata' };
  applyChanges(doc, [fieldChange(def, line.rowId, line.column, line.previous)], 'form');
  return { ok: true };
}
