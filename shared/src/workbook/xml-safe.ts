import { stripInvalidXmlChars } from '../validate/xml-chars';

/**
 * The one sanitizer between plan content and every cell a workbook writes (issue 14 item 8): each string
 * of the data, the issues and the names, stripped of the characters XML 1.0 cannot hold. The export and
 * the template call it on their input, so no writer can forget it; validation (CELL_CHARS) tells the
 * user, this only keeps the file readable by Excel whatever a client stored.
 */
export function xmlSafe<T>(value: T): T {
  return clean(value) as T;
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return stripInvalidXmlChars(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[stripInvalidXmlChars(k)] = clean(x);
    return out;
  }
  return v;
}
