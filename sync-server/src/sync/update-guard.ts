import * as Y from 'yjs';
import { isCellValue } from '@piao/shared/doc/rows';
import { SHEET_BY_ID } from '@piao/shared/schema/index';
import { MAX_CELL_CHARS } from '@piao/shared/protocol/resilience';

/**
 * Checks on client updates that cost O(update), never O(document): issue 14 items 9 (a viewer's tiny
 * updates each cost a full `Y.snapshot`) and 11 (foreign Yjs content read as empty).
 */

/**
 * Whether `doc` already holds every struct and deletion of `update` (same answer as
 * `Y.snapshotContainsUpdate(Y.snapshot(doc), update)`, which encodes the whole delete set of the
 * document on each call). Structs are compared with the document's state per client; each deleted range
 * is looked up in the struct store by binary search (`findIndexSS`). Throws on an undecodable update.
 */
export function docContainsUpdate(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  const store = doc.store;
  for (const s of structs) {
    if (Y.getState(store, s.id.client) < s.id.clock + s.length) return false;
  }
  for (const [client, ranges] of ds.clients) {
    const own = store.clients.get(client);
    const state = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      if (len <= 0) continue;
      if (!own || clock + len > state) return false;
      let at = clock;
      let i = Y.findIndexSS(own, at);
      while (at < clock + len) {
        const s = own[i++];
        if (!s || !s.deleted) return false;
        at = s.id.clock + s.length;
      }
    }
  }
  return true;
}

/** Why a piece of integrated content is not something a PIAO sheet can hold, or null when it is. */
export type ContentProblem = string;

function describe(content: Y.AbstractStruct | unknown): string {
  if (content instanceof Y.ContentType) {
    const t = content.type;
    if (t instanceof Y.Text) return 'un testo Yjs (Y.Text)';
    if (t instanceof Y.Array) return 'un elenco Yjs (Y.Array)';
    if (t instanceof Y.Map) return 'una mappa annidata';
    return 'un tipo Yjs annidato';
  }
  if (content instanceof Y.ContentBinary) return 'dati binari';
  if (content instanceof Y.ContentString) return 'un testo Yjs (Y.Text)';
  if (content instanceof Y.ContentDoc) return 'un documento annidato';
  return 'un contenuto non riconosciuto';
}

function describeValue(v: unknown): string {
  if (typeof v === 'number') return `il numero non finito ${String(v)}`;
  if (typeof v === 'bigint') return 'un BigInt';
  if (v instanceof Uint8Array) return 'dati binari';
  if (Array.isArray(v)) return 'un elenco';
  if (typeof v === 'object') return 'un oggetto';
  return `un valore di tipo ${typeof v}`;
}

/** A cell value, or why it is not one (NaN, Infinity, BigInt, objects, binary, over-long text). */
function cellProblem(content: Y.ContentAny, where: string): ContentProblem | null {
  for (const v of content.arr) {
    if (!isCellValue(v)) return `${where} contiene ${describeValue(v)}: una cella può contenere solo testo, numeri o Sì/No`;
    if (typeof v === 'string' && v.length > MAX_CELL_CHARS) {
      return `${where} contiene un testo di ${v.length} caratteri (al massimo ${MAX_CELL_CHARS}, il limite di Excel)`;
    }
  }
  return null;
}

/**
 * What the PIAO document model admits (shared/src/doc/rows.ts): every sheet is a top-level Y.Map; a
 * table sheet maps row ids to row Y.Maps whose entries are cell values; a record sheet maps column ids to
 * cell values. Anything else a foreign client writes (Y.Text, nested maps, arrays, binary, NaN…) would be
 * stored and then read as empty: it is refused instead. Deleted content is never a problem.
 */
export function itemProblem(item: Y.Item): ContentProblem | null {
  if (item.deleted || item.content instanceof Y.ContentDeleted) return null;
  const parent = item.parent;
  if (!(parent instanceof Y.AbstractType)) return null;
  const holder = parent._item;
  if (holder === null) {
    const sheet = Y.findRootTypeKey(parent);
    const where = `il foglio "${sheet}"`;
    if (item.parentSub === null) return `${where} riceve ${describe(item.content)} fuori da una riga`;
    const def = (SHEET_BY_ID as Readonly<Record<string, { kind: string } | undefined>>)[sheet];
    if (item.content instanceof Y.ContentAny) return cellProblem(item.content, `la cella "${item.parentSub}" di ${where}`);
    if (item.content instanceof Y.ContentType && item.content.type instanceof Y.Map && def?.kind !== 'record') return null;
    return `${where} riceve ${describe(item.content)} come riga "${item.parentSub}"`;
  }
  const rowWhere = `la riga "${holder.parentSub ?? '?'}"`;
  const grand = holder.parent instanceof Y.AbstractType ? holder.parent._item : null;
  if (grand !== null || holder.parentSub === null || !(parent instanceof Y.Map)) {
    return `${rowWhere} è annidata troppo in profondità: le righe stanno direttamente nel foglio`;
  }
  if (item.parentSub === null) return `${rowWhere} riceve ${describe(item.content)} fuori da una cella`;
  const where = `la cella "${item.parentSub}" di ${rowWhere}`;
  if (item.content instanceof Y.ContentAny) return cellProblem(item.content, where);
  return `${where} contiene ${describe(item.content)}: una cella può contenere solo testo, numeri o Sì/No`;
}

/**
 * The first problem in what a transaction integrated: the structs between its before and after state of
 * each client (found by binary search), so the cost follows the update, not the document.
 */
export function transactionProblem(tr: Y.Transaction): ContentProblem | null {
  const store = tr.doc.store;
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = store.clients.get(client);
    if (!structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const s = structs[i]!;
      if (s.id.clock >= after) break;
      if (s instanceof Y.Item) {
        const problem = itemProblem(s);
        if (problem) return problem;
      }
    }
  }
  return null;
}
