import type { PlanData, SectorData } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import { PLAN_ROOM, isTriennio, triennioYears } from '../doc/rooms';
import type { CellValue, PlanSettings, PlanSheetId, RowValues, SectorSheetId, SheetId } from '../schema/types';
import type { RuleCode, Severity } from './issue';
import { IssueSink, type RowRef, type Where } from './sink';

/** Everything a rule needs: the plan, its derived facts, and where to put what it finds. */
export interface Ctx {
  data: PlanData;
  settings: PlanSettings;
  /** The sectors of the plan, each id once (the first listing wins). */
  sectors: readonly SectorData[];
  /** The three years of the plan's triennio; null when neither the plan nor the ente gives a valid one. */
  years: readonly [number, number, number] | null;
  /**
   * With 50 employees or fewer the simplified regime applies (D.P.R. 81/2022 art. 1 c. 1; D.M. 132/2022
   * art. 6): 2.1, 2.2, 3.4 and section 4 are optional, 2.3 and 3.3 are reduced.
   */
  simplified: boolean;
  sink: IssueSink;
}

export function buildContext(data: PlanData): Ctx {
  const seen = new Set<string>();
  const sectors = data.sectors.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
  const ente = data.records.ente ?? {};
  const enteTriennio = typeof ente.triennio === 'string' ? ente.triennio.trim() : '';
  const years = planYears(data.triennio) ?? planYears(enteTriennio);
  const dip = ente.dipendenti_31_12;
  return {
    data,
    settings: data.settings,
    sectors,
    years,
    simplified: typeof dip === 'number' && Number.isFinite(dip) && dip <= 50,
    sink: new IssueSink(sectors.map((s) => s.id)),
  };
}

function planYears(triennio: string): [number, number, number] | null {
  return isTriennio(triennio) ? triennioYears(triennio) : null;
}

export function sectorRows(sector: SectorData, sheet: SectorSheetId): readonly SheetRow[] {
  return sector.sheets[sheet] ?? [];
}

export function planRows(data: PlanData, sheet: PlanSheetId): readonly SheetRow[] {
  return data.tables[sheet] ?? [];
}

export function record(data: PlanData, sheet: PlanSheetId): RowValues {
  return data.records[sheet] ?? {};
}

export const rowRef = (row: SheetRow, index: number): RowRef => ({ id: row.id, index });

/** Where, in a sector room. */
export function inSector(sector: SectorData, sheet: SheetId, row: RowRef | null, column: string | null): Where {
  return { room: sector.id, sector: sector.id, sheet, row, column };
}

/** Where, in the `_piano` room (plan sheets and plan-wide rules). */
export function inPlan(sheet: SheetId, row: RowRef | null, column: string | null): Where {
  return { room: PLAN_ROOM, sector: null, sheet, row, column };
}

export function report(ctx: Ctx, where: Where, rule: RuleCode, severity: Severity, message: string): void {
  ctx.sink.add(where, rule, severity, message);
}

/** A cell as an identifying text (trimmed; numbers as written), or null when empty or not text-like. */
export function textKey(v: CellValue | undefined): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** A numeric cell, or null (values of the wrong type are reported by the cell checks, not guessed at). */
export function num(v: CellValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

/** Name of a sector in messages: «Lavori pubblici». */
export const sectorLabel = (s: SectorData): string => s.name || s.id;
