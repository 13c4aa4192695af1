import type { FormazioneRow } from '../schema/row-types';

const remote = 'A distanza';

/**
 * Sezione 3.4 — the seed's 2022 training: "n. 24 [corsi] (di cui n. 1 in presenza presso il Comando di
 * Polizia Locale e n. 23 "a distanza") per un totale di n. 123 ore che hanno visto la partecipazione
 * di n. 46 dipendenti", in the ambiti Commercio/SUAP, Fiscalità e Bilancio, Edilizia, Personale e
 * Previdenza, Sicurezza del Territorio, Anticorruzione, Appalti/Contratti (→ "Contratti pubblici").
 *
 * ONE ROW PER COURSE: 24 rows, the in-presence one in polizia-locale; Σ ore = 123. The seed's 46 are
 * the employees trained (people, kept in ente.dipendenti_formati), not the sum of per-course
 * participations, which is larger (55 here: some people attend several courses). The seed gives only these totals and
 * the ambiti: titles, the split across sectors, hours, participants, costs and months are examples.
 * The compulsory health and safety training (D.Lgs. 81/2008) that the seed mentions separately is not
 * among the 24 counted courses and is not listed here.
 */
export const FORMAZIONE_2022: Readonly<Record<string, readonly FormazioneRow[]>> = {
  'affari-generali': [
    { titolo: 'PTPCT 2022-2024: mappatura dei processi e valutazione del rischio', ambito: 'Anticorruzione', modalita: remote, ore: 4, partecipanti: 2, periodo: 'febbraio 2022' },
    { titolo: 'Il CCNL Funzioni locali 2019-2021 e il nuovo sistema di classificazione', ambito: 'Personale e previdenza', modalita: remote, ore: 9, partecipanti: 2, costo: 240, periodo: 'ottobre 2022' },
    { titolo: 'Pratiche pensionistiche e Nuova Passweb', ambito: 'Personale e previdenza', modalita: remote, ore: 5, partecipanti: 2, costo: 150, periodo: 'maggio 2022' },
    { titolo: 'Le assunzioni nei Comuni dopo il DM 17/03/2020', ambito: 'Personale e previdenza', modalita: remote, ore: 4, partecipanti: 2, costo: 120, periodo: 'marzo 2022' },
    { titolo: 'Gli affidamenti diretti dopo il D.L. 77/2021', ambito: 'Contratti pubblici', modalita: remote, ore: 5, partecipanti: 2, costo: 150, periodo: 'giugno 2022' },
  ],
  finanze: [
    { titolo: 'Il rendiconto 2021 e il fondo crediti di dubbia esigibilità', ambito: 'Fiscalità e bilancio', modalita: remote, ore: 6, partecipanti: 2, costo: 180, periodo: 'aprile 2022' },
    { titolo: 'Il bilancio di previsione 2023-2025', ambito: 'Fiscalità e bilancio', modalita: remote, ore: 8, partecipanti: 2, costo: 220, periodo: 'novembre 2022' },
    { titolo: 'IMU 2022: novità normative e attività di accertamento', ambito: 'Fiscalità e bilancio', modalita: remote, ore: 4, partecipanti: 2, costo: 120, periodo: 'maggio 2022' },
    { titolo: 'Il canone unico patrimoniale', ambito: 'Fiscalità e bilancio', modalita: remote, ore: 4, partecipanti: 2, periodo: 'settembre 2022' },
    { titolo: 'SUAP: procedimenti telematici e rapporti con gli enti terzi', ambito: 'Commercio/SUAP', modalita: remote, ore: 5, partecipanti: 2, costo: 150, periodo: 'giugno 2022' },
  ],
  'lavori-pubblici': [
    { titolo: 'Appalti finanziati dal PNRR: obblighi e clausole', ambito: 'Contratti pubblici', modalita: remote, ore: 8, partecipanti: 2, costo: 250, periodo: 'marzo 2022' },
    { titolo: 'Il RUP negli appalti di lavori', ambito: 'Contratti pubblici', modalita: remote, ore: 5, partecipanti: 2, costo: 150, periodo: 'luglio 2022' },
    { titolo: 'Superbonus e CILAS: il controllo dei titoli edilizi', ambito: 'Edilizia', modalita: remote, ore: 4, partecipanti: 2, periodo: 'febbraio 2022' },
    { titolo: "Il Testo unico dell'edilizia dopo il D.L. Semplificazioni", ambito: 'Edilizia', modalita: remote, ore: 5, partecipanti: 2, costo: 150, periodo: 'ottobre 2022' },
    { titolo: 'Accertamento di conformità e sanatoria edilizia', ambito: 'Edilizia', modalita: remote, ore: 4, partecipanti: 1, costo: 90, periodo: 'novembre 2022' },
    { titolo: 'Il conflitto di interessi negli appalti pubblici', ambito: 'Anticorruzione', modalita: remote, ore: 3, partecipanti: 2, periodo: 'settembre 2022' },
  ],
  'servizi-cittadino': [
    { titolo: 'Trasparenza e accesso civico generalizzato', ambito: 'Anticorruzione', modalita: remote, ore: 3, partecipanti: 2, periodo: 'aprile 2022' },
    { titolo: 'Gli affidamenti dei servizi sociali al Terzo settore', ambito: 'Contratti pubblici', modalita: remote, ore: 7, partecipanti: 2, costo: 200, periodo: 'giugno 2022' },
    { titolo: 'La rendicontazione dei fondi PNRR per il sociale', ambito: 'Fiscalità e bilancio', modalita: remote, ore: 4, partecipanti: 1, periodo: 'ottobre 2022' },
  ],
  'polizia-locale': [
    { titolo: 'Tecniche operative e di autotutela (presso il Comando di Polizia Locale)', ambito: 'Sicurezza del territorio', modalita: 'In presenza', ore: 12, partecipanti: 14, costo: 600, periodo: 'aprile 2022' },
    { titolo: 'Codice della strada: le novità 2022', ambito: 'Sicurezza del territorio', modalita: remote, ore: 4, partecipanti: 2, costo: 120, periodo: 'gennaio 2022' },
    { titolo: 'Videosorveglianza urbana: regole e trattamento dei dati', ambito: 'Sicurezza del territorio', modalita: remote, ore: 3, partecipanti: 1, periodo: 'maggio 2022' },
    { titolo: 'Controlli sul commercio su area pubblica', ambito: 'Commercio/SUAP', modalita: remote, ore: 4, partecipanti: 1, costo: 90, periodo: 'settembre 2022' },
    { titolo: 'Etica pubblica e codice di comportamento per la polizia locale', ambito: 'Anticorruzione', modalita: remote, ore: 3, partecipanti: 1, periodo: 'novembre 2022' },
  ],
};
