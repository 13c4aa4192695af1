import * as Y from 'yjs';
import { SHEETS } from '../schema';
import type { CellValue, RowValues } from '../schema/types';
import { ORDER_KEY } from './order';
import { isCellValue } from './rows';

/**
 * Tells the loser of a conflict, from the document alone (design.md §3: the same cell resolves
 * last-writer-wins, a deleted row wins over a concurrent edit). Three losses are detected on remote
 * transactions:
 * - `overwritten`: a remote value replaced a value this user wrote, and its author had not seen it
 *   (the new map item's `origin` is not this user's item: Yjs records in `origin` the item the author
 *   replaced; INTERNALS.md "Map"). This is "same cell at the same moment" and "an old offline edit
 *   winning over a newer one on reconnect"; a later, informed overwrite is ordinary teamwork and silent.
 * - `typing`: a remote value arrived in a cell the user is typing in (a draft).
 * - `row-deleted`: a remote transaction deleted a row the user is typing in or wrote recently; its last
 *   values and the drafts are handed over so the row can be re-created.
 */

export interface CellRef {
  sheet: string;
  /** Null for one-record sheets. */
  rowId: string | null;
  column: string;
}

export type Conflict =
  | (CellRef & { kind: 'overwritten'; mine: CellValue; theirs: CellValue; authors: number[] })
  | (CellRef & { kind: 'typing'; mine: string; theirs: CellValue; authors: number[] })
  | { kind: 'row-deleted'; sheet: string; rowId: string; values: RowValues; drafts: Record<string, string>; authors: number[] };

export interface ConflictWatcher {
  /** The user is typing `text` in a cell (null: the field was committed or abandoned). */
  setDraft(ref: CellRef, text: string | null): void;
  destroy(): void;
}

export interface WatchOptions {
  /** True for this user's own transactions (form, grid, Excel, their undo). */
  isLocal: (origin: unknown) => boolean;
  onConflict: (c: Conflict) => void;
  now?: () => number;
  /** A row deleted remotely is reported when the user wrote in it within this window. */
  recentMs?: number;
  /** Own writes remembered (oldest forgotten first): enough for a long offline session. */
  maxRemembered?: number;
}

export const cellKey = (r: CellRef) => `${r.sheet}\u0000${r.rowId ?? ''}\u0000${r.column}`;
const rowKey = (sheet: string, rowId: string | null) => `${sheet}\u0000${rowId ?? ''}`;

interface Own {
  ref: CellRef;
  id: Y.ID;
  value: CellValue;
  at: number;
}

/** Clients whose state advanced in the transaction, other than this document's: the authors. */
export function authorsOf(tx: Y.Transaction): number[] {
  const out: number[] = [];
  for (const [client, clock] of tx.afterState) {
    if (client !== tx.doc.clientID && clock > (tx.beforeState.get(client) ?? 0)) out.push(client);
  }
  return out;
}

/** The current item of a map key. `_map` is Yjs' own (typed, public in its declarations) key → item index. */
function itemOf(map: Y.Map<unknown>, key: string): Y.Item | undefined {
  return map._map.get(key);
}

