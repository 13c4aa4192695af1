/**
 * Demo rows of the parts added by issue 12: 5 Documenti collegati (the seed's nine, verbatim), 2.2
 * Azioni positive, 2.3 Trasparenza (the shipped catalogue), 2.1 Valore pubblico / Semplificazione /
 * Accessibilità and 4 Monitoraggio. Apart from the documents, the rows are EXAMPLES in the seed's
 * spirit (its PAP 2021-2023, its digital services, its DUP codes); a few carry a deliberate defect so
 * that each new rule can be seen firing once (listed in DEMO_EXPECTED_ISSUES).
 */
import { TRASPARENZA_CATALOGO } from '../schema';
import type { RowValues } from '../schema/types';
import { DEMO_SECTORS } from './sectors';

const CASALE = 'https://www.comune.casale-monferrato.al.it';

/** The seed's "Mappa di approvazione dei documenti di riferimento del PIAO", rows 1–9, then one example row. */
export const DEMO_DOCUMENTI: readonly RowValues[] = [
  { documento: 'DUP 2022-2024 - Nota di aggiornamento', stato: 'Approvato', organo: 'Consiglio comunale', numero: '22', data: '2022-05-30', link: `${CASALE}/flex/cm/pages/ServeBLOB.php/L/IT/IDPagina/3305` },
  {
    documento: 'P.E.G. - Piano della Performance 2022-2025, obiettivi di settore 2022',
    stato: 'Approvato',
    organo: 'Giunta comunale',
    numero: '182',
    data: '2022-06-16',
    aggiornamenti: 'Deliberazione di Giunta Comunale n. 363 del 25.10.2022 (rimodulazione di alcuni obiettivi)',
    link: `${CASALE}/flex/cm/pages/ServeBLOB.php/L/IT/IDPagina/11677`,
  },
  { documento: 'Piano delle Azioni Positive 2021-2023', stato: 'Approvato', organo: 'Giunta comunale', numero: '37', data: '2021-02-18', link: `${CASALE}/atti` },
  {
    documento: 'Piano Organizzativo del Lavoro Agile (POLA)',
    stato: 'In aggiornamento',
    organo: 'Giunta comunale',
    data: '2021-12-16',
    aggiornamenti: 'Informativa di Giunta Comunale del 16.12.2021: proposta di nuovo regolamento per il lavoro agile',
  },
  {
    documento: 'Piano triennale di prevenzione della corruzione e trasparenza 2022-2024',
    stato: 'Approvato',
    organo: 'Giunta comunale',
    numero: '6',
    data: '2022-01-20',
    link: `${CASALE}/flex/cm/pages/ServeBLOB.php/L/IT/IDPagina/3896`,
  },
  {
    documento: 'Sistema di misurazione e valutazione della performance',
    stato: 'Approvato',
    organo: 'Giunta comunale',
    numero: '12',
    data: '2012-01-24',
    aggiornamenti: 'Deliberazione di Giunta Comunale n. 153 del 31.05.2016\nDeliberazione di Giunta Comunale n. 475 del 23.12.2019',
    link: `${CASALE}/flex/cm/pages/ServeBLOB.php/L/IT/IDPagina/3981`,
  },
  {
    documento: 'Piano triennale dei fabbisogni del personale 2022-2024',
    stato: 'Approvato',
    organo: 'Giunta comunale',
    numero: '435',
    data: '2021-12-02',
    aggiornamenti: 'Deliberazioni di Giunta Comunale n. 82 del 29.03.2022, n. 172 del 07.06.2022, n. 285 del 06.09.2022, n. 361 del 25.10.2022 e n. 411 del 22.11.2022',
    link: `${CASALE}/atti`,
  },
  { documento: 'Piano della formazione', stato: 'Non presente' },
  { documento: "Piano triennale per l'informatica", stato: 'Approvato', organo: 'Giunta comunale', numero: '455', data: '2022-12-13', link: `${CASALE}/atti` },
  // Not in the seed: an EXAMPLE row, «Approvato» without the act's date, so that DOC_ACT fires once.
  { documento: 'Regolamento sul lavoro agile (ESEMPIO)', stato: 'Approvato', organo: 'Giunta comunale' },
];

/**
 * Examples from the themes of the seed's PAP 2021-2023 (conciliation, training, well-being). The PAP
 * ends in 2023: no action is planned for 2024 yet, so PAP_YEARS fires (deliberately, and as in the seed).
 */
