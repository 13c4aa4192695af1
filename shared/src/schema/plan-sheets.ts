import { column } from './columns';
import { AREE_PERSONALE } from './enums';
import type { RowValues, SheetDef } from './types';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** 1 — Scheda anagrafica (one record). */
export const ente = {
  id: 'ente',
  title: '1 Anagrafica',
  label: "Scheda anagrafica dell'amministrazione",
  labelEn: 'Administration profile',
  section: '1',
  scope: 'plan',
  kind: 'record',
  exported: true,
  columns: [
    column('text', 'denominazione', 'Denominazione', 'Name', { required: true, width: 40 }),
    column('text', 'codice_ipa', 'Codice IPA', 'IPA code', { width: 14 }),
    column('text', 'codice_fiscale', 'Codice fiscale / P.IVA', 'Tax code', {
      required: true,
      pattern: /^\d{11}$/,
      patternHint: 'il codice fiscale di un ente è di 11 cifre',
      width: 16,
    }),
    column('text', 'indirizzo', 'Indirizzo', 'Address', { required: true, width: 48 }),
    column('email', 'pec', 'PEC', 'Certified e-mail', { required: true }),
    column('url', 'sito_web', 'Sito web', 'Website'),
    column('int', 'popolazione', 'Popolazione', 'Population', { min: 0 }),
    column('int', 'dipendenti_31_12', 'Dipendenti al 31/12', 'Employees at 31/12', {
      required: true,
      min: 0,
      help: 'Con 50 dipendenti o meno si applica il regime semplificato (D.P.R. 81/2022, D.M. 132/2022 art. 6)',
    }),
    column('text', 'triennio', 'Triennio', 'Three-year period', {
      required: true,
      pattern: /^\d{4}-\d{4}$/,
      patternHint: 'formato AAAA-AAAA, con il secondo anno uguale al primo + 2',
      width: 12,
    }),
    column('text', 'rpct', 'RPCT', 'Anti-corruption officer', {
      requiredToApprove: true,
      width: 32,
      help: 'Responsabile della prevenzione della corruzione e della trasparenza (art. 1 c. 7 L. 190/2012)',
    }),
    column('text', 'estremi_approvazione', 'Estremi di approvazione', 'Approval act', { width: 48 }),
    column('date', 'data_approvazione', 'Data di approvazione', 'Approval date'),
    column('date', 'data_parere_cug', 'Data parere CUG', 'Equality committee opinion date', {
      help: 'Parere del Comitato unico di garanzia sul Piano delle azioni positive (art. 48 D.Lgs. 198/2006)',
    }),
    column('date', 'data_parere_consigliera', 'Data parere consigliera di parità', 'Equality adviser opinion date', {
      help: 'Art. 48 c. 1 D.Lgs. 198/2006',
    }),
    column('date', 'data_monitoraggio', 'Data di riferimento del monitoraggio', 'Monitoring reference date', {
      help: 'I periodi di monitoraggio (30/06, 31/12) chiusi prima di questa data devono avere il valore effettivo',
    }),
    column('int', 'dipendenti_formati', "Dipendenti formati nell'anno precedente", 'Staff trained last year', {
      min: 0,
      help: 'Persone distinte che hanno seguito almeno un corso: non la somma dei partecipanti ai corsi',
    }),
    column('longtext', 'note', 'Note sui dati', 'Notes on the data', { help: 'Fonte dei dati, valori di esempio o stimati' }),
    column('date', 'data_bilancio', 'Data di approvazione del bilancio di previsione', 'Budget approval date', {
      help: 'Se il bilancio è approvato dopo il 31 gennaio, il PIAO va adottato entro 30 giorni (D.M. 132/2022 art. 8 c. 2)',
    }),
  ],
} satisfies SheetDef;

/** 3.1 — Organigramma: the sectors of the plan; each one gets its own room. */
export const settori = {
  id: 'settori',
  title: '3.1 Settori',
  label: 'Organigramma (settori)',
  labelEn: 'Organisation chart (departments)',
  section: '3.1',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('text', 'id', 'Codice settore', 'Department id', {
      required: true,
      unique: 'sheet',
      pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      patternHint: 'solo lettere minuscole, cifre e trattini (es. lavori-pubblici)',
      width: 20,
    }),
    column('text', 'denominazione', 'Denominazione', 'Name', { required: true, width: 40 }),
    column('text', 'responsabile', 'Responsabile', 'Head', { width: 28 }),
    column('enum', 'qualifica', 'Qualifica', 'Role', {
      values: ['Dirigente', 'Segretario generale', 'Elevata Qualificazione'],
    }),
    column('int', 'dipendenti', 'Dipendenti', 'Employees', { min: 0 }),
  ],
} satisfies SheetDef;

/** 2.1 — DUP, Sezione strategica: the catalogue of strategic objectives. */
export const obiettiviStrategici = {
  id: 'obiettivi_strategici',
  title: '2.1 Obiettivi strategici',
  label: 'Obiettivi strategici (DUP - SeS)',
  labelEn: 'Strategic objectives',
  section: '2.1',
  scope: 'plan',
  kind: 'table',
  simplifiedOptional: true,
  exported: true,
  columns: [
    column('text', 'codice', 'Codice', 'Code', {
      required: true,
      unique: 'sheet',
      pattern: /^\d{2}\.\d{2}$/,
      patternHint: 'formato NN.NN (es. 04.02)',
      width: 10,
    }),
    column('text', 'indirizzo_codice', 'Cod. indirizzo', 'Direction code', {
      required: true,
      pattern: /^\d{2}$/,
      patternHint: 'due cifre (es. 04)',
      width: 10,
    }),
    column('text', 'indirizzo', 'Indirizzo strategico', 'Strategic direction', { required: true, width: 40 }),
    column('text', 'titolo', 'Obiettivo strategico', 'Strategic objective', { required: true, width: 48 }),
    column('longtext', 'priorita', 'Priorità strategiche', 'Strategic priorities', {
      width: 80,
      help: 'Una priorità per riga',
    }),
  ],
} satisfies SheetDef;

