import { SHEETS } from '../schema';
import type { SheetDef } from '../schema/types';

/** Worksheet names of the consolidated workbook, in Piano-tipo order (the order users and tests rely on). */
export const DATA_SHEET_TITLES = [
  '1 Anagrafica',
  '2.1 Valore pubblico',
  '2.1 Obiettivi strategici',
  '2.1 Semplificazione',
  '2.1 Accessibilità',
  '2.2 Obiettivi',
  '2.2 Indicatori',
  '2.2 Azioni positive',
  '2.3 Processi',
  '2.3 Rischi',
  '2.3 Misure',
  '2.3 Trasparenza',
  '3.1 Settori',
  '3.1 Dotazione',
  '3.2 Lavoro agile',
  '3.3 Fabbisogni',
  '3.3 Cessazioni',
  '3.3 Capacità assunzionale',
  '3.4 Formazione',
  '4 Monitoraggio',
  '5 Documenti collegati',
] as const;

export const SUMMARY_SHEET = 'Riepilogo';
export const CONTROLS_SHEET = 'Controlli';
/** Hidden sheet holding dropdown lists too long (or with commas) for an inline list rule. */
export const LISTS_SHEET = 'Liste';
/** Read-me sheet of a sector template. */
export const README_SHEET = 'Istruzioni';

/** Every worksheet of the consolidated workbook a user sees, in order. */
export const PLAN_WORKBOOK_SHEETS: readonly string[] = [...DATA_SHEET_TITLES, SUMMARY_SHEET, CONTROLS_SHEET];

/** Label of the sector column that tags every sector row in the consolidated workbook. */
export const SECTOR_COLUMN = 'Settore';
/** Header of the hidden row-id column of sector templates. */
export const ID_COLUMN = 'ID';

function byTitle(title: string): SheetDef {
  const def = SHEETS.find((s) => s.title === title);
  // A renamed schema sheet must fail loudly here, not produce a workbook with a missing section.
  if (!def) throw new Error(`Foglio «${title}» assente dallo schema`);
  return def;
}

/** Schema sheets of the consolidated workbook, in workbook order (internal sheets are excluded). */
export const WORKBOOK_SHEET_DEFS: readonly SheetDef[] = DATA_SHEET_TITLES.map(byTitle).filter((s) => s.exported);

/** Sector sheets in workbook order (the sheets of a sector template). */
export const SECTOR_SHEET_DEFS: readonly SheetDef[] = WORKBOOK_SHEET_DEFS.filter((s) => s.scope === 'sector');

/** Excel column letters for a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
