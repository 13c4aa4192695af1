/**
 * The hiring budget of 3.3 (docs/domain.md, «Capacità assunzionale»):
 * - FAB_BUDGET: permanent hires against the room of D.M. 17/03/2020 (art. 4-6), cumulative "a regime";
 * - FAB_FLEX: fixed-term and art. 110 TUEL hires against the 2009 flexible spending (art. 9 c. 28 D.L. 78/2010);
 * - FAB_557: personnel expense against the 2011-2013 average (art. 1 c. 557-quater L. 296/2006).
 */
import type { SectorData } from '../doc/plan-data';
import { costoTotale, fte } from '../schema';
import type { RowValues } from '../schema/types';
import { inPlan, num, record, sectorLabel, sectorRows, type Ctx } from './context';
import { fmtEuro, fmtNum } from './format';

const FLEX = new Set(['Tempo determinato', 'Art. 110 TUEL']);
/** D.M. 17/03/2020 art. 6: above Tabella 3, the turnover allowed is 30% of the leavers' cost. */
const TURNOVER_SOPRA_RIENTRO = 0.3;

const cents = (n: number): number => Math.round(n * 100);

/** What a hiring row costs against the D.M. room: the whole cost, or the grade difference of a progression. */
function roomCost(r: RowValues): number | null {
  const total = costoTotale(r);
  if (total === null) return null;
  const from = num(r.costo_provenienza);
  if (r.modalita !== 'Progressione verticale' || from === null || typeof r.posti !== 'number') return total;
  return Math.max(0, Math.round((total - r.posti * from * fte(r)) * 100) / 100);
}

interface Budget {
  years: number[];
  /** Cumulative cost of permanent hires up to each year, per sector (in cents). */
  permanent: Map<number, Map<SectorData, number>>;
  /** Cost of flexible work in each year (in cents). */
  flex: Map<number, number>;
  /** Cumulative savings of leavers up to each year (in cents). */
  savings: (year: number) => number;
}

function collect(ctx: Ctx): Budget {
  const hires: Array<{ sector: SectorData; anno: number; cost: number; flex: boolean }> = [];
  const leavers: Array<{ anno: number; cost: number }> = [];
  for (const sector of ctx.sectors) {
    for (const row of sectorRows(sector, 'fabbisogni')) {
      const anno = num(row.values.anno);
      const isFlex = typeof row.values.rapporto === 'string' && FLEX.has(row.values.rapporto);
      const cost = isFlex ? costoTotale(row.values) : roomCost(row.values);
      if (anno !== null && cost !== null) hires.push({ sector, anno, cost: cents(cost), flex: isFlex });
    }
    for (const row of sectorRows(sector, 'cessazioni')) {
      const anno = num(row.values.anno);
      const posti = num(row.values.posti);
      const costo = num(row.values.costo_annuo);
      if (anno !== null && posti !== null && costo !== null) leavers.push({ anno, cost: cents(posti * costo) });
    }
  }
  const years = [...new Set(hires.map((h) => h.anno))].sort((a, b) => a - b);
  const permanent = new Map<number, Map<SectorData, number>>();
  const flex = new Map<number, number>();
  for (const y of years) {
    const bySector = new Map<SectorData, number>();
    for (const h of hires) {
      if (h.flex) continue;
      // "A regime": a permanent hire costs its full annual cost from its year and every following year.
      if (h.anno <= y) bySector.set(h.sector, (bySector.get(h.sector) ?? 0) + h.cost);
    }
    permanent.set(y, bySector);
    flex.set(y, hires.filter((h) => h.flex && h.anno === y).reduce((a, h) => a + h.cost, 0));
  }
  return { years, permanent, flex, savings: (y) => leavers.filter((l) => l.anno <= y).reduce((a, l) => a + l.cost, 0) };
}

