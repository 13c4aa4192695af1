import { INDICATORI_RISCHIO } from '../schema';
import { inPlan, inSector, planRows, rowRef, sectorRows, textKey, type Ctx } from './context';
import { fmtDate, listIt } from './format';
import { rowName } from './row-names';

const LOW = new Set(['Basso', 'Trascurabile']);
const NEEDS_MEASURE = new Set(['Medio', 'Alto', 'Molto alto']);

/** Rules of 2.3 (risk assessment and prevention measures) inside one sector. */
export function checkRisks(ctx: Ctx): void {
  checkContext(ctx);
  checkMandatoryAreas(ctx);
  checkProcessesAssessed(ctx);
  checkMeasureDeadlines(ctx);
  for (const sector of ctx.sectors) {
    const treated = new Set(sectorRows(sector, 'misure').map((m) => textKey(m.values.rischio)));
    sectorRows(sector, 'rischi').forEach((row, i) => {
      const v = row.values;
      const name = rowName('rischi', v, i);
      const giudizio = typeof v.giudizio === 'string' ? v.giudizio : null;
      const at = inSector(sector, 'rischi', rowRef(row, i), 'giudizio');
      if (giudizio !== null && LOW.has(giudizio)) {
        const alti = INDICATORI_RISCHIO.filter(([id]) => v[id] === 'Alto').map(([, label]) => label);
        if (alti.length >= 2) {
          // ANAC (PNA 2019, all. 1) asks not to average the indicators and to justify the judgement.
          ctx.sink.add(
            at,
            'RISK_JUDGEMENT_LOW',
            'warning',
            `${name}: il giudizio è «${giudizio}» ma ${alti.length} indicatori su 6 sono «Alto» (${alti.join(', ')}): rivedere il giudizio o motivarlo (l'ANAC chiede di non fare la media degli indicatori)`,
          );
        }
      }
      const code = textKey(v.codice);
      if (giudizio !== null && NEEDS_MEASURE.has(giudizio) && (code === null || !treated.has(code))) {
        ctx.sink.add(
          at,
          'RISK_NEEDS_MEASURE',
          'error',
          `${name}: un rischio con giudizio «${giudizio}» richiede almeno una misura di prevenzione: aggiungerla nel foglio 2.3 Misure${code ? ` con rischio ${code}` : ''}`,
        );
      }
    });
  }
}

/**
 * The four areas of art. 1 c. 16 L. 190/2012 (authorisations, contracts, grants, recruitment), named as
 * in the PNA 2019 general areas (all. 1, tab. 3).
 */
const AREE_ART_1_C_16 = [
  'Provvedimenti ampliativi privi di effetto economico diretto',
  'Contratti pubblici',
  'Provvedimenti ampliativi con effetto economico diretto',
  'Acquisizione e gestione del personale',
] as const;

/** AC_AREAS: the process mapping of the whole plan covers the four areas (also in the simplified regime, D.M. 132/2022 art. 6 c. 1). */
function checkMandatoryAreas(ctx: Ctx): void {
  const all = ctx.sectors.flatMap((s) => sectorRows(s, 'processi'));
  if (all.length === 0) return;
  const mapped = new Set(all.map((r) => r.values.area));
  const missing = AREE_ART_1_C_16.filter((a) => !mapped.has(a));
  if (missing.length === 0) return;
  ctx.sink.add(
    inPlan('processi', null, 'area'),
    'AC_AREAS',
    'error',
    `Processi: nessun processo mappato ${missing.length === 1 ? "nell'area" : 'nelle aree'} ${listIt(missing.map((a) => `«${a}»`))}: l'art. 1 c. 16 L. 190/2012 le richiede tutte (autorizzazioni e concessioni, contratti, sovvenzioni, concorsi e progressioni)`,
  );
}

/** PROC_NO_RISK: every mapped process has at least one assessed risk of its sector (PNA 2019, all. 1, § 4); reduced in the simplified regime. */
function checkProcessesAssessed(ctx: Ctx): void {
  for (const sector of ctx.sectors) {
    const assessed = new Set(sectorRows(sector, 'rischi').map((r) => textKey(r.values.processo)));
    sectorRows(sector, 'processi').forEach((row, i) => {
      const code = textKey(row.values.codice);
      if (code === null || assessed.has(code)) return;
      // Simplified regime: only the areas of art. 1 c. 16 must be assessed (D.M. 132/2022 art. 6 c. 1).
      if (ctx.simplified && !(AREE_ART_1_C_16 as readonly unknown[]).includes(row.values.area)) return;
      ctx.sink.add(
        inSector(sector, 'processi', rowRef(row, i), null),
        'PROC_NO_RISK',
        'error',
        `${rowName('processi', row.values, i)}: nessun rischio valutato: aggiungerne almeno uno nel foglio 2.3 Rischi con processo ${code}`,
      );
    });
  }
}

/** MISURA_TERMINE: a measure not yet implemented ends within the triennio (PNA 2019, all. 1, § 5.2). */
function checkMeasureDeadlines(ctx: Ctx): void {
  if (!ctx.years) return;
  const last = `${ctx.years[2]}-12-31`;
  for (const sector of ctx.sectors) {
    sectorRows(sector, 'misure').forEach((row, i) => {
      const t = row.values.termine;
      if (row.values.stato === 'Attuata' || typeof t !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t) || t <= last) return;
      ctx.sink.add(
        inSector(sector, 'misure', rowRef(row, i), 'termine'),
        'MISURA_TERMINE',
        'error',
        `${rowName('misure', row.values, i)}: il termine ${fmtDate(t)} è oltre il triennio: una misura non ancora attuata va programmata entro il ${fmtDate(last)}`,
      );
    });
  }
}

/**
 * AC_CONTEXT: the risk management of 2.3 starts from the analysis of the external and internal context
 * (PNA 2019, all. 1, § 2; D.M. 132/2022 art. 3 c. 1 lett. c n. 1): two texts of section 2.3 in the
 * Testi sheet whose titles name them. Checked once processes are mapped.
 */
function checkContext(ctx: Ctx): void {
  if (!ctx.sectors.some((s) => sectorRows(s, 'processi').length > 0)) return;
  const titles = planRows(ctx.data, 'testi')
    .filter((r) => r.values.sezione === '2.3')
    .map((r) => (typeof r.values.titolo === 'string' ? r.values.titolo.toLowerCase() : ''));
  const missing = (['esterno', 'interno'] as const).filter((k) => !titles.some((t) => t.includes(`contesto ${k}`)));
  if (missing.length === 0) return;
  ctx.sink.add(
    inPlan('testi', null, 'titolo'),
    'AC_CONTEXT',
    'warning',
    `Testi: manca l'analisi del ${listIt(missing.map((k) => `contesto ${k}`))} nella sezione 2.3: aggiungere un testo di sezione 2.3 con «Contesto ${missing[0]}» nel titolo (PNA 2019, all. 1, § 2)`,
  );
}