/** 3.1 — Personnel at 31/12 by area. */
export const dotazione = {
  id: 'dotazione',
  title: '3.1 Dotazione',
  label: 'Personale in servizio al 31/12',
  labelEn: 'Staff at 31/12',
  section: '3.1',
  scope: 'plan',
  kind: 'table',
  exported: true,
  columns: [
    column('enum', 'area', 'Area', 'Area', { required: true, values: AREE_PERSONALE, unique: 'sheet' }),
    column('enum', 'categoria_ex', 'Ex categoria', 'Former category', { values: ['A', 'B', 'C', 'D'], width: 10 }),
    column('int', 'uomini', 'Uomini', 'Men', { min: 0 }),
    column('int', 'donne', 'Donne', 'Women', { min: 0 }),
    column('int', 'totale', 'Totale', 'Total', { computed: (r: RowValues) => num(r.uomini) + num(r.donne) }),
    column('int', 'pt_uomini', 'Part-time uomini', 'Part-time men', { min: 0, help: 'Compresi negli uomini' }),
    column('int', 'pt_donne', 'Part-time donne', 'Part-time women', { min: 0, help: 'Comprese nelle donne' }),
    column('text', 'fonte', 'Fonte / note', 'Source / notes', { width: 36, help: 'Da dove viene il dato; «esempio» se non è un dato reale' }),
  ],
} satisfies SheetDef;

/** Personnel expense over net current revenue, in percent (DM 17/03/2020). */
export function rapportoSpesaEntrate(r: RowValues): number | null {
  const base = num(r.entrate_correnti_media) - num(r.fcde);
  if (base <= 0) return null;
  return Math.round((num(r.spesa_personale) / base) * 10000) / 100;
}

/** Room for new hiring: threshold × net revenue − current personnel expense (never below zero). */
export function spazioAssunzionale(r: RowValues): number | null {
  const base = num(r.entrate_correnti_media) - num(r.fcde);
  if (base <= 0 || typeof r.soglia !== 'number') return null;
  return Math.max(0, Math.round(((r.soglia / 100) * base - num(r.spesa_personale)) * 100) / 100);
}

/** 3.3 — Hiring capacity (one record). */
export const capacitaAssunzionale = {
  id: 'capacita_assunzionale',
  title: '3.3 Capacità assunzionale',
  label: 'Capacità assunzionale (DM 17/03/2020)',
  labelEn: 'Hiring capacity',
  section: '3.3',
  scope: 'plan',
  kind: 'record',
  exported: true,
  columns: [
    column('money', 'spesa_personale', 'Spesa di personale', 'Personnel expense', { min: 0 }),
    column('money', 'entrate_correnti_media', 'Media entrate correnti (ultimi 3 rendiconti)', 'Average current revenue', {
      min: 0,
      width: 22,
    }),
    column('money', 'fcde', 'FCDE', 'Doubtful-debt fund', { min: 0 }),
    column('percent', 'rapporto', 'Rapporto spesa/entrate', 'Expense/revenue ratio', { computed: rapportoSpesaEntrate }),
    column('percent', 'soglia', 'Soglia (Tabella 1)', 'Threshold (Table 1)', {
      help: 'DM 17/03/2020, Tabella 1, per fascia demografica',
    }),
    column('money', 'spazio_assunzionale', 'Spazio assunzionale', 'Hiring room', { computed: spazioAssunzionale }),
    column('percent', 'soglia_rientro', 'Soglia di rientro (Tabella 3)', 'Upper threshold (Table 3)', {
      help: 'DM 17/03/2020, Tabella 3: sopra questa soglia si spende solo il 30% dei risparmi delle cessazioni',
    }),
    column('money', 'spesa_flessibile_2009', 'Spesa per lavoro flessibile 2009', 'Flexible work expense 2009', {
      min: 0,
      width: 20,
      help: 'Limite del tempo determinato e degli incarichi art. 110 TUEL (art. 9 c. 28 D.L. 78/2010)',
    }),
    column('money', 'limite_557', 'Limite spesa di personale (media 2011-2013)', 'Personnel expense cap', {
      min: 0,
      width: 22,
      help: 'Art. 1 c. 557-quater L. 296/2006',
    }),
    column('longtext', 'note', 'Note sui dati', 'Notes on the data', { help: 'Fonte degli importi, valori di esempio o stimati' }),
  ],
} satisfies SheetDef;

/** Plan settings (one record, not a worksheet of its own). */
export const impostazioni = {
  id: 'impostazioni',
  title: 'Impostazioni',
  label: 'Impostazioni del piano',
  labelEn: 'Plan settings',
  section: '-',
  scope: 'plan',
  kind: 'record',
  exported: false,
  columns: [
    column('enum', 'regola_pesi', 'Somma dei pesi = 100', 'Weights sum to 100', {
      values: ['Per settore', 'Per responsabile', 'Disattivata'],
    }),
    column('enum', 'modalita_rischio', 'Valutazione del rischio', 'Risk assessment', {
      values: ['Qualitativa (PNA 2019)', 'Numerica (PNA 2013)'],
      width: 26,
    }),
  ],
} satisfies SheetDef;
