/**
 * Rules of the parts added by issue 12 (docs/domain.md, step 3): linked documents, positive actions,
 * transparency obligations, simplification, monitoring.
 */
import { TRASPARENZA_CATALOGO, raggiungimento } from '../schema';
import { inPlan, isEmpty, num, planRows, record, rowRef, textKey, type Ctx } from './context';
import { fmtDate, fmtNum, listIt } from './format';
import { rowName } from './row-names';

export function checkContent(ctx: Ctx): void {
  checkDocuments(ctx);
  checkPositiveActions(ctx);
  checkTransparency(ctx);
  checkSimplification(ctx);
  checkMonitoring(ctx);
}

/** DOC_ACT: an approved linked document names the body and the date of its act (D.P.R. 81/2022 art. 1). */
function checkDocuments(ctx: Ctx): void {
  planRows(ctx.data, 'documenti').forEach((row, i) => {
    const v = row.values;
    if (v.stato !== 'Approvato') return;
    const missing = [isEmpty(v.organo) ? "l'organo" : null, isEmpty(v.data) ? 'la data' : null].filter((x): x is string => x !== null);
    if (missing.length === 0) return;
    ctx.sink.add(
      inPlan('documenti', rowRef(row, i), isEmpty(v.organo) ? 'organo' : 'data'),
      'DOC_ACT',
      'warning',
      `${rowName('documenti', v, i)}: è approvato ma ${missing.length === 1 ? 'manca' : 'mancano'} ${listIt(missing)} dell'atto di approvazione: ${missing.length === 1 ? 'indicarla' : 'indicarli'}, o scegliere lo stato «Non presente»`,
    );
  });
}

/**
 * PAP_YEARS: with more than 50 employees, at least one positive action per year of the triennio
 * (art. 48 c. 1 D.Lgs. 198/2006: a three-year plan). PAP_GENDER: where one sex is below one third of
 * an area of 3.1 Dotazione (areas of at least 3 people), an action of «Riequilibrio di genere»
 * addresses it (art. 48 c. 1: actions to rebalance where the gap is not less than two thirds).
 */
function checkPositiveActions(ctx: Ctx): void {
  const actions = planRows(ctx.data, 'azioni_positive');
  if (!ctx.simplified && ctx.years) {
    const covered = new Set(actions.map((r) => num(r.values.anno)));
    const missing = ctx.years.filter((y) => !covered.has(y));
    if (missing.length > 0) {
      ctx.sink.add(
        inPlan('azioni_positive', null, 'anno'),
        'PAP_YEARS',
        'error',
        `Azioni positive: nessuna azione per ${missing.length === 1 ? "l'anno" : 'gli anni'} ${listIt(missing.map(String))}: il Piano delle azioni positive è triennale, aggiungere almeno un'azione per ogni anno (art. 48 D.Lgs. 198/2006)`,
      );
    }
  }
  const rebalancing = actions.some((r) => r.values.ambito === 'Riequilibrio di genere');
  if (rebalancing) return;
  planRows(ctx.data, 'dotazione').forEach((row, i) => {
    const u = num(row.values.uomini) ?? 0;
    const d = num(row.values.donne) ?? 0;
    const total = u + d;
    if (total < 3 || Math.min(u, d) * 3 >= total) return;
    const sex = u < d ? 'gli uomini' : 'le donne';
    ctx.sink.add(
      inPlan('dotazione', rowRef(row, i), u < d ? 'uomini' : 'donne'),
      'PAP_GENDER',
      'warning',
      `${rowName('dotazione', row.values, i)}: ${sex} sono ${fmtNum(Math.min(u, d))} su ${fmtNum(total)}, meno di un terzo: prevedere un'azione positiva di «Riequilibrio di genere» nel foglio 2.2 Azioni positive (art. 48 D.Lgs. 198/2006)`,
    );
  });
}

const PER_SETTORE = new Set(TRASPARENZA_CATALOGO.filter((e) => e.perSettore).map((e) => String(e.values.riferimento)));

/**
 * TRASP_OBLIGATION: an applicable obligation names who sends and who publishes it and its update
 * frequency (art. 10 c. 1 D.Lgs. 33/2013); a non-applicable one gives the reason.
 * TRASP_SECTOR: an obligation of the catalogue that concerns every sector has a row for each sector
 * of 3.1 Settori (not in the simplified regime, whose 2.3 is reduced).
 */