export const DEMO_AZIONI_POSITIVE: readonly RowValues[] = [
  { obiettivo: 'Conciliazione tempi di vita e di lavoro', azione: 'Flessibilità oraria in entrata e in uscita per chi assiste familiari', ambito: 'Conciliazione vita-lavoro', destinatari: 'Tutto il personale', responsabile: 'Marco Bellini', anno: 2022, indicatore: 'Richieste accolte sul totale', target: '90%' },
  { obiettivo: 'Pari opportunità nella formazione', azione: 'Corsi a distanza in orario di servizio, fruibili anche dal personale part-time', ambito: 'Formazione', destinatari: 'Personale part-time', responsabile: 'Marco Bellini', anno: 2022, indicatore: 'Quota di partecipanti part-time', target: '≥ 20%' },
  { obiettivo: 'Benessere organizzativo', azione: 'Indagine sul benessere organizzativo con il CUG', ambito: 'Benessere organizzativo', destinatari: 'Tutto il personale', responsabile: 'Segretario Generale', anno: 2023, indicatore: 'Indagine svolta', target: 'Sì', risorse: 1500 },
];

const SECTOR_HEAD = new Map(DEMO_SECTORS.map((s) => [s.id, s.responsabile]));
/** Which example sector sends the data of each obligation of the catalogue (by legal basis). */
const OWNER: Readonly<Record<string, string>> = {
  'Art. 10 c. 8 lett. a) D.Lgs. 33/2013': 'affari-generali',
  'Art. 12 c. 1 D.Lgs. 33/2013': 'affari-generali',
  'Art. 14 c. 1 D.Lgs. 33/2013': 'affari-generali',
  'Art. 13 c. 1 lett. b) e c) D.Lgs. 33/2013': 'affari-generali',
  'Art. 14 c. 1-bis D.Lgs. 33/2013': 'affari-generali',
  'Art. 16 c. 3 D.Lgs. 33/2013': 'affari-generali',
  'Art. 10 c. 8 lett. b) D.Lgs. 33/2013': 'affari-generali',
  'Art. 20 c. 1 D.Lgs. 33/2013': 'affari-generali',
  'Art. 29 c. 1 D.Lgs. 33/2013': 'finanze',
  'Art. 33 D.Lgs. 33/2013': 'finanze',
  'Art. 38 c. 2 e 2-bis D.Lgs. 33/2013': 'lavori-pubblici',
  'Art. 39 D.Lgs. 33/2013': 'lavori-pubblici',
  'Art. 5 D.Lgs. 33/2013': 'affari-generali',
};

/**
 * The shipped catalogue, with responsabili assigned to the example sectors; the per-sector obligations
 * get a row for every sector. Two deliberate gaps: the «Tassi di assenza» row has no responsabile della
 * trasmissione (TRASP_OBLIGATION) and «Atti di concessione» has no row for Polizia locale (TRASP_SECTOR).
 */
export const DEMO_TRASPARENZA: readonly RowValues[] = TRASPARENZA_CATALOGO.flatMap((e) => {
  const ref = String(e.values.riferimento);
  const sectors = e.perSettore ? DEMO_SECTORS.map((s) => s.id) : [OWNER[ref] ?? 'affari-generali'];
  return sectors
    .filter((s) => !(ref === 'Artt. 26-27 D.Lgs. 33/2013' && s === 'polizia-locale'))
    .map((settore) => ({
      ...e.values,
      settore,
      resp_trasmissione: ref === 'Art. 16 c. 3 D.Lgs. 33/2013' ? null : (SECTOR_HEAD.get(settore) ?? null),
      resp_pubblicazione: 'Ufficio comunicazione e sito web',
      monitoraggio: 'Semestrale',
    }));
});

/** Examples tied to the seed's DUP strategic objectives (codes of its annex). */
export const DEMO_VALORE_PUBBLICO: readonly RowValues[] = [
  { codice: 'VP-01', obiettivo: 'Servizi comunali accessibili online da casa', obiettivo_strategico: '01.04', dimensione: 'Digitalizzazione', indicatore_impatto: 'Istanze presentate online sul totale', baseline: '35%', target_anno1: '45%', target_anno2: '55%', target_anno3: '65%', stakeholder: 'Cittadini e imprese' },
  { codice: 'VP-02', obiettivo: 'Città più sicura e accessibile', obiettivo_strategico: '04.02', dimensione: 'Accessibilità', indicatore_impatto: 'Barriere architettoniche rimosse negli edifici comunali', baseline: '0', target_anno1: '3', target_anno2: '6', target_anno3: '10', stakeholder: 'Persone con disabilità, anziani' },
];

