import type { PlanData } from '../doc/plan-data';
import { triennioYears } from '../doc/rooms';
import { GIUDIZI_RISCHIO, SECTOR_SHEET_IDS, costoTotale, raggiungimento } from '../schema';
import type { SectorSheetId } from '../schema/types';
import type { Issue } from '../validate/issue';

/** Figures of one sector (or of the whole plan) shown in the `Riepilogo` sheet. */
export interface SummaryLine {
  /** Rows per sector sheet. */
  counts: Record<SectorSheetId, number>;
  /** Σ peso of the objectives (100 expected per sector); null on the plan line, where a sum means nothing. */
  weightTotal: number | null;
  /** Σ costo_totale of the fabbisogni rows per year, in the order of `PlanSummary.years`. */
  costByYear: number[];
  /** Risks per `giudizio` level, in the order of GIUDIZI_RISCHIO. */
  risksByLevel: number[];
  /** Risks with no (or an unknown) judgement. */
  risksUnrated: number;
  /** Mean % achieved of the indicators monitored in the plan's latest period (4 Monitoraggio); null without any. */
  achievement: number | null;
  errors: number;
  warnings: number;
}

export interface SectorSummary extends SummaryLine {
  id: string;
  name: string;
}

export interface PlanSummary {
  /** The triennio's years, plus any other year a fabbisogni row names (so no cost is hidden). */
  years: number[];
  sectors: SectorSummary[];
  total: SummaryLine;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

function emptyLine(years: number): SummaryLine {
  return {
    counts: Object.fromEntries(SECTOR_SHEET_IDS.map((id) => [id, 0])) as Record<SectorSheetId, number>,
    weightTotal: 0,
    costByYear: new Array<number>(years).fill(0),
    risksByLevel: new Array<number>(GIUDIZI_RISCHIO.length).fill(0),
    risksUnrated: 0,
    achievement: null,
    errors: 0,
    warnings: 0,
  };
}

/** The per-sector and plan-wide figures of the `Riepilogo` sheet: a pure function of the plan and its issues. */
export function planSummary(data: PlanData, issues: readonly Issue[]): PlanSummary {
  const yearSet = new Set<number>(triennioYears(data.triennio) ?? []);
  for (const s of data.sectors) for (const r of s.sheets.fabbisogni) if (typeof r.values.anno === 'number') yearSet.add(r.values.anno);
  const years = [...yearSet].sort((a, b) => a - b);
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const levels: readonly string[] = GIUDIZI_RISCHIO;

  const total = emptyLine(years.length);
  total.weightTotal = null;
  const sectors = data.sectors.map((s): SectorSummary => {
    const line = emptyLine(years.length);
    for (const id of SECTOR_SHEET_IDS) line.counts[id] = s.sheets[id].length;
    let weight = 0;
    for (const r of s.sheets.obiettivi) if (typeof r.values.peso === 'number') weight += r.values.peso;
    line.weightTotal = cents(weight);
    for (const r of s.sheets.fabbisogni) {
      const i = typeof r.values.anno === 'number' ? yearIndex.get(r.values.anno) : undefined;
      const cost = costoTotale(r.values);
      if (i !== undefined && cost !== null) line.costByYear[i] = line.costByYear[i]! + cost;
    }
    line.costByYear = line.costByYear.map(cents);
    for (const r of s.sheets.rischi) {
      const i = typeof r.values.giudizio === 'string' ? levels.indexOf(r.values.giudizio) : -1;
      if (i >= 0) line.risksByLevel[i]!++;
      else line.risksUnrated++;
    }
    return { id: s.id, name: s.name, ...line };
  });
  const byId = new Map(sectors.map((s) => [s.id, s]));
  achievements(data, byId, total);
  for (const issue of issues) {
    const line = issue.sector === null ? undefined : byId.get(issue.sector);
    if (line) line[issue.severity === 'error' ? 'errors' : 'warnings']++;
    total[issue.severity === 'error' ? 'errors' : 'warnings']++;
  }
  for (const s of sectors) {
    for (const id of SECTOR_SHEET_IDS) total.counts[id] += s.counts[id];
    s.costByYear.forEach((c, i) => (total.costByYear[i] = total.costByYear[i]! + c));
    s.risksByLevel.forEach((c, i) => (total.risksByLevel[i] = total.risksByLevel[i]! + c));
    total.risksUnrated += s.risksUnrated;
  }
  total.costByYear = total.costByYear.map(cents);
  return { years, sectors, total };
}

/**
 * The per-sector achievement summary of 4 Monitoraggio: the mean % achieved (`raggiungimento`) of the
 * indicator rows of the latest period that has any actual value in the plan, per sector and overall.
 */
function achievements(data: PlanData, byId: ReadonlyMap<string, SummaryLine>, total: SummaryLine): void {
  const rows = (data.tables.monitoraggio ?? [])
    .filter((r) => r.values.tipo !== 'Misura')
    .map((r) => ({ sector: r.values.settore, key: periodKey(r.values.anno, r.values.periodo), pct: raggiungimento(r.values) }))
    .filter((r): r is { sector: typeof r.sector; key: number; pct: number } => r.key !== null && r.pct !== null);
  if (rows.length === 0) return;
  const latest = Math.max(...rows.map((r) => r.key));
  const mean = (xs: number[]): number | null => (xs.length === 0 ? null : Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100);
  const current = rows.filter((r) => r.key === latest);
  for (const [id, line] of byId) line.achievement = mean(current.filter((r) => r.sector === id).map((r) => r.pct));
  total.achievement = mean(current.map((r) => r.pct));
}

function periodKey(anno: unknown, periodo: unknown): number | null {
  if (typeof anno !== 'number') return null;
  return periodo === '30/06' ? anno * 10 + 1 : periodo === '31/12' ? anno * 10 + 2 : null;
}