function checkTransparency(ctx: Ctx): void {
  const rows = planRows(ctx.data, 'trasparenza');
  rows.forEach((row, i) => {
    const v = row.values;
    const name = rowName('trasparenza', v, i);
    if (v.applicabile === false) {
      if (isEmpty(v.motivazione)) {
        ctx.sink.add(inPlan('trasparenza', rowRef(row, i), 'motivazione'), 'TRASP_OBLIGATION', 'error', `${name}: è indicato come non applicabile: scrivere la motivazione`);
      }
      return;
    }
    const missing = (
      [
        ['resp_trasmissione', 'il responsabile della trasmissione'],
        ['resp_pubblicazione', 'il responsabile della pubblicazione'],
        ['aggiornamento', "la frequenza dell'aggiornamento"],
      ] as const
    ).filter(([c]) => isEmpty(v[c]));
    if (missing.length === 0) return;
    ctx.sink.add(
      inPlan('trasparenza', rowRef(row, i), missing[0]![0]),
      'TRASP_OBLIGATION',
      'error',
      `${name}: ${missing.length === 1 ? 'manca' : 'mancano'} ${listIt(missing.map(([, l]) => l))}: ${missing.length === 1 ? 'indicarlo' : 'indicarli'} (art. 10 c. 1 D.Lgs. 33/2013), o segnare l'obbligo come non applicabile con la motivazione`,
    );
  });
  if (ctx.simplified) return;
  const sectors = planRows(ctx.data, 'settori').map((r) => textKey(r.values.id)).filter((x): x is string => x !== null);
  for (const ref of PER_SETTORE) {
    const these = rows.filter((r) => textKey(r.values.riferimento) === ref);
    if (these.length === 0) continue;
    const done = new Set(these.map((r) => textKey(r.values.settore)));
    const missing = sectors.filter((s) => !done.has(s));
    if (missing.length === 0 || these.every((r) => r.values.applicabile === false)) continue;
    const obbligo = textKey(these[0]!.values.obbligo) ?? ref;
    ctx.sink.add(
      inPlan('trasparenza', null, 'settore'),
      'TRASP_SECTOR',
      'warning',
      `Trasparenza: l'obbligo «${obbligo}» (${ref}) riguarda gli atti di ogni settore, ma non ha righe per ${listIt(missing)}: aggiungere una riga per ciascuno con i suoi responsabili`,
    );
  }
}

/** SEMPL_TIME: a procedure to simplify does not get slower (D.M. 132/2022 art. 3 c. 1 lett. a n. 3). */
function checkSimplification(ctx: Ctx): void {
  planRows(ctx.data, 'semplificazione').forEach((row, i) => {
    const now = num(row.values.tempo_attuale);
    const target = num(row.values.tempo_obiettivo);
    if (now === null || target === null || target <= now) return;
    ctx.sink.add(
      inPlan('semplificazione', rowRef(row, i), 'tempo_obiettivo'),
      'SEMPL_TIME',
      'warning',
      `${rowName('semplificazione', row.values, i)}: il tempo obiettivo (${fmtNum(target)} giorni) è più lungo di quello attuale (${fmtNum(now)} giorni): verificare i due valori`,
    );
  });
}

const GAP_MASSIMO = 20;

/**
 * MON_MISSING: a period closed before the monitoring reference date has its actual value (D.M. 132/2022
 * art. 5). MON_GAP: an achievement more than 20 points short of the target is explained (art. 6 c. 1
 * D.Lgs. 150/2009: monitoring reports gaps and their reasons).
 */
function checkMonitoring(ctx: Ctx): void {
  const ref = record(ctx.data, 'ente').data_monitoraggio;
  const refDate = typeof ref === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(ref) ? ref : null;
  planRows(ctx.data, 'monitoraggio').forEach((row, i) => {
    const v = row.values;
    const name = rowName('monitoraggio', v, i);
    const anno = num(v.anno);
    const end = anno === null ? null : v.periodo === '30/06' ? `${anno}-06-30` : v.periodo === '31/12' ? `${anno}-12-31` : null;
    const wantsValue = v.tipo !== 'Misura';
    if (wantsValue && refDate && end && end < refDate && isEmpty(v.valore_effettivo)) {
      ctx.sink.add(
        inPlan('monitoraggio', rowRef(row, i), 'valore_effettivo'),
        'MON_MISSING',
        'warning',
        `${name}: il periodo si è chiuso il ${fmtDate(end)}, prima della data di riferimento del monitoraggio (${fmtDate(refDate)}), ma manca il valore effettivo: inserirlo`,
      );
    }
    const pct = raggiungimento(v);
    if (pct !== null && pct < 100 - GAP_MASSIMO && isEmpty(v.motivazione_scostamento)) {
      ctx.sink.add(
        inPlan('monitoraggio', rowRef(row, i), 'motivazione_scostamento'),
        'MON_GAP',
        'error',
        `${name}: il target è raggiunto al ${fmtNum(pct)}%, uno scostamento oltre il ${GAP_MASSIMO}%: spiegarne le cause nella motivazione dello scostamento`,
      );
    }
  });
}
