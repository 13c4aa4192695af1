import { AREE_PERSONALE } from '../schema';
import { isTriennio } from '../doc/rooms';
import { inPlan, num, record, sectorRows, type Ctx } from './context';
import { fmtNum } from './format';
import { checkBudget } from './budget-rules';

/** Plan-level rules: the anagrafica's triennio and the totals that add up every sector. */
export function checkPlan(ctx: Ctx): void {
  checkEnteTriennio(ctx);
  checkBudget(ctx);
  checkVerticalProgressions(ctx);
  checkTrainingHours(ctx);
}

/** ENTE_TRIENNIO: the anagrafica's triennio is well formed (second = first + 2) and is the plan's. */
function checkEnteTriennio(ctx: Ctx): void {
  const raw = record(ctx.data, 'ente').triennio;
  if (typeof raw !== 'string') return;
  const t = raw.trim();
  const m = /^(\d{4})-(\d{4})$/.exec(t);
  // A malformed value is CELL_PATTERN's; this rule speaks about well-formed but wrong periods.
  if (!m) return;
  const at = inPlan('ente', null, 'triennio');
  const first = Number(m[1]);
  if (!isTriennio(t)) {
    ctx.sink.add(at, 'ENTE_TRIENNIO', 'error', `Scheda anagrafica: il triennio ${t} non è valido: il secondo anno deve essere il primo + 2 (${first}-${first + 2})`);
    return;
  }
  if (isTriennio(ctx.data.triennio) && t !== ctx.data.triennio) {
    ctx.sink.add(
      at,
      'ENTE_TRIENNIO',
      'error',
      `Scheda anagrafica: il triennio ${t} non coincide con quello del piano (${ctx.data.triennio}): scrivere ${ctx.data.triennio}`,
    );
  }
}

const areaOrder = (a: string): number => {
  const i = (AREE_PERSONALE as readonly string[]).indexOf(a);
  return i < 0 ? AREE_PERSONALE.length : i;
};

/** FAB_PV_SHARE: vertical progressions are at most half the posts of an area in a year, plan-wide. */
function checkVerticalProgressions(ctx: Ctx): void {
  const groups = new Map<string, { anno: number; area: string; pv: number; total: number }>();
  for (const sector of ctx.sectors) {
    for (const row of sectorRows(sector, 'fabbisogni')) {
      const { anno, area, posti, modalita } = row.values;
      if (typeof anno !== 'number' || typeof area !== 'string' || typeof posti !== 'number' || !Number.isFinite(posti) || posti <= 0) continue;
      const key = `${anno}\u0000${area}`;
      const g = groups.get(key) ?? { anno, area, pv: 0, total: 0 };
      g.total += posti;
      if (modalita === 'Progressione verticale') g.pv += posti;
      groups.set(key, g);
    }
  }
  const sorted = [...groups.values()].sort(
    (a, b) => a.anno - b.anno || areaOrder(a.area) - areaOrder(b.area) || (a.area < b.area ? -1 : a.area > b.area ? 1 : 0),
  );
  for (const g of sorted) {
    if (g.pv * 2 <= g.total) continue;
    ctx.sink.add(
      inPlan('fabbisogni', null, 'modalita'),
      'FAB_PV_SHARE',
      'warning',
      `Fabbisogni ${g.anno}, area ${g.area}: le progressioni verticali coprono ${fmtNum(g.pv)} posti su ${fmtNum(g.total)} (${fmtNum((g.pv / g.total) * 100, 1)}%) in tutto il piano: non devono superare la metà dei posti dell'area (art. 52, c. 1-bis, D.Lgs. 165/2001); ridurle o prevedere più accessi dall'esterno`,
    );
  }
}

const ORE_PER_DIPENDENTE = 40;
/** The Direttiva of 14/01/2025 sets the target from 2025 on. */
const PRIMO_ANNO_ORE = 2025;

/**
 * TRAIN_HOURS: at least 40 hours of training per employee in each year of the triennio from 2025
 * (Direttiva del Ministro per la PA del 14/01/2025); not in the simplified regime (3.4 is not required
 * there, D.M. 132/2022 art. 6 c. 3).
 */
function checkTrainingHours(ctx: Ctx): void {
  if (ctx.simplified || !ctx.years) return;
  const dipendenti = num(record(ctx.data, 'ente').dipendenti_31_12);
  if (dipendenti === null || dipendenti <= 0) return;
  const hoursByYear = new Map<number, number>();
  let rows = 0;
  for (const sector of ctx.sectors) {
    for (const row of sectorRows(sector, 'formazione')) {
      rows++;
      const anno = num(row.values.anno);
      const ore = num(row.values.ore);
      const partecipanti = num(row.values.partecipanti);
      if (anno === null || ore === null || partecipanti === null || ore <= 0 || partecipanti <= 0) continue;
      hoursByYear.set(anno, (hoursByYear.get(anno) ?? 0) + ore * partecipanti);
    }
  }
  if (rows === 0) return;
  for (const anno of ctx.years) {
    if (anno < PRIMO_ANNO_ORE) continue;
    const hours = hoursByYear.get(anno) ?? 0;
    const perHead = hours / dipendenti;
    if (perHead >= ORE_PER_DIPENDENTE) continue;
    ctx.sink.add(
      inPlan('formazione', null, 'ore'),
      'TRAIN_HOURS',
      'warning',
      `Formazione ${anno}: il piano prevede ${fmtNum(hours)} ore di formazione (ore × partecipanti) per ${fmtNum(dipendenti)} dipendenti, cioè ${fmtNum(perHead, 1)} ore a testa: la Direttiva del Ministro per la PA del 14/01/2025 chiede almeno ${ORE_PER_DIPENDENTE} ore per dipendente all'anno dal ${PRIMO_ANNO_ORE} (mancano ${fmtNum(ORE_PER_DIPENDENTE * dipendenti - hours)} ore)`,
    );
  }
}
