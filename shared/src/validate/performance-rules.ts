import type { SectorData } from '../doc/plan-data';
import type { CellValue } from '../schema/types';
import { parseNumber } from './coerce';
import { inSector, num, rowRef, sectorLabel, sectorRows, textKey, type Ctx } from './context';
import { fmtDate, fmtNum, listIt } from './format';
import { rowName } from './row-names';

const TRASVERSALE = 'Trasversale anticorruzione/trasparenza';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Rules of 2.2 (objectives and indicators) that look inside one sector. */
export function checkPerformance(ctx: Ctx): void {
  for (const sector of ctx.sectors) {
    checkObjectiveDates(ctx, sector);
    checkIndicatorTargets(ctx, sector);
    checkPositiveWeights(ctx, sector);
    // 2.2 is optional under the simplified regime: its completeness rules do not apply there.
    if (ctx.simplified) continue;
    checkObjectivesHaveIndicators(ctx, sector);
    checkAnticorruptionObjective(ctx, sector);
  }
  if (!ctx.simplified) checkWeights(ctx);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function weightFix(sum: number): string {
  const d = round2(100 - sum);
  return d > 0 ? `aggiungere ${fmtNum(d)} punti` : `togliere ${fmtNum(-d)} punti`;
}

/** OBJ_WEIGHT_SUM: weights sum to 100 per sector, or per responsabile across the plan, or not checked. */
function checkWeights(ctx: Ctx): void {
  if (ctx.settings.weightRule === 'off') return;
  if (ctx.settings.weightRule === 'settore') {
    for (const sector of ctx.sectors) {
      const rows = sectorRows(sector, 'obiettivi');
      if (rows.length === 0) continue;
      const sum = round2(rows.reduce((acc, r) => acc + (num(r.values.peso) ?? 0), 0));
      if (sum === 100) continue;
      ctx.sink.add(
        inSector(sector, 'obiettivi', null, 'peso'),
        'OBJ_WEIGHT_SUM',
        'error',
        `Obiettivi: la somma dei pesi del settore ${sectorLabel(sector)} è ${fmtNum(sum)}: deve essere 100 (${weightFix(sum)})`,
      );
    }
    return;
  }
  // Per responsabile: a dirigente heading several sectors is evaluated on all their objectives together.
  const people = new Map<string, { name: string; sum: number; sectors: SectorData[] }>();
  for (const sector of ctx.sectors) {
    for (const r of sectorRows(sector, 'obiettivi')) {
      const name = textKey(r.values.responsabile);
      if (name === null || typeof r.values.responsabile !== 'string') continue;
      const key = name.replace(/\s+/g, ' ').toLowerCase();
      const p = people.get(key) ?? { name: name.replace(/\s+/g, ' '), sum: 0, sectors: [] };
      p.sum += num(r.values.peso) ?? 0;
      if (!p.sectors.includes(sector)) p.sectors.push(sector);
      people.set(key, p);
    }
  }
  for (const p of people.values()) {
    const sum = round2(p.sum);
    if (sum === 100) continue;
    const where = p.sectors.length > 1 ? ` (settori ${listIt(p.sectors.map(sectorLabel))})` : '';
    for (const sector of p.sectors) {
      ctx.sink.add(
        inSector(sector, 'obiettivi', null, 'peso'),
        'OBJ_WEIGHT_SUM',
        'error',
        `Obiettivi: la somma dei pesi degli obiettivi di ${p.name}${where} è ${fmtNum(sum)}: deve essere 100 (${weightFix(sum)})`,
      );
    }
  }
}

/** OBJ_WEIGHT_POSITIVE: a weight of 0 takes the objective out of the evaluation (SMVP, art. 7 D.Lgs. 150/2009). */
function checkPositiveWeights(ctx: Ctx, sector: SectorData): void {
  sectorRows(sector, 'obiettivi').forEach((row, i) => {
    if (num(row.values.peso) !== 0) return;
    ctx.sink.add(
      inSector(sector, 'obiettivi', rowRef(row, i), 'peso'),
      'OBJ_WEIGHT_POSITIVE',
      'error',
      `${rowName('obiettivi', row.values, i)}: il peso è 0: un obiettivo senza peso non conta nella valutazione della performance: assegnargli un peso maggiore di 0 o eliminarlo`,
    );
  });
}

/** OBJ_DATES: start and end inside the triennio, end not before start. */
function checkObjectiveDates(ctx: Ctx, sector: SectorData): void {
  const years = ctx.years;
  if (!years) return;
  const first = `${years[0]}-01-01`;
  const last = `${years[2]}-12-31`;
  const triennio = `${years[0]}-${years[2]}`;
  const date = (v: CellValue | undefined): string | null => (typeof v === 'string' && ISO_DATE.test(v) ? v : null);
  sectorRows(sector, 'obiettivi').forEach((row, i) => {
    const name = rowName('obiettivi', row.values, i);
    const inizio = date(row.values.inizio);
    const fine = date(row.values.fine);
    for (const [column, value, label] of [
      ['inizio', inizio, 'la data di inizio'],
      ['fine', fine, 'la data di fine'],
    ] as const) {
      if (value !== null && (value < first || value > last)) {
        ctx.sink.add(
          inSector(sector, 'obiettivi', rowRef(row, i), column),
          'OBJ_DATES',
          'error',
          `${name}: ${label} ${fmtDate(value)} è fuori dal triennio ${triennio}: scegliere una data tra ${fmtDate(first)} e ${fmtDate(last)}`,
        );
      }
    }
    if (inizio !== null && fine !== null && fine < inizio) {
      ctx.sink.add(
        inSector(sector, 'obiettivi', rowRef(row, i), 'fine'),
        'OBJ_DATES',
        'error',
        `${name}: la data di fine ${fmtDate(fine)} precede la data di inizio ${fmtDate(inizio)}: correggere una delle due`,
      );
    }
  });
}

/** OBJ_NO_INDICATOR: every objective is measured by at least one indicator of its sector. */
function checkObjectivesHaveIndicators(ctx: Ctx, sector: SectorData): void {
  const measured = new Set(sectorRows(sector, 'indicatori').map((r) => textKey(r.values.obiettivo)));
  sectorRows(sector, 'obiettivi').forEach((row, i) => {
    const code = textKey(row.values.codice);
    if (code === null || measured.has(code)) return;
    ctx.sink.add(
      inSector(sector, 'obiettivi', rowRef(row, i), null),
      'OBJ_NO_INDICATOR',
      // Outside the simplified regime an objective must be measurable (art. 5 c. 1 D.Lgs. 150/2009).
      'error',
      `${rowName('obiettivi', row.values, i)}: non ha indicatori: aggiungerne almeno uno nel foglio 2.2 Indicatori con obiettivo ${code}`,
    );
  });
}

/** OBJ_AC_PRESENT: each sector with objectives has an anticorruption/transparency one. */
function checkAnticorruptionObjective(ctx: Ctx, sector: SectorData): void {
  const rows = sectorRows(sector, 'obiettivi');
  if (rows.length === 0 || rows.some((r) => r.values.tipo === TRASVERSALE)) return;
  ctx.sink.add(
    inSector(sector, 'obiettivi', null, 'tipo'),
    'OBJ_AC_PRESENT',
    'warning',
    `Obiettivi: il settore ${sectorLabel(sector)} non ha obiettivi di tipo «${TRASVERSALE}»: aggiungerne almeno uno (misure di prevenzione della corruzione e di trasparenza)`,
  );
}

/** A target is text ("≥ 80%", "30 giorni", "Sì"): its number, when it has one. */
export function targetNumber(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim().replace(/^(?:[≥≤<>=~]|almeno|entro|max|min)\s*/i, '').replace(/\s*(?:giorni|gg|n\.)$/i, '');
  return parseNumber(s, false);
}

const TARGETS = [
  ['target_anno1', 'il target del primo anno'],
  ['target_anno2', 'il target del secondo anno'],
  ['target_anno3', 'il target del terzo anno'],
] as const;

/** IND_TARGET_DIRECTION (first-year target worse than the baseline) and IND_PERCENT_RANGE (0–100). */
function checkIndicatorTargets(ctx: Ctx, sector: SectorData): void {
  sectorRows(sector, 'indicatori').forEach((row, i) => {
    const v = row.values;
    const name = rowName('indicatori', v, i);
    const at = (column: string) => inSector(sector, 'indicatori', rowRef(row, i), column);
    const baseline = num(v.baseline);
    const target1 = targetNumber(v.target_anno1);
    if (baseline !== null && target1 !== null) {
      const worse = (v.polarita === 'Crescente' && target1 < baseline) || (v.polarita === 'Decrescente' && target1 > baseline);
      if (worse) {
        const direction = v.polarita === 'Crescente' ? 'crescente (più alto è meglio)' : 'decrescente (più basso è meglio)';
        ctx.sink.add(
          at('target_anno1'),
          'IND_TARGET_DIRECTION',
          'warning',
          `${name}: il target del primo anno (${fmtNum(target1, 4)}) è peggiore della baseline (${fmtNum(baseline, 4)}) per un indicatore ${direction}: verificare il target o la polarità`,
        );
      }
    }
    if (v.unita !== '%') return;
    const checks: Array<readonly [string, string, number | null]> = [
      ['baseline', 'la baseline', baseline],
      ...TARGETS.map(([column, label]) => [column, label, targetNumber(v[column])] as const),
    ];
    for (const [column, label, n] of checks) {
      if (n === null || (n >= 0 && n <= 100)) continue;
      ctx.sink.add(
        at(column),
        'IND_PERCENT_RANGE',
        // A warning: a value out of 0–100 may be a variation written with the wrong unit («% variazione»).
        'warning',
        `${name}: ${label} vale ${fmtNum(n, 4)}%, ma una percentuale va da 0 a 100: per una variazione scegliere l'unità «% variazione», altrimenti correggere il valore`,
      );
    }
  });
}
