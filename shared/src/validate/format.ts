/**
 * Italian formatting for validation messages. Hand-written rather than `Intl` so that messages are the
 * same on every runtime, whatever ICU data it ships: validation must be a pure function of content.
 */

/** 1234.5 → "1.234,5" (at most `maxDecimals` decimals, trailing zeros dropped). */
export function fmtNum(n: number, maxDecimals = 2): string {
  return group(n, maxDecimals, false);
}

/** 1234.5 → "1.234,50 €". */
export function fmtEuro(n: number): string {
  return `${group(n, 2, true)} €`;
}

function group(n: number, decimals: number, keepZeros: boolean): string {
  if (!Number.isFinite(n)) return String(n);
  const fixed = Math.abs(n).toFixed(decimals);
  const [intPart = '0', decPart = ''] = fixed.split('.');
  const dec = keepZeros ? decPart : decPart.replace(/0+$/, '');
  const negative = n < 0 && /[1-9]/.test(fixed);
  const int = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${int}${dec ? `,${dec}` : ''}`;
}

/** ISO `YYYY-MM-DD` → `GG/MM/AAAA` (anything else unchanged). */
export function fmtDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** «text», shortened so that a long title does not swamp the message. */
export function quote(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `«${t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t}»`;
}

/** ["a", "b", "c"] → "a, b e c". */
export function listIt(items: readonly string[], conj = 'e'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}

/** A stored value as a user would read it in a message. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? fmtNum(v, 6) : String(v);
  if (typeof v === 'boolean') return v ? 'Sì' : 'No';
  return String(v);
}

/** What kind of value a third-party client stored, for type messages ("un numero", "un testo"…). */
export function kindOf(v: unknown): string {
  if (typeof v === 'string') return 'un testo';
  if (typeof v === 'number') return 'un numero';
  if (typeof v === 'boolean') return 'un valore Sì/No';
  return 'un valore non riconosciuto';
}
