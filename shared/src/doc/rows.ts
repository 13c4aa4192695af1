import * as Y from 'yjs';
import { customAlphabet, nanoid } from 'nanoid';
import type { CellValue, RowValues, SheetId } from '../schema/types';
import { getSheet } from '../schema';
import { ORDER_KEY, compareOrder, keyBetween } from './order';
import type { Origin } from './origins';

/** One row of a table sheet as read from the document. */
export interface SheetRow {
  id: string;
  order: string;
  values: RowValues;
}

export type RowMap = Y.Map<CellValue>;
export type TableMap = Y.Map<RowMap>;

/** A change to one sheet, as produced by the Excel binding, the grid, the importer or the CLI. */
export type RowChange =
  | { kind: 'add'; sheet: SheetId; id?: string; values: RowValues; after?: string | null }
  | { kind: 'update'; sheet: SheetId; id: string; values: RowValues }
  | { kind: 'delete'; sheet: SheetId; id: string }
  | { kind: 'move'; sheet: SheetId; id: string; after: string | null }
  | { kind: 'record'; sheet: SheetId; values: RowValues };

export function isCellValue(v: unknown): v is CellValue {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** The top-level map of a table sheet (top-level types never conflict between clients). */
export function tableMap(doc: Y.Doc, sheet: SheetId): TableMap {
  return doc.getMap(sheet) as TableMap;
}

/** The top-level map of a one-record sheet. */
export function recordMap(doc: Y.Doc, sheet: SheetId): Y.Map<CellValue> {
  return doc.getMap(sheet) as Y.Map<CellValue>;
}

const firstLetter = customAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 1);

/**
 * A new row id: 12 characters of nanoid's URL-safe alphabet, the first a letter (~71 random bits). An id
 * starting with a digit, `-` or `_` could be read by a spreadsheet as a number, a date or a formula, or
 * need an apostrophe to stay text (issue 8, defect 17); existing ids are not changed.
 */
export function newRowId(): string {
  return firstLetter() + nanoid(11);
}

/** Generic so any Y.Map is accepted (Y.Map is invariant in its value type): foreign clients write what they like. */
function readValues<T>(row: Y.Map<T>): RowValues {
  const values: RowValues = {};
  for (const [k, v] of row.entries()) {
    // Foreign clients may write nested types or non-primitive values: they are not cells.
    if (k !== ORDER_KEY && isCellValue(v)) values[k] = v;
  }
  return values;
}

/** The rows of a table sheet in their stable order (fractional key, then id). */
export function readSheet(doc: Y.Doc, sheet: SheetId): SheetRow[] {
  const rows: SheetRow[] = [];
  for (const [id, row] of tableMap(doc, sheet).entries()) {
    if (!(row instanceof Y.Map)) continue;
    const order = row.get(ORDER_KEY);
    rows.push({ id, order: typeof order === 'string' ? order : '', values: readValues(row) });
  }
  return rows.sort(compareOrder);
}

export function readRow(doc: Y.Doc, sheet: SheetId, id: string): SheetRow | null {
  const row = tableMap(doc, sheet).get(id);
  if (!(row instanceof Y.Map)) return null;
  const order = row.get(ORDER_KEY);
  return { id, order: typeof order === 'string' ? order : '', values: readValues(row) };
}

export function readRecord(doc: Y.Doc, sheet: SheetId): RowValues {
  return readValues(recordMap(doc, sheet));
}

function setCells(target: Y.Map<CellValue>, values: RowValues): void {
  for (const [k, v] of Object.entries(values)) {
    if (k === ORDER_KEY || !isCellValue(v)) continue;
    if (v === null || v === '') {
      if (target.has(k)) target.delete(k);
    } else if (target.get(k) !== v) {
      target.set(k, v);
    }
  }
}

/** The largest order key of a sheet: an O(n) scan, no sort. */
function lastOrderKey(table: TableMap): string | null {
  let max: string | null = null;
  for (const row of table.values()) {
    if (!(row instanceof Y.Map)) continue;
    const o = row.get(ORDER_KEY);
    if (typeof o === 'string' && (max === null || o > max)) max = o;
  }
  return max;
}

/** Per-batch memory of each sheet's last order key, so appending n rows costs O(n), not O(n²). */
type Tails = Map<SheetId, string | null>;

