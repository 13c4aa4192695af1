import type { RowValues } from '../schema/types';

/**
 * The base of a sector template: the values the file was made from, so an import can tell what the
 * file changed from what others changed since (three-way merge, `import-merge.ts`). It travels in a
 * veryHidden sheet of the template, one row per data row, signed with an HMAC the server computes: a
 * base edited by hand could hide other people's changes, so an altered base refuses the import.
 * shared/ stays pure: the signing and checking functions are injected by the server.
 */

/** Name of the veryHidden sheet holding the base. */
export const BASE_SHEET = '_piao_base';
/** First cell of the base sheet: the format of what follows. */
export const BASE_VERSION = 'PIAO-BASE-1';
/** Excel cells hold at most 32,767 characters: a row's JSON is split over cells of this size. */
const CHUNK = 30_000;

/** Signs a canonical base payload (HMAC, hex or base64url). */
export type SignBase = (payload: string) => string;
/** Checks a base payload against its signature, in constant time. */
export type VerifyBase = (payload: string, mac: string) => boolean;

/** The values a template was made from: sheet id → row id → stored values. */
export interface TemplateBase {
  ente: string;
  triennio: string;
  sector: string;
  rows: Map<string, Map<string, RowValues>>;
}

/** The base sheet as read from a file, before its signature is checked (structured-cloneable). */
export interface RawBase {
  head: string[];
  mac: string;
  /** [sheet id, row id, row JSON] per data row, in file order. */
  rows: Array<[string, string, string]>;
}

function payload(head: readonly string[], rows: ReadonlyArray<readonly [string, string, string]>): string {
  return JSON.stringify([head, rows]);
}

/** The rows of the base sheet (first the head row, then one per data row), signed with `sign`. */
export function baseSheetRows(base: TemplateBase, sign: SignBase): string[][] {
  const head = [BASE_VERSION, base.ente, base.triennio, base.sector];
  const rows: Array<[string, string, string]> = [];
  for (const [sheet, byId] of base.rows) for (const [id, values] of byId) rows.push([sheet, id, JSON.stringify(values)]);
  const out: string[][] = [[...head, sign(payload(head, rows))]];
  for (const [sheet, id, json] of rows) {
    const chunks: string[] = [];
    for (let i = 0; i < json.length; i += CHUNK) chunks.push(json.slice(i, i + CHUNK));
    out.push([sheet, id, ...(chunks.length > 0 ? chunks : [''])]);
  }
  return out;
}

/** Reads the base sheet's cells (strings, row by row) back; null when they are not a base at all. */
export function readRawBase(cells: ReadonlyArray<ReadonlyArray<unknown>>): RawBase | null {
  const [first, ...rest] = cells;
  if (!first || first[0] !== BASE_VERSION) return null;
  const head = first.slice(0, 4).map((c) => (typeof c === 'string' ? c : ''));
  const mac = typeof first[4] === 'string' ? first[4] : '';
  const rows: Array<[string, string, string]> = [];
  for (const r of rest) {
    if (r.length === 0 || r.every((c) => c === null || c === undefined || c === '')) continue;
    const text = (c: unknown) => (typeof c === 'string' ? c : c === null || c === undefined ? '' : String(c));
    rows.push([text(r[0]), text(r[1]), r.slice(2).map(text).join('')]);
  }
  return { head, mac, rows };
}

export type BaseCheck = { ok: true; base: TemplateBase } | { ok: false; message: string };

const TAMPERED =
  'Il foglio nascosto con i valori di partenza del modello è stato modificato, è danneggiato o non è stato creato da questo server (per esempio dopo un cambio della chiave del server): ' +
  'scaricare di nuovo il modello del settore, riportarvi le modifiche e ricaricarlo.';

/** Checks the signature and decodes the base; any doubt refuses (a forged base could hide conflicts). */
export function checkBase(raw: RawBase, verify: VerifyBase): BaseCheck {
  if (!raw.mac || !verify(payload(raw.head, raw.rows), raw.mac)) return { ok: false, message: TAMPERED };
  const [, ente = '', triennio = '', sector = ''] = raw.head;
  const rows = new Map<string, Map<string, RowValues>>();
  for (const [sheet, id, json] of raw.rows) {
    let values: unknown;
    try {
      values = JSON.parse(json);
    } catch {
      return { ok: false, message: TAMPERED };
    }
    if (typeof values !== 'object' || values === null || Array.isArray(values)) return { ok: false, message: TAMPERED };
    let byId = rows.get(sheet);
    if (!byId) rows.set(sheet, (byId = new Map()));
    byId.set(id, values as RowValues);
  }
  return { ok: true, base: { ente, triennio, sector, rows } };
}
