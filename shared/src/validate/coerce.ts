import type { CellValue, ColumnDef } from '../schema/types';

export type Coerced = { ok: true; value: CellValue } | { ok: false; error: string };

const ok = (value: CellValue): Coerced => ({ ok: true, value });
const fail = (error: string): Coerced => ({ ok: false, error });

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;

/**
 * Parses a number typed the Italian way ("1.234,5", "40 %", "€ 1.000") or the English way. Dots in
 * groups of three ("1.500") group thousands where a fraction makes no sense or is written with a comma:
 * whole numbers, and amounts of money (`groupsThousands`); elsewhere "1.5" stays one and a half.
 */
export function parseNumber(raw: string, groupsThousands: boolean): number | null {
  let s = raw.replace(/[€%\s\u00a0]/g, '');
  if (s === '') return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s) && groupsThousands) s = s.replace(/\./g, '');
  if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function isoFromUtcDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().slice(0, 10);
}

function validIso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return isoFromUtcDate(date);
}

/** Converts an Excel serial day number, a Date, `YYYY-MM-DD` or `GG/MM/AAAA` into an ISO date. */
export function parseDate(raw: unknown): string | null {
  if (raw instanceof Date) return isoFromUtcDate(raw);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 1 || raw > 2_958_465) return null;
    return isoFromUtcDate(new Date(EXCEL_EPOCH_MS + Math.floor(raw) * MS_PER_DAY));
  }
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(s);
  if (m) return validIso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return validIso(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

const TRUE_WORDS = new Set(['sì', 'si', 's', 'yes', 'y', 'true', 'vero', 'x', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'falso', '0']);

function asText(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return raw ? 'Sì' : 'No';
  if (raw instanceof Date) return isoFromUtcDate(raw);
  return null;
}

/**
 * Converts a raw value typed by a user (Excel cell, form field, imported workbook) into the document
 * value of a column, or says in Italian why it cannot. Empty input is `null`; ranges, patterns and
 * required flags are checked by validation, not here.
 */
export function coerceCell(col: ColumnDef, raw: unknown): Coerced {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return ok(null);
  switch (col.type) {
    case 'int':
    case 'year':
    case 'decimal':
    case 'money':
    case 'percent': {
      const integer = col.type === 'int' || col.type === 'year';
      let n: number | null = null;
      if (typeof raw === 'number') n = Number.isFinite(raw) ? raw : null;
      else if (typeof raw === 'string') n = parseNumber(raw, integer || col.type === 'money');
      if (n === null) return fail(`«${asText(raw) ?? String(raw)}» non è un numero`);
      if (integer && !Number.isInteger(n)) return fail(`${String(n).replace(".", ",")} non è un numero intero`);
      if (col.type === 'money') n = Math.round(n * 100) / 100;
      return ok(n);
    }
    case 'date': {
      const iso = parseDate(raw);
      return iso ? ok(iso) : fail(`«${asText(raw) ?? String(raw)}» non è una data valida (usare GG/MM/AAAA)`);
    }
    case 'bool': {
      if (typeof raw === 'boolean') return ok(raw);
      const t = asText(raw)?.trim().toLowerCase() ?? '';
      if (TRUE_WORDS.has(t)) return ok(true);
      if (FALSE_WORDS.has(t)) return ok(false);
      return fail(`«${asText(raw) ?? String(raw)}» non è Sì o No`);
    }
    case 'enum': {
      const t = asText(raw)?.trim();
      if (t === undefined || t === null) return fail('valore non riconosciuto');
      const values = col.values ?? [];
      const exact = values.find((v) => v === t) ?? values.find((v) => v.toLowerCase() === t.toLowerCase());
      if (!exact) return fail(`«${t}» non è tra i valori ammessi (${values.join(', ')})`);
      return ok(exact);
    }
    default: {
      const t = asText(raw);
      if (t === null) return fail('valore non riconosciuto');
      const trimmed = col.type === 'longtext' ? t.replace(/\r\n/g, '\n').trim() : t.trim();
      return ok(trimmed === '' ? null : trimmed);
    }
  }
}
