import { getSheet, SECTOR_SHEET_IDS } from '../schema';
import type { ObiettivoStrategicoRow, SettoreRow } from '../schema/row-types';
import type { PlanSheetId, RowValues, SectorSheetId } from '../schema/types';
import { DUP_INDIRIZZI, DUP_OBIETTIVI } from './dup-catalogue';
import { DEMO_CAPACITA, DEMO_DOTAZIONE, DEMO_ENTE, DEMO_IMPOSTAZIONI } from './ente';
import { AFFARI_GENERALI } from './sector-affari-generali';
import { FINANZE } from './sector-finanze';
import { LAVORI_PUBBLICI } from './sector-lavori-pubblici';
import { POLIZIA_LOCALE } from './sector-polizia-locale';
import { SERVIZI_CITTADINO } from './sector-servizi-cittadino';
import { DEMO_SECTORS } from './sectors';
import { DEMO_TESTI } from './testi';
import { DEMO_ACCESSIBILITA, DEMO_AZIONI_POSITIVE, DEMO_CONTESTO, DEMO_DOCUMENTI, DEMO_MONITORAGGIO, DEMO_SEMPLIFICAZIONE, DEMO_TRASPARENZA, DEMO_VALORE_PUBBLICO } from './piano-tipo';
import { FORMAZIONE_2022 } from './training';
import type { DemoSectorRows, DemoSectorSheets } from './types';

/** A demo row with its deterministic id (`demo-<sheet>-<n>`, n counted per sheet across the plan). */
export interface DemoRow {
  id: string;
  values: RowValues;
}

export interface DemoContent {
  records: Partial<Record<PlanSheetId, RowValues>>;
  tables: Partial<Record<PlanSheetId, DemoRow[]>>;
  sectors: Array<{ id: string; sheets: Record<SectorSheetId, DemoRow[]> }>;
}

const SECTOR_SHEETS: Readonly<Record<string, DemoSectorSheets>> = {
  'affari-generali': AFFARI_GENERALI,
  finanze: FINANZE,
  'lavori-pubblici': LAVORI_PUBBLICI,
  'servizi-cittadino': SERVIZI_CITTADINO,
  'polizia-locale': POLIZIA_LOCALE,
};

/** The rows of every example sector, training included, keyed by sector id. */
export const DEMO_SECTOR_ROWS: Readonly<Record<string, DemoSectorRows>> = Object.fromEntries(
  DEMO_SECTORS.map((s) => {
    const sheets = SECTOR_SHEETS[s.id];
    if (!sheets) throw new Error(`Mancano i dati demo del settore ${s.id}`);
    return [s.id, { ...sheets, formazione: (FORMAZIONE_2022[s.id] ?? []).map((r) => ({ anno: 2022, ...r })) }];
  }),
);

const INDIRIZZO_TITOLO = new Map(DUP_INDIRIZZI.map((i) => [i.codice, i.titolo]));

/** The plan-level tables, in display order. */
const PLAN_TABLES: ReadonlyArray<[PlanSheetId, readonly RowValues[]]> = [
  [
    'settori',
    DEMO_SECTORS.map(({ id, denominazione, responsabile, qualifica, dipendenti }): SettoreRow => ({
      id,
      denominazione,
      responsabile,
      qualifica,
      dipendenti,
    })),
  ],
  [
    'obiettivi_strategici',
    DUP_OBIETTIVI.map((o): ObiettivoStrategicoRow => ({
      codice: o.codice,
      indirizzo_codice: o.indirizzo_codice,
      indirizzo: INDIRIZZO_TITOLO.get(o.indirizzo_codice) ?? null,
      titolo: o.titolo,
      priorita: o.priorita.join('\n'),
    })),
  ],
  ['dotazione', DEMO_DOTAZIONE],
  ['valore_pubblico', DEMO_VALORE_PUBBLICO],
  ['semplificazione', DEMO_SEMPLIFICAZIONE],
  ['accessibilita', DEMO_ACCESSIBILITA],
  ['azioni_positive', DEMO_AZIONI_POSITIVE],
  ['trasparenza', DEMO_TRASPARENZA],
  ['monitoraggio', DEMO_MONITORAGGIO],
  ['documenti', DEMO_DOCUMENTI],
  ['testi', [...DEMO_TESTI, ...DEMO_CONTESTO]],
];

/** Everything the demo writes, with row ids assigned; a pure function of the data in this folder. */
export function demoContent(): DemoContent {
  const counters = new Map<string, number>();
  const withIds = (sheet: string, rows: readonly RowValues[]): DemoRow[] =>
    rows.map((values) => {
      const n = (counters.get(sheet) ?? 0) + 1;
      counters.set(sheet, n);
      return { id: `demo-${sheet}-${n}`, values: { ...values } };
    });
  const tables: DemoContent['tables'] = {};
  for (const [sheet, rows] of PLAN_TABLES) tables[sheet] = withIds(sheet, rows);
  const sectors = DEMO_SECTORS.map(({ id }) => {
    const rows = DEMO_SECTOR_ROWS[id]!;
    const sheets = Object.fromEntries(SECTOR_SHEET_IDS.map((sheet) => [sheet, withIds(sheet, rows[sheet])])) as Record<
      SectorSheetId,
      DemoRow[]
    >;
    return { id, sheets };
  });
  const records: DemoContent['records'] = {
    ente: { ...DEMO_ENTE },
    capacita_assunzionale: { ...DEMO_CAPACITA },
    impostazioni: { ...DEMO_IMPOSTAZIONI },
  };
  for (const id of Object.keys(records) as PlanSheetId[]) {
    if (getSheet(id).kind !== 'record') throw new Error(`${id} non è una scheda a record singolo`);
  }
  return { records, tables, sectors };
}