export function watchConflicts(doc: Y.Doc, opts: WatchOptions): ConflictWatcher {
  const now = opts.now ?? Date.now;
  const recentMs = opts.recentMs ?? 5 * 60_000;
  const maxRemembered = opts.maxRemembered ?? 2000;
  const own = new Map<string, Own>();
  const drafts = new Map<string, { ref: CellRef; text: string }>();
  /** Row → when the user last wrote in it (oldest forgotten first), for rows deleted remotely. */
  const touched = new Map<string, number>();

  const interesting = (rk: string): boolean => {
    const prefix = rk + '\u0000';
    for (const k of drafts.keys()) if (k.startsWith(prefix)) return true;
    return (touched.get(rk) ?? -Infinity) >= now() - recentMs;
  };
  const remember = (ref: CellRef, map: Y.Map<unknown>) => {
    const item = itemOf(map, ref.column);
    const value = map.get(ref.column);
    const k = cellKey(ref);
    own.delete(k);
    // Only a value written is remembered: a cleared cell leaves no item of this user to be replaced.
    if (!item || item.deleted || !isCellValue(value)) return;
    own.set(k, { ref, id: item.id, value, at: now() });
    if (own.size > maxRemembered) own.delete(own.keys().next().value!);
    if (ref.rowId !== null) {
      const rk = rowKey(ref.sheet, ref.rowId);
      touched.delete(rk);
      touched.set(rk, now());
      if (touched.size > maxRemembered) touched.delete(touched.keys().next().value!);
    }
  };

  const onCell = (tx: Y.Transaction, local: boolean, map: Y.Map<unknown>, ref: CellRef, action: 'add' | 'update' | 'delete') => {
    if (ref.column === ORDER_KEY) return;
    if (local) {
      remember(ref, map);
      return;
    }
    const k = cellKey(ref);
    const raw = action === 'delete' ? null : map.get(ref.column);
    const theirs: CellValue = isCellValue(raw) ? raw : null;
    const draft = drafts.get(k);
    const mine = own.get(k);
    own.delete(k);
    if (draft && draft.text !== (theirs === null ? '' : String(theirs))) {
      opts.onConflict({ kind: 'typing', ...ref, mine: draft.text, theirs, authors: authorsOf(tx) });
      return;
    }
    // A remote deletion removes the very item its author saw: never a blind overwrite.
    if (!mine || action === 'delete') return;
    const origin = itemOf(map, ref.column)?.origin ?? null;
    const informed = origin !== null && Y.compareIDs(origin, mine.id);
    if (!informed && theirs !== mine.value) opts.onConflict({ kind: 'overwritten', ...ref, mine: mine.value, theirs, authors: authorsOf(tx) });
  };

  const observers: Array<() => void> = [];
  for (const def of SHEETS) {
    const map = doc.getMap<unknown>(def.id);
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tx: Y.Transaction) => {
      const local = opts.isLocal(tx.origin);
      for (const event of events) {
        if (event.target === map) {
          for (const [key, change] of event.changes.keys) {
            if (def.kind === 'record') onCell(tx, local, map, { sheet: def.id, rowId: null, column: key }, change.action);
            else if (change.action === 'delete' && !local) rowDeleted(tx, def.id, key, change.oldValue);
          }
        } else if (def.kind === 'table' && event.path.length === 1 && event.target instanceof Y.Map) {
          const rowId = String(event.path[0]);
          for (const [column, change] of event.changes.keys) onCell(tx, local, event.target as Y.Map<unknown>, { sheet: def.id, rowId, column }, change.action);
        }
      }
    };
    map.observeDeep(observer);
    observers.push(() => map.unobserveDeep(observer));
  }

  function rowDeleted(tx: Y.Transaction, sheet: string, rowId: string, oldRow: unknown) {
    const rk = rowKey(sheet, rowId);
    const prefix = rk + '\u0000';
    const hit = interesting(rk);
    const rowDrafts: Record<string, string> = {};
    for (const [k, d] of drafts) {
      if (!k.startsWith(prefix)) continue;
      rowDrafts[d.ref.column] = d.text;
      drafts.delete(k);
    }
    if (touched.delete(rk)) for (const k of [...own.keys()]) if (k.startsWith(prefix)) own.delete(k);
    // Read inside the deleting transaction, before Yjs drops the deleted content.
    if (hit) opts.onConflict({ kind: 'row-deleted', sheet, rowId, values: deletedRowValues(oldRow).values, drafts: rowDrafts, authors: authorsOf(tx) });
  }

  return {
    setDraft(ref, text) {
      const k = cellKey(ref);
      if (text === null) drafts.delete(k);
      else drafts.set(k, { ref, text });
    },
    destroy() {
      for (const off of observers) off();
      own.clear();
      drafts.clear();
      touched.clear();
    },
  };
}

/**
 * What a field does when the user leaves it: `write` their text; `same` (nothing to do); or `conflict`
 * when someone else changed the cell since the user started typing, so writing would silently replace
 * the other person's value (the pane shows the conflict notice instead, with "restore mine").
 */
export function draftOutcome(base: CellValue, current: CellValue, next: CellValue): 'write' | 'same' | 'conflict' {
  if (next === current) return 'same';
  return base === current ? 'write' : 'conflict';
}

/**
 * The cells a row map held when it was deleted, read inside the deleting transaction's observers (Yjs
 * garbage-collects deleted content only after observers ran; the public `entries()` already skips it).
 * Also its `_order` key, so it can be re-created where it was.
 */
export function deletedRowValues(row: unknown): { values: RowValues; order: string | null } {
  const values: RowValues = {};
  let order: string | null = null;
  if (!(row instanceof Y.Map)) return { values, order };
  for (const [key, item] of (row as Y.Map<unknown>)._map) {
    const content = item.content.getContent();
    const value: unknown = content[content.length - 1];
    if (key === ORDER_KEY) order = typeof value === 'string' ? value : null;
    else if (isCellValue(value) && value !== null) values[key] = value;
  }
  return { values, order };
}