const sum = (m: Map<SectorData, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

export function checkBudget(ctx: Ctx): void {
  const b = collect(ctx);
  const dmRoom = checkRoom(ctx, b);
  checkFlex(ctx, b);
  check557(ctx, b, dmRoom);
}

/** FAB_BUDGET; returns the room from the threshold (cents) that art. 7 c. 1 exempts from the c. 557 limit. */
function checkRoom(ctx: Ctx, b: Budget): number {
  const years = b.years.filter((y) => sum(b.permanent.get(y)!) > 0);
  const cap = record(ctx.data, 'capacita_assunzionale');
  const spesa = num(cap.spesa_personale);
  const base = (num(cap.entrate_correnti_media) ?? 0) - (num(cap.fcde) ?? 0);
  const soglia = num(cap.soglia);
  if (spesa === null || base <= 0 || soglia === null) {
    if (years.length > 0) {
      ctx.sink.add(
        inPlan('capacita_assunzionale', null, 'spazio_assunzionale'),
        'FAB_BUDGET',
        'warning',
        'Capacità assunzionale: lo spazio assunzionale non si può calcolare, quindi le assunzioni a tempo indeterminato non sono verificabili: inserire spesa di personale, media delle entrate correnti, FCDE e soglia',
      );
    }
    return 0;
  }
  const rapporto = (spesa / base) * 100;
  const rientro = num(cap.soglia_rientro);
  const virtuoso = rapporto <= soglia;
  // Art. 4 c. 2: a comune under the Tabella 1 threshold may spend up to threshold × revenue.
  const fromThreshold = virtuoso ? Math.max(0, cents((soglia / 100) * base - spesa)) : 0;
  // Without a Tabella 3 threshold, a comune above Tabella 1 is treated as between the two (art. 6 c. 3).
  const sopraRientro = !virtuoso && rientro !== null && rapporto > rientro;
  for (const y of years) {
    const bySector = b.permanent.get(y)!;
    const cost = sum(bySector);
    const savings = b.savings(y);
    const room = virtuoso ? fromThreshold + savings : sopraRientro ? Math.floor(savings * TURNOVER_SOPRA_RIENTRO) : savings;
    if (cost <= room) continue;
    const list = [...bySector.entries()].filter(([, c]) => c > 0);
    const detail = list.map(([s, c]) => `${sectorLabel(s)} ${fmtEuro(c / 100)}`).join(', ');
    const how = virtuoso
      ? `spazio dalla soglia della Tabella 1 ${fmtEuro(fromThreshold / 100)}${savings > 0 ? ` e risparmi delle cessazioni ${fmtEuro(savings / 100)}` : ''}`
      : sopraRientro
        ? `il rapporto spesa/entrate ${fmtNum(rapporto)}% supera la soglia di rientro del ${fmtNum(rientro!)}% (Tabella 3): solo il 30% dei risparmi delle cessazioni, D.M. 17/03/2020 art. 6`
        : `il rapporto spesa/entrate ${fmtNum(rapporto)}% supera la soglia del ${fmtNum(soglia)}% (Tabella 1): solo i risparmi delle cessazioni, D.M. 17/03/2020 art. 6`;
    ctx.sink.add(
      inPlan('fabbisogni', null, 'costo_totale'),
      'FAB_BUDGET',
      'error',
      `Fabbisogni ${y}: le assunzioni a tempo indeterminato costano a regime ${fmtEuro(cost / 100)} (${detail}) e superano la capacità assunzionale di ${fmtEuro(room / 100)} (${how}): ridurle di ${fmtEuro((cost - room) / 100)} o rivedere la capacità assunzionale`,
    );
  }
  return fromThreshold;
}

/** FAB_FLEX: each year's flexible work within the 2009 spending (100%: the limit for comuni within c. 557). */
function checkFlex(ctx: Ctx, b: Budget): void {
  const years = b.years.filter((y) => (b.flex.get(y) ?? 0) > 0);
  if (years.length === 0) return;
  const limit = num(record(ctx.data, 'capacita_assunzionale').spesa_flessibile_2009);
  if (limit === null) {
    ctx.sink.add(
      inPlan('capacita_assunzionale', null, 'spesa_flessibile_2009'),
      'FAB_FLEX',
      'warning',
      'Capacità assunzionale: il piano prevede lavoro flessibile (tempo determinato o art. 110 TUEL) ma manca la spesa per lavoro flessibile del 2009, il limite dell\'art. 9 c. 28 D.L. 78/2010: inserirla',
    );
    return;
  }
  for (const y of years) {
    const cost = b.flex.get(y)!;
    if (cost <= cents(limit)) continue;
    ctx.sink.add(
      inPlan('fabbisogni', null, 'rapporto'),
      'FAB_FLEX',
      'error',
      `Fabbisogni ${y}: il lavoro flessibile (tempo determinato e art. 110 TUEL) costa ${fmtEuro(cost / 100)} e supera il limite della spesa 2009 di ${fmtEuro(limit)} (art. 9 c. 28 D.L. 78/2010): ridurlo di ${fmtEuro((cost - cents(limit)) / 100)}`,
    );
  }
}

/**
 * FAB_557: current expense − leavers' savings + permanent hires beyond the D.M. room + flexible work,
 * per year, within the 2011-2013 average. Hires within the D.M. room do not count (D.M. art. 7 c. 1).
 */
function check557(ctx: Ctx, b: Budget, dmRoom: number): void {
  const cap = record(ctx.data, 'capacita_assunzionale');
  const limit = num(cap.limite_557);
  const spesa = num(cap.spesa_personale);
  if (limit === null || spesa === null) return;
  for (const y of b.years) {
    const permanent = sum(b.permanent.get(y)!);
    const beyond = Math.max(0, permanent - dmRoom);
    const flex = b.flex.get(y) ?? 0;
    const savings = b.savings(y);
    const total = cents(spesa) - savings + beyond + flex;
    if (total <= cents(limit)) continue;
    const parts = [`spesa attuale ${fmtEuro(spesa)}`];
    if (beyond > 0) parts.push(`assunzioni oltre lo spazio del D.M. ${fmtEuro(beyond / 100)}`);
    if (flex > 0) parts.push(`lavoro flessibile ${fmtEuro(flex / 100)}`);
    if (savings > 0) parts.push(`risparmi delle cessazioni -${fmtEuro(savings / 100)}`);
    ctx.sink.add(
      inPlan('fabbisogni', null, 'costo_totale'),
      'FAB_557',
      'error',
      `Fabbisogni ${y}: la spesa di personale che rileva per il limite è ${fmtEuro(total / 100)} (${parts.join(', ')}) e supera la media 2011-2013 di ${fmtEuro(limit)} (art. 1 c. 557-quater L. 296/2006; le assunzioni nello spazio del D.M. 17/03/2020 non rilevano, art. 7 c. 1): ridurla di ${fmtEuro((total - cents(limit)) / 100)}`,
    );
  }
}
