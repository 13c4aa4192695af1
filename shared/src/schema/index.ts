import { obiettivi, indicatori } from './performance-sheets';
import { processi, rischi, misure } from './anticorruzione-sheets';
import { fabbisogni, cessazioni, lavoroAgile, formazione } from './personale-sheets';
import { ente, settori, obiettiviStrategici, dotazione, capacitaAssunzionale, impostazioni } from './plan-sheets';
import { testi } from './testi-sheet';
import { riporti } from './riporti-sheet';
import { accessibilita, semplificazione, valorePubblico } from './valore-pubblico-sheets';
import { azioniPositive } from './azioni-positive-sheet';
import { trasparenza } from './trasparenza-sheet';
import { monitoraggio } from './monitoraggio-sheet';
import { documenti } from './documenti-sheet';
import type { ColumnDef, PlanSheetId, SectorSheetId, SheetDef, SheetId } from './types';

export * from './types';
export * from './enums';
export { column, NUM_FMT, BOOL_LABELS, type TypedColumn, type ComputedColumn } from './columns';
export type * from './row-types';
export { excelRule, fitsInlineList, type ExcelRule, type ExcelCheck, type ExcelRuleMessages } from './data-validation';
export { INDICATORI_RISCHIO } from './anticorruzione-sheets';
export { fte, costoTotale } from './personale-sheets';
export { rapportoSpesaEntrate, spazioAssunzionale } from './plan-sheets';
export { raggiungimento } from './monitoraggio-sheet';
export { TRASPARENZA_CATALOGO, TRASPARENZA_FONTE, trasparenzaIniziale, type CatalogueEntry } from './trasparenza-catalogo';
export { AMBITI_AZIONI_POSITIVE } from './azioni-positive-sheet';
export { ORGANI_ATTO } from './documenti-sheet';
export { testi, TESTI_SEZIONI } from './testi-sheet';
export { riporti } from './riporti-sheet';

/** Every sheet, in the order of the consolidated workbook (Piano tipo order). */
export const SHEETS: readonly SheetDef[] = [
  ente,
  valorePubblico,
  obiettiviStrategici,
  semplificazione,
  accessibilita,
  obiettivi,
  indicatori,
  azioniPositive,
  processi,
  rischi,
  misure,
  trasparenza,
  settori,
  dotazione,
  lavoroAgile,
  fabbisogni,
  cessazioni,
  capacitaAssunzionale,
  formazione,
  monitoraggio,
  documenti,
  testi,
  riporti,
  impostazioni,
];

export const SHEET_BY_ID: Readonly<Record<SheetId, SheetDef>> = Object.fromEntries(SHEETS.map((s) => [s.id, s])) as Record<
  SheetId,
  SheetDef
>;

export const PLAN_SHEET_IDS = SHEETS.filter((s) => s.scope === 'plan').map((s) => s.id as PlanSheetId);
export const SECTOR_SHEET_IDS = SHEETS.filter((s) => s.scope === 'sector').map((s) => s.id as SectorSheetId);

export function getSheet(id: SheetId): SheetDef {
  return SHEET_BY_ID[id];
}

export function isSheetId(id: string): id is SheetId {
  return Object.prototype.hasOwnProperty.call(SHEET_BY_ID, id);
}

export function getColumn(sheet: SheetId, column: string): ColumnDef | undefined {
  return SHEET_BY_ID[sheet].columns.find((c) => c.id === column);
}

/** Columns a user or an importer may write (computed columns are derived, never stored). */
export function editableColumns(sheet: SheetDef): readonly ColumnDef[] {
  return sheet.columns.filter((c) => !c.computed);
}

/** A row with its computed columns filled in. */
export function withComputed(sheet: SheetDef, values: Readonly<Record<string, import('./types').CellValue>>) {
  const out: Record<string, import('./types').CellValue> = { ...values };
  for (const c of sheet.columns) if (c.computed) out[c.id] = c.computed(out);
  return out;
}

export { ente, settori, obiettiviStrategici, dotazione, capacitaAssunzionale, impostazioni };
export { obiettivi, indicatori, processi, rischi, misure, fabbisogni, cessazioni, lavoroAgile, formazione };
export { valorePubblico, semplificazione, accessibilita, azioniPositive, trasparenza, monitoraggio, documenti };
