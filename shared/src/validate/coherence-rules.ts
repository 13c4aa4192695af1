import type { SectorData } from '../doc/plan-data';
import { inPlan, inSector, num, planRows, record, rowRef, sectorLabel, sectorRows, textKey, type Ctx } from './context';
import { fmtDate, fmtNum, listIt } from './format';
import { rowName } from './row-names';

/**
 * Coherence between sheets that describe the same facts (docs/domain.md, «Controlli di coerenza»):
 * the staff count, the owners of the objectives, the approval date.
 */
export function checkCoherence(ctx: Ctx): void {
  checkStaffTotal(ctx);
  checkApprovalDate(ctx);
  checkObjectiveOwners(ctx);
}

/**
 * STAFF_TOTAL: 3.1 Dotazione's total = ente.dipendenti_31_12 = Σ settori.dipendenti (D.M. 132/2022
 * art. 4 c. 1 lett. a: the organisation is described with its staff; the three figures are one fact).
 */
function checkStaffTotal(ctx: Ctx): void {
  const dip = num(record(ctx.data, 'ente').dipendenti_31_12);
  if (dip === null) return;
  const dotazione = planRows(ctx.data, 'dotazione');
  if (dotazione.length > 0) {
    const total = dotazione.reduce((acc, r) => acc + (num(r.values.uomini) ?? 0) + (num(r.values.donne) ?? 0), 0);
    if (total !== dip) {
      ctx.sink.add(
        inPlan('dotazione', null, 'totale'),
        'STAFF_TOTAL',
        'error',
        `Dotazione: il personale in servizio per area somma a ${fmtNum(total)}, ma la scheda anagrafica indica ${fmtNum(dip)} dipendenti al 31/12: correggere uomini/donne per area o il numero dei dipendenti`,
      );
    }
  }
  const settori = planRows(ctx.data, 'settori');
  const counted = settori.filter((r) => num(r.values.dipendenti) !== null);
  // Headcounts per sector are optional; once any is given they must add up.
  if (counted.length === 0) return;
  const sum = counted.reduce((acc, r) => acc + (num(r.values.dipendenti) ?? 0), 0);
  if (sum === dip) return;
  const missing = settori.length - counted.length;
  ctx.sink.add(
    inPlan('settori', null, 'dipendenti'),
    'STAFF_TOTAL',
    'error',
    `Settori: i dipendenti dei settori sommano a ${fmtNum(sum)}${missing > 0 ? ` (${fmtNum(missing)} settori senza numero)` : ''}, ma la scheda anagrafica indica ${fmtNum(dip)} dipendenti al 31/12: completare o correggere i numeri dei settori`,
  );
}

const addDays = (iso: string, days: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const ISO = /^\d{4}-\d{2}-\d{2}$/;
/** The first PIAO is the 2022-2024 one (D.L. 80/2021, D.P.R. 81/2022). */
const PRIMO_ANNO_PIAO = 2022;

/**
 * ENTE_APPROVAL_DATE: the PIAO is adopted by 31 January of the first year (art. 6 c. 1 D.L. 80/2021);
 * when the budget is approved later, within 30 days of the budget (D.M. 132/2022 art. 8 c. 2).
 */
function checkApprovalDate(ctx: Ctx): void {
  const ente = record(ctx.data, 'ente');
  const adopted = typeof ente.data_approvazione === 'string' && ISO.test(ente.data_approvazione) ? ente.data_approvazione : null;
  if (adopted === null || !ctx.years) return;
  const jan31 = `${ctx.years[0]}-01-31`;
  const budget = typeof ente.data_bilancio === 'string' && ISO.test(ente.data_bilancio) ? ente.data_bilancio : null;
  // First application (the 2022-2024 plans): 120 days from the budget's deadline (D.M. 132/2022 art. 8 c. 3).
  const first = ctx.years[0] === PRIMO_ANNO_PIAO;
  const afterBudget = budget === null ? null : addDays(budget, first ? 120 : 30);
  const deadline = afterBudget !== null && afterBudget > jan31 ? afterBudget : jan31;
  if (adopted <= deadline) return;
  const why =
    deadline === jan31
      ? `il termine è il ${fmtDate(jan31)} (art. 6 c. 1 D.L. 80/2021)${budget === null ? "; se il bilancio di previsione è stato approvato dopo, indicarne la data nella scheda anagrafica" : ''}`
      : first
        ? `il termine è il ${fmtDate(deadline)}, 120 giorni dal bilancio del ${fmtDate(budget!)} (prima applicazione, D.M. 132/2022 art. 8 c. 3)`
        : `il termine è il ${fmtDate(deadline)}, 30 giorni dall'approvazione del bilancio del ${fmtDate(budget!)} (D.M. 132/2022 art. 8 c. 2)`;
  ctx.sink.add(
    inPlan('ente', null, 'data_approvazione'),
    'ENTE_APPROVAL_DATE',
    'warning',
    `Scheda anagrafica: la data di approvazione ${fmtDate(adopted)} è oltre il termine: ${why}; verificare la data`,
  );
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** OBJ_OWNER: the owner of an objective is a sector head listed in 3.1 Settori (art. 5 c. 1 D.Lgs. 150/2009). */
function checkObjectiveOwners(ctx: Ctx): void {
  const heads = new Map<string, string>();
  for (const r of planRows(ctx.data, 'settori')) {
    const h = textKey(r.values.responsabile);
    if (h !== null && typeof r.values.responsabile === 'string') heads.set(norm(h), h.replace(/\s+/g, ' '));
  }
  // Without any head in the organisation chart there is nothing to compare with.
  if (heads.size === 0) return;
  const own = (s: SectorData): string | null => {
    const row = planRows(ctx.data, 'settori').find((r) => r.values.id === s.id);
    const h = row ? textKey(row.values.responsabile) : null;
    return h === null ? null : h.replace(/\s+/g, ' ');
  };
  for (const sector of ctx.sectors) {
    sectorRows(sector, 'obiettivi').forEach((row, i) => {
      const owner = row.values.responsabile;
      if (typeof owner !== 'string' || owner.trim() === '' || heads.has(norm(owner))) return;
      const head = own(sector);
      const fix = head
        ? `scrivere il responsabile del settore ${sectorLabel(sector)} («${head}») o un altro responsabile del foglio 3.1 Settori`
        : `scegliere fra ${listIt([...heads.values()].map((h) => `«${h}»`), 'o')}, o aggiungere il responsabile nel foglio 3.1 Settori`;
      ctx.sink.add(
        inSector(sector, 'obiettivi', rowRef(row, i), 'responsabile'),
        'OBJ_OWNER',
        'warning',
        `${rowName('obiettivi', row.values, i)}: il responsabile «${owner.replace(/\s+/g, ' ').trim()}» non è un responsabile di settore del foglio 3.1 Settori: ${fix}`,
      );
    });
  }
}
