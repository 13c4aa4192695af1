import type * as Y from 'yjs';
import { PLAN_SHEET_IDS, SECTOR_SHEET_IDS, getSheet } from '../schema';
import type { PlanSettings, PlanSheetId, RowValues, SectorSheetId } from '../schema/types';
import { DEFAULT_SETTINGS } from '../schema/types';
import { readRecord, readSheet, type SheetRow } from './rows';
import { foreignValues, type ForeignValue } from './foreign';
import { PLAN_ROOM } from './rooms';
import { SHEETS } from '../schema';

/** The content of one sector room. */
export interface SectorData {
  id: string;
  /** `denominazione` from the plan's settori sheet (the id when missing). */
  name: string;
  sheets: Record<SectorSheetId, SheetRow[]>;
}

/**
 * A whole plan as plain data: the input of validation and of the consolidated workbook. Pure data,
 * so both stay deterministic functions of content.
 */
export interface PlanData {
  ente: string;
  triennio: string;
  /** One-record plan sheets (ente, capacita_assunzionale, impostazioni). */
  records: Partial<Record<PlanSheetId, RowValues>>;
  /** Table plan sheets (settori, obiettivi_strategici, dotazione). */
  tables: Partial<Record<PlanSheetId, SheetRow[]>>;
  sectors: SectorData[];
  settings: PlanSettings;
  /** Values in the documents that are not cells (written by foreign clients): reported as CELL_TYPE. */
  foreign?: ForeignValue[];
}

export function settingsFrom(record: RowValues | undefined): PlanSettings {
  const r = record ?? {};
  const weightRule =
    r.regola_pesi === 'Per responsabile' ? 'responsabile' : r.regola_pesi === 'Disattivata' ? 'off' : DEFAULT_SETTINGS.weightRule;
  const riskMode = r.modalita_rischio === 'Numerica (PNA 2013)' ? 'numerica' : DEFAULT_SETTINGS.riskMode;
  return { weightRule, riskMode };
}

export function emptySectorSheets(): Record<SectorSheetId, SheetRow[]> {
  return Object.fromEntries(SECTOR_SHEET_IDS.map((id) => [id, []])) as unknown as Record<SectorSheetId, SheetRow[]>;
}

/** Reads the sectors listed in a `_piano` document (id and denominazione), in their order. */
export function listSectors(planDoc: Y.Doc): Array<{ id: string; name: string }> {
  const out: Array<{ id: string; name: string }> = [];
  for (const row of readSheet(planDoc, 'settori')) {
    const id = row.values.id;
    if (typeof id !== 'string' || id === '') continue;
    const name = row.values.denominazione;
    out.push({ id, name: typeof name === 'string' && name ? name : id });
  }
  return out;
}

export function readSectorSheets(doc: Y.Doc | undefined): Record<SectorSheetId, SheetRow[]> {
  const sheets = emptySectorSheets();
  if (!doc) return sheets;
  for (const id of SECTOR_SHEET_IDS) sheets[id] = readSheet(doc, id);
  return sheets;
}

/** Builds PlanData from the `_piano` document and a lookup of the sector documents. */
export function readPlanData(
  ente: string,
  triennio: string,
  planDoc: Y.Doc,
  sectorDoc: (sectorId: string) => Y.Doc | undefined,
): PlanData {
  const records: PlanData['records'] = {};
  const tables: PlanData['tables'] = {};
  for (const id of PLAN_SHEET_IDS) {
    if (getSheet(id).kind === 'record') records[id] = readRecord(planDoc, id);
    else tables[id] = readSheet(planDoc, id);
  }
  const sectors = listSectors(planDoc).map(({ id, name }) => ({ id, name, sheets: readSectorSheets(sectorDoc(id)) }));
  const foreign = foreignValues(planDoc, PLAN_ROOM, SHEETS.filter((s) => s.scope === 'plan'));
  const sectorSheets = SHEETS.filter((s) => s.scope === 'sector');
  for (const s of sectors) {
    const doc = sectorDoc(s.id);
    if (doc) foreign.push(...foreignValues(doc, s.id, sectorSheets));
  }
  return { ente, triennio, records, tables, sectors, settings: settingsFrom(records.impostazioni), ...(foreign.length > 0 ? { foreign } : {}) };
}
