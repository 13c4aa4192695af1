/** Markdown helpers for the report: Italian number format and pipe tables. */

export const num = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('it-IT', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const mb = (bytes: number): string => num(bytes / 2 ** 20, 2);

export const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** A cell that may contain `|`. */
export const cell = (s: string): string => s.replace(/\|/g, '\\|');

/** A difference with its sign: `+1,2`, `-0,6`, `+0`. */
export const signed = (n: number, digits = 0): string => `${n < 0 ? '' : '+'}${num(n, digits)}`;
