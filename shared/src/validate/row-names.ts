import type { CellValue, RowValues, SheetId } from '../schema/types';
import { quote } from './format';

/** How a message names a row: a noun and what identifies the row to a person (its code or title). */
interface Naming {
  noun: string;
  key: (v: RowValues) => string | null;
}

const code = (col: string) => (v: RowValues) => plain(v[col]);
const title = (col: string) => (v: RowValues) => {
  const t = plain(v[col]);
  return t === null ? null : quote(t);
};

function plain(v: CellValue | undefined): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

const NAMING: Record<SheetId, Naming> = {
  ente: { noun: 'Scheda anagrafica', key: () => null },
  capacita_assunzionale: { noun: 'Capacità assunzionale', key: () => null },
  impostazioni: { noun: 'Impostazioni del piano', key: () => null },
  settori: { noun: 'Settore', key: code('id') },
  obiettivi_strategici: { noun: 'Obiettivo strategico', key: code('codice') },
  dotazione: { noun: 'Dotazione', key: (v) => (plain(v.area) ? `area ${plain(v.area)}` : null) },
  obiettivi: { noun: 'Obiettivo', key: (v) => code('codice')(v) ?? title('titolo')(v) },
  indicatori: { noun: 'Indicatore', key: title('nome') },
  processi: { noun: 'Processo', key: (v) => code('codice')(v) ?? title('processo')(v) },
  rischi: { noun: 'Rischio', key: (v) => code('codice')(v) ?? title('evento_rischioso')(v) },
  misure: { noun: 'Misura', key: (v) => code('codice')(v) ?? title('descrizione')(v) },
  fabbisogni: { noun: 'Fabbisogno', key: (v) => joined(title('profilo')(v), plain(v.anno)) },
  cessazioni: { noun: 'Cessazione', key: (v) => joined(title('profilo')(v), plain(v.anno)) },
  lavoro_agile: { noun: 'Attività', key: title('attivita') },
  formazione: { noun: 'Corso', key: title('titolo') },
  valore_pubblico: { noun: 'Obiettivo di valore pubblico', key: (v) => code('codice')(v) ?? title('obiettivo')(v) },
  semplificazione: { noun: 'Procedura', key: title('procedura') },
  accessibilita: { noun: 'Azione di accessibilità', key: title('azione') },
  azioni_positive: { noun: 'Azione positiva', key: (v) => joined(title('obiettivo')(v), plain(v.anno)) },
  trasparenza: { noun: 'Obbligo', key: title('obbligo') },
  monitoraggio: { noun: 'Monitoraggio', key: (v) => joined(title('riferimento')(v), plain(v.periodo), plain(v.anno)) },
  documenti: { noun: 'Documento', key: title('documento') },
  testi: { noun: 'Testo', key: title('titolo') },
  riporti: { noun: 'Riga riportata', key: code('riga') },
};

function joined(...parts: Array<string | null>): string | null {
  const p = parts.filter((x): x is string => x !== null);
  return p.length ? p.join(' ') : null;
}

/** «Obiettivo LLPP-2023-01 (riga 3)»: the row's code or title and its 1-based position in the sheet. */
export function rowName(sheet: SheetId, values: RowValues, index: number): string {
  const n = NAMING[sheet];
  const key = n.key(values);
  return `${n.noun}${key ? ` ${key}` : ''} (riga ${index + 1})`;
}

/** The name of a one-record sheet («Scheda anagrafica»). */
export function recordName(sheet: SheetId): string {
  return NAMING[sheet].noun;
}

/**
 * The message with the row its name quotes («… (riga 2)», the row inside the sector, as the pane and the
 * sector template show it) replaced by the row of the sheet the reader has open (row 5 of the
 * consolidated workbook's sheet, where every sector's rows follow each other). Only the first
 * «(riga N)» is the row's name; later ones are left alone.
 */
export function withSheetRow(message: string, row: number): string {
  return message.replace(/\(riga \d+\)/, `(riga ${row})`);
}
