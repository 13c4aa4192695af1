/**
 * The demo plan: the PIAO 2022-2024 of the Comune di Casale Monferrato (the seed document). Plan-level
 * data and the full DUP catalogue come from the seed; the five sectors and their rows are labelled
 * examples, since the seed's organigramma is an image. Pure data and Yjs writes: no I/O.
 */
import type { RuleCode, Severity } from '../validate/issue';

export const DEMO_PLAN = { ente: 'casale-monferrato', triennio: '2022-2024' } as const;

/**
 * What validation should find in the demo: deliberate defects, planted so that rules can be seen
 * working. Everything else in the demo is meant to be clean. (The seed's 123 hours of training for 200
 * employees in 2022 are far below 40 hours each, but the Direttiva of 14/01/2025 sets that target from
 * 2025 on, so TRAIN_HOURS does not apply to the 2022-2024 plan.)
 */
export const DEMO_EXPECTED_ISSUES: ReadonlyArray<{ rule: RuleCode; severity: Severity; room: string; what: string }> = [
  { rule: 'OBJ_WEIGHT_SUM', severity: 'error', room: 'polizia-locale', what: 'pesi degli obiettivi PL-2022-01..03 = 90' },
  { rule: 'RISK_NEEDS_MEASURE', severity: 'error', room: 'finanze', what: 'rischio FIN-R02 a Medio senza misure' },
  { rule: 'PAP_YEARS', severity: 'error', room: '_piano', what: 'nessuna azione positiva per il 2024 (il PAP del seed è 2021-2023)' },
  { rule: 'TRASP_OBLIGATION', severity: 'error', room: '_piano', what: 'obbligo «Tassi di assenza» senza responsabile della trasmissione' },
  { rule: 'TRASP_SECTOR', severity: 'warning', room: '_piano', what: '«Atti di concessione» senza la riga della Polizia locale' },
  { rule: 'SEMPL_TIME', severity: 'warning', room: '_piano', what: 'occupazione di suolo pubblico: tempo obiettivo 20 giorni > 15 attuali' },
  { rule: 'MON_GAP', severity: 'error', room: '_piano', what: 'istanze online al 31/12/2022 al 75% del target, senza motivazione' },
  { rule: 'MON_MISSING', severity: 'warning', room: '_piano', what: 'tempo medio di pagamento al 31/12/2022 senza valore effettivo' },
  { rule: 'PAP_GENDER', severity: 'warning', room: '_piano', what: 'Operatori esperti: 10 donne su 33 (ripartizione di esempio), nessuna azione di riequilibrio' },
  { rule: 'FAB_FLEX', severity: 'error', room: '_piano', what: 'lavoro flessibile 2023 (210.500 €) oltre la spesa 2009 di esempio (200.000 €)' },
  { rule: 'RISK_JUDGEMENT_LOW', severity: 'warning', room: 'lavori-pubblici', what: 'rischio LLPP-R02 Basso con due indicatori Alto' },
  { rule: 'FAB_557', severity: 'error', room: '_piano', what: 'spesa di personale 2023 (9.110.500 €, con il lavoro flessibile) oltre il limite di esempio di 9.000.000 €' },
  { rule: 'STAFF_TOTAL', severity: 'error', room: '_piano', what: 'i dipendenti dei settori (di esempio) sommano a 198, non ai 200 del seed' },
  { rule: 'DOC_ACT', severity: 'warning', room: '_piano', what: 'documento di esempio «Regolamento sul lavoro agile» approvato senza data dell\'atto' },
  { rule: 'AC_AREAS', severity: 'error', room: '_piano', what: 'SC-P01 (contributi) classificato fuori area: nessun processo «con effetto economico diretto»' },
  { rule: 'OBJ_WEIGHT_POSITIVE', severity: 'error', room: 'servizi-cittadino', what: 'obiettivo SC-2022-02 con peso 0' },
  { rule: 'OBJ_OWNER', severity: 'warning', room: 'servizi-cittadino', what: 'obiettivo SC-2022-03 con responsabile «F. Rossi», non come nel foglio 3.1 Settori' },
  { rule: 'PROC_NO_RISK', severity: 'error', room: 'servizi-cittadino', what: 'processo SC-P03 senza rischi valutati' },
  { rule: 'MISURA_TERMINE', severity: 'error', room: 'servizi-cittadino', what: 'misura SC-M02 da attuare con termine 30/06/2025, oltre il triennio' },
];

export { populateDemoPlan, buildDemoDocs } from './populate';
export { demoContent, DEMO_SECTOR_ROWS, type DemoContent, type DemoRow } from './content';
export { DEMO_SECTORS, type DemoSector } from './sectors';
export { DEMO_USERS, type DemoUser } from './users';
export { DUP_INDIRIZZI, DUP_OBIETTIVI, type DupIndirizzo, type DupObiettivo } from './dup-catalogue';
export { DEMO_ENTE, DEMO_DOTAZIONE, DEMO_CAPACITA, DEMO_IMPOSTAZIONI, DEMO_POPOLAZIONE } from './ente';
export { FORMAZIONE_2022 } from './training';
export type { DemoSectorRows } from './types';