/** Examples of the seed's online services (pagoPA, SPID, App IO); the second has a deliberate SEMPL_TIME. */
export const DEMO_SEMPLIFICAZIONE: readonly RowValues[] = [
  { procedura: 'Iscrizione ai servizi scolastici', settore: 'servizi-cittadino', tempo_attuale: 20, tempo_obiettivo: 5, canale: 'Online', pagopa: true, spid: true, app_io: true, termine: '2023-09-01' },
  { procedura: 'Occupazione temporanea di suolo pubblico', settore: 'lavori-pubblici', tempo_attuale: 15, tempo_obiettivo: 20, canale: 'Sportello e online', pagopa: true, spid: true, app_io: false, termine: '2023-12-31' },
];

export const DEMO_ACCESSIBILITA: readonly RowValues[] = [
  { azione: 'Rampa e ascensore nella sede dei servizi demografici', tipo: 'Fisica', destinatari: 'Over 65 e persone con disabilità', responsabile: 'Andrea Bianchi', termine: '2023-06-30', indicatore: 'Lavori conclusi', target: 'Sì' },
  { azione: 'Sito web conforme alle Linee guida AgID sull’accessibilità, dichiarazione annuale', tipo: 'Digitale', destinatari: 'Cittadini con disabilità', responsabile: 'Marco Bellini', termine: '2022-09-23', indicatore: 'Dichiarazione di accessibilità pubblicata', target: 'Sì' },
];

/**
 * 2022 monitoring, as at 31/01/2023 (ente.data_monitoraggio): one indicator short of its target without
 * an explanation (MON_GAP) and one year-end value not entered yet (MON_MISSING) — deliberate.
 */
export const DEMO_MONITORAGGIO: readonly RowValues[] = [
  { settore: 'servizi-cittadino', tipo: 'Indicatore', riferimento: 'Istanze presentate online sul totale', anno: 2022, periodo: '30/06', polarita: 'Crescente', target: 40, valore_effettivo: 38, validazione_oiv: false },
  { settore: 'servizi-cittadino', tipo: 'Indicatore', riferimento: 'Istanze presentate online sul totale', anno: 2022, periodo: '31/12', polarita: 'Crescente', target: 40, valore_effettivo: 30, validazione_oiv: false },
  { settore: 'finanze', tipo: 'Indicatore', riferimento: 'Tempo medio di pagamento delle fatture (giorni)', anno: 2022, periodo: '31/12', polarita: 'Decrescente', target: 30 },
  { settore: 'lavori-pubblici', tipo: 'Misura', riferimento: 'LLPP-M01', anno: 2022, periodo: '31/12', stato_misura: 'Attuata', evidenze: 'Report trimestrali agli atti' },
  { settore: 'affari-generali', tipo: 'Soddisfazione utenti', riferimento: 'Sportello polifunzionale', anno: 2022, periodo: '31/12', polarita: 'Crescente', target: 4, valore_effettivo: 4.2, metodo: 'Questionario (scala 1-5)' },
];

/**
 * 2.3 — the context analysis (PNA 2019, all. 1, § 2), as texts of section 2.3. The seed says the
 * PTPCT 2022-2024 (DGC n. 6 del 20.01.2022) contains the "analisi del contesto esterno ed interno" and
 * refers to it; these summaries are EXAMPLES in that spirit.
 */
export const DEMO_CONTESTO: readonly RowValues[] = [
  {
    sezione: '2.3',
    titolo: 'Contesto esterno',
    testo:
      "L'analisi del contesto esterno è contenuta nel P.T.P.C.T. 2022-2024, approvato con deliberazione di Giunta Comunale n. 6 del 20.01.2022, al quale si rinvia.\n\nTesto di ESEMPIO: il territorio, il tessuto economico e i dati sulla criminalità della provincia orientano la valutazione dei processi a più alto interesse esterno (contratti pubblici, edilizia, contributi).",
  },
  {
    sezione: '2.3',
    titolo: 'Contesto interno',
    testo:
      "L'analisi del contesto interno è contenuta nel P.T.P.C.T. 2022-2024, al quale si rinvia: organizzazione, ruoli e responsabilità, mappatura dei processi per macro-categorie (governo, operativi, supporto).\n\nTesto di ESEMPIO: nel triennio precedente non si sono riscontrati processi con livello di rischio alto o superiore.",
  },
];
