import { column } from './columns';
import { AMBITI_FORMAZIONE, AREE_PERSONALE, COMPETENZE_FORMAZIONE, MODALITA_ASSUNZIONE } from './enums';
import type { RowValues, SheetDef } from './types';

/** Full-time equivalent of a hiring row: 1, or the part-time percentage. */
export function fte(r: RowValues): number {
  return r.regime === 'Part-time' && typeof r.percentuale_pt === 'number' ? r.percentuale_pt / 100 : 1;
}

/** Annual cost of a hiring row: posti × costo_unitario × FTE. */
export function costoTotale(r: RowValues): number | null {
  if (typeof r.posti !== 'number' || typeof r.costo_unitario !== 'number') return null;
  return Math.round(r.posti * r.costo_unitario * fte(r) * 100) / 100;
}

/** 3.3 — Three-year plan of personnel needs. */
export const fabbisogni = {
  id: 'fabbisogni',
  title: '3.3 Fabbisogni',
  label: 'Piano triennale dei fabbisogni di personale',
  labelEn: 'Staffing needs plan',
  section: '3.3',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('year', 'anno', 'Anno', 'Year', { required: true, min: 2000, max: 2100 }),
    column('text', 'profilo', 'Profilo professionale', 'Job profile', { required: true, width: 32 }),
    column('enum', 'area', 'Area', 'Area', { required: true, values: AREE_PERSONALE }),
    column('int', 'posti', 'Posti', 'Posts', { required: true, min: 1 }),
    column('enum', 'regime', 'Regime orario', 'Working time', { required: true, values: ['Tempo pieno', 'Part-time'], width: 14 }),
    column('percent', 'percentuale_pt', '% part-time', 'Part-time %', {
      min: 1,
      max: 99,
      help: 'Obbligatoria solo per il part-time',
    }),
    column('enum', 'rapporto', 'Rapporto di lavoro', 'Contract', {
      required: true,
      values: ['Tempo indeterminato', 'Tempo determinato', 'Art. 110 TUEL'],
    }),
    column('enum', 'modalita', 'Modalità di copertura', 'Recruitment method', { required: true, values: MODALITA_ASSUNZIONE, width: 32 }),
    column('money', 'costo_unitario', 'Costo unitario annuo', 'Annual unit cost', { required: true, min: 0, help: 'Oneri inclusi' }),
    column('money', 'costo_totale', 'Costo totale annuo', 'Annual total cost', { computed: costoTotale }),
    column('money', 'costo_provenienza', "Costo annuo nell'area di provenienza", 'Annual cost in the current area', {
      min: 0,
      requiredToApprove: (r) => r.modalita === 'Progressione verticale',
      help: 'Solo per le progressioni verticali: conta sulla capacità assunzionale la sola differenza (D.M. 17/03/2020)',
    }),
    column('date', 'decorrenza', 'Decorrenza', 'Start date'),
    column('text', 'note', 'Note', 'Notes', { width: 32 }),
  ],
} satisfies SheetDef;

/** 3.3 — Expected leavers (no personal names). */
export const cessazioni = {
  id: 'cessazioni',
  title: '3.3 Cessazioni',
  label: 'Cessazioni previste',
  labelEn: 'Expected leavers',
  section: '3.3',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('year', 'anno', 'Anno', 'Year', { required: true, min: 2000, max: 2100 }),
    column('enum', 'area', 'Area', 'Area', { required: true, values: AREE_PERSONALE }),
    column('text', 'profilo', 'Profilo professionale', 'Job profile', { required: true, width: 32 }),
    column('int', 'posti', 'Posti', 'Posts', { required: true, min: 1 }),
    column('enum', 'motivo', 'Motivo', 'Reason', {
      required: true,
      values: ['Pensionamento', 'Dimissioni', 'Mobilità in uscita', 'Altro'],
      width: 18,
    }),
    column('money', 'costo_annuo', 'Costo annuo per posto', 'Annual cost per post', {
      min: 0,
      help: 'Oneri inclusi: il risparmio si aggiunge alla capacità assunzionale dall\'anno della cessazione (D.M. 17/03/2020)',
    }),
    column('date', 'data', 'Data di cessazione', 'Leaving date'),
  ],
} satisfies SheetDef;

/** 3.2 — Remote work. */
export const lavoroAgile = {
  id: 'lavoro_agile',
  title: '3.2 Lavoro agile',
  label: 'Organizzazione del lavoro agile',
  labelEn: 'Remote work',
  section: '3.2',
  scope: 'sector',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'attivita', 'Attività', 'Activity', { required: true, width: 40 }),
    column('enum', 'smartabile', 'Lavorabile da remoto', 'Remote-capable', { required: true, values: ['Sì', 'Parzialmente', 'No'], width: 14 }),
    column('int', 'dipendenti', 'Dipendenti addetti', 'Employees', { min: 0 }),
    column('int', 'accordi', 'Accordi individuali', 'Individual agreements', { min: 0 }),
    column('int', 'giorni_settimana', 'Giorni/settimana', 'Days/week', { min: 0, max: 5 }),
    column('text', 'strumenti', 'Strumenti', 'Tools', { width: 28 }),
    column('text', 'indicatore', 'Indicatore', 'Indicator', { width: 28 }),
    column('text', 'target', 'Target', 'Target', { width: 14 }),
  ],
} satisfies SheetDef;

/** 3.4 — Staff training. */
export const formazione = {
  id: 'formazione',
  title: '3.4 Formazione',
  label: 'Formazione del personale',
  labelEn: 'Staff training',
  section: '3.4',
  scope: 'sector',
  kind: 'table',
  // D.M. 132/2022 art. 6 c. 3: the simplified PIAO does not include 3.4.
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('year', 'anno', 'Anno', 'Year', { requiredToApprove: true, min: 2000, max: 2100, help: "Anno in cui si svolge il corso (le 40 ore a testa si contano per anno dal 2025)" }),
    column('text', 'titolo', 'Titolo del corso', 'Course title', { required: true, width: 40 }),
    column('enum', 'ambito', 'Ambito', 'Field', { required: true, values: AMBITI_FORMAZIONE, width: 24 }),
    column('enum', 'modalita', 'Modalità', 'Delivery', { required: true, values: ['In presenza', 'A distanza', 'Mista'], width: 14 }),
    column('int', 'ore', 'Ore', 'Hours', { required: true, min: 1 }),
    column('int', 'partecipanti', 'Partecipanti', 'Participants', { required: true, min: 1 }),
    column('money', 'costo', 'Costo', 'Cost', { min: 0 }),
    column('text', 'periodo', 'Periodo', 'Period', { width: 16 }),
    column('text', 'destinatari', 'Destinatari', 'Target group', { width: 28, help: 'Es. tutto il personale, dirigenti ed EQ, neoassunti' }),
    column('enum', 'competenza', 'Competenza sviluppata', 'Competence', { values: COMPETENZE_FORMAZIONE, width: 30 }),
    column('text', 'risultato_atteso', 'Risultato atteso', 'Expected result', { width: 36 }),
  ],
} satisfies SheetDef;
