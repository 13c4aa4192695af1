const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 7 * 86400 };

/** Parses a token lifetime: seconds (`3600`) or a number with a unit (`90m`, `12h`, `30d`, `2w`). */
export function parseTtl(text: string): number {
  const m = /^\s*(\d+)\s*([smhdw]?)\s*$/i.exec(text);
  if (!m) throw new Error(`Durata non valida: "${text}" (esempi: 3600, 90m, 12h, 30d)`);
  const seconds = Number(m[1]) * (UNITS[(m[2] || 's').toLowerCase()] ?? 1);
  if (seconds <= 0) throw new Error('La durata del token deve essere maggiore di zero');
  if (seconds > 366 * 86400) throw new Error('La durata massima di un token è un anno');
  return seconds;
}