function orderKeyAfter(doc: Y.Doc, sheet: SheetId, after: string | null | undefined, tails: Tails): string {
  if (after === undefined) {
    const last = tails.has(sheet) ? tails.get(sheet)! : lastOrderKey(tableMap(doc, sheet));
    const key = keyBetween(last, null);
    tails.set(sheet, key);
    return key;
  }
  tails.delete(sheet);
  const rows = readSheet(doc, sheet);
  if (after === null) return keyBetween(null, rows[0]?.order ?? null);
  const i = rows.findIndex((r) => r.id === after);
  if (i < 0) return keyBetween(rows.at(-1)?.order ?? null, null);
  return keyBetween(rows[i]!.order, rows[i + 1]?.order ?? null);
}

function applyOne(doc: Y.Doc, c: RowChange, tails: Tails): string | null {
  const def = getSheet(c.sheet);
  if (c.kind === 'record') {
    if (def.kind !== 'record') throw new Error(`Il foglio ${c.sheet} non è una scheda a record singolo`);
    setCells(recordMap(doc, c.sheet), c.values);
    return null;
  }
  if (def.kind !== 'table') throw new Error(`Il foglio ${c.sheet} è una scheda a record singolo`);
  const table = tableMap(doc, c.sheet);
  switch (c.kind) {
    case 'add': {
      const id = c.id ?? newRowId();
      // Cells go in through the constructor: reading a Y.Map before it is attached makes Yjs warn.
      const cells: Array<[string, CellValue]> = [[ORDER_KEY, orderKeyAfter(doc, c.sheet, c.after, tails)]];
      for (const [k, v] of Object.entries(c.values)) {
        if (k !== ORDER_KEY && isCellValue(v) && v !== null && v !== '') cells.push([k, v]);
      }
      table.set(id, new Y.Map<CellValue>(cells));
      return id;
    }
    case 'update': {
      const row = table.get(c.id);
      // Updating a row deleted concurrently does not bring it back: delete wins.
      if (row instanceof Y.Map) setCells(row, c.values);
      return c.id;
    }
    case 'delete':
      if (table.has(c.id)) table.delete(c.id);
      return c.id;
    case 'move': {
      tails.delete(c.sheet);
      const row = table.get(c.id);
      if (!(row instanceof Y.Map)) return c.id;
      const others = readSheet(doc, c.sheet).filter((r) => r.id !== c.id);
      const i = c.after === null ? -1 : others.findIndex((r) => r.id === c.after);
      const before = i >= 0 ? others[i]!.order : null;
      const next = others[i + 1]?.order ?? null;
      row.set(ORDER_KEY, keyBetween(before, next));
      return c.id;
    }
  }
}

/**
 * Applies a batch of changes in one transaction with the given origin; returns the row ids touched
 * (new ids for added rows), in the order of the changes.
 */
export function applyChanges(doc: Y.Doc, changes: readonly RowChange[], origin: Origin): Array<string | null> {
  const ids: Array<string | null> = [];
  const tails: Tails = new Map();
  doc.transact(() => {
    for (const c of changes) ids.push(applyOne(doc, c, tails));
  }, origin);
  return ids;
}

export function addRow(doc: Y.Doc, sheet: SheetId, values: RowValues, origin: Origin, opts: { id?: string; after?: string | null } = {}): string {
  return applyChanges(doc, [{ kind: 'add', sheet, values, ...opts }], origin)[0]!;
}

export function updateRow(doc: Y.Doc, sheet: SheetId, id: string, values: RowValues, origin: Origin): void {
  applyChanges(doc, [{ kind: 'update', sheet, id, values }], origin);
}

export function deleteRow(doc: Y.Doc, sheet: SheetId, id: string, origin: Origin): void {
  applyChanges(doc, [{ kind: 'delete', sheet, id }], origin);
}

export function moveRow(doc: Y.Doc, sheet: SheetId, id: string, after: string | null, origin: Origin): void {
  applyChanges(doc, [{ kind: 'move', sheet, id, after }], origin);
}

export function setRecord(doc: Y.Doc, sheet: SheetId, values: RowValues, origin: Origin): void {
  applyChanges(doc, [{ kind: 'record', sheet, values }], origin);
}
