import type { PlanData } from '../doc/plan-data';
import { PLAN_ROOM, triennioYears } from '../doc/rooms';
import type { Issue } from '../validate/issue';
import { fmtDate } from '../validate/format';

/**
 * The plan's adoption deadline (issue 13 item 5). D.L. 80/2021 art. 6 c. 1: by 31 January of the
 * triennium's first year. D.M. 132/2022 art. 8 c. 2: when the deadline for the budget (bilancio di
 * previsione) is postponed, the PIAO is due within 30 days of the budget's approval (120 days in the
 * first application, the 2022-2024 plans: art. 8 c. 3). Pure: "today" is a
 * parameter, so validation stays a function of content (the server passes the date in Rome).
 */
export interface PlanDeadline {
  /** ISO `YYYY-MM-DD`. */
  date: string;
  basis: '31 gennaio' | 'bilancio';
}

/** Days before the deadline from which the plan warns that it is near. */
export const DEADLINE_NEAR_DAYS = 15;

const DAY = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(iso: string): number | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === iso ? t : null;
}

const toIso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The first PIAO is the 2022-2024 one (D.L. 80/2021, D.P.R. 81/2022), as ENTE_APPROVAL_DATE counts it. */
const FIRST_YEAR = 2022;

/** Days after the budget: 120 in the first application (D.M. 132/2022 art. 8 c. 3), then 30 (art. 8 c. 2). */
function budgetDays(firstYear: number): number {
  return firstYear === FIRST_YEAR ? 120 : 30;
}

export function planDeadline(data: PlanData): PlanDeadline | null {
  const years = triennioYears(data.triennio);
  if (!years) return null;
  const january = Date.UTC(years[0], 0, 31);
  const budget = data.records.ente?.data_bilancio;
  const approved = typeof budget === 'string' ? toUtc(budget) : null;
  const days = budgetDays(years[0]);
  if (approved !== null && approved + days * DAY > january) return { date: toIso(approved + days * DAY), basis: 'bilancio' };
  return { date: toIso(january), basis: '31 gennaio' };
}

/**
 * PLAN_DEADLINE: a warning on the approval date of the ente sheet while the plan is not adopted and
 * its deadline is at most DEADLINE_NEAR_DAYS away, or passed. Nothing once an approval date is set.
 */
export function deadlineIssues(data: PlanData, today: string): Issue[] {
  const ente = data.records.ente ?? {};
  if (typeof ente.data_approvazione === 'string' && ente.data_approvazione.trim() !== '') return [];
  const deadline = planDeadline(data);
  const now = toUtc(today);
  if (!deadline || now === null) return [];
  const days = Math.round((toUtc(deadline.date)! - now) / DAY);
  if (days > DEADLINE_NEAR_DAYS) return [];
  const why =
    deadline.basis === 'bilancio'
      ? budgetDays(triennioYears(data.triennio)![0]) === 120
        ? `120 giorni dall'approvazione del bilancio di previsione, prima applicazione, D.M. 132/2022 art. 8 c. 3`
        : `30 giorni dall'approvazione del bilancio di previsione, D.M. 132/2022 art. 8 c. 2`
      : `31 gennaio del primo anno, art. 6 D.L. 80/2021`;
  const message =
    days < 0
      ? `Il termine per adottare il PIAO ${data.triennio} è scaduto il ${fmtDate(deadline.date)} (${why}), ${-days === 1 ? 'da 1 giorno' : `da ${-days} giorni`}: adottarlo al più presto e inserire la data di approvazione`
      : days === 0
        ? `Il PIAO ${data.triennio} va adottato oggi, ${fmtDate(deadline.date)} (${why})`
        : `Il PIAO ${data.triennio} va adottato entro il ${fmtDate(deadline.date)} (${why}): ${days === 1 ? 'manca 1 giorno' : `mancano ${days} giorni`}`;
  return [{ rule: 'PLAN_DEADLINE', severity: 'warning', room: PLAN_ROOM, sector: null, sheet: 'ente', rowId: null, column: 'data_approvazione', message }];
}

/** Today's date in Italy (Europe/Rome) as ISO `YYYY-MM-DD`: the date the deadline is counted against. */
export function todayInItaly(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
