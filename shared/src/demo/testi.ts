/**
 * Narrative texts of the demo plan (sheet `testi`): excerpts of the seed document, the PIAO 2022-2024
 * of the Comune di Casale Monferrato, placed in the section of the Piano tipo they belong to.
 * Generated once from /work/shared/seed (paragraphs kept verbatim, bold markers removed).
 */
import type { RowOf } from '../schema/row-types';
import type { testi } from '../schema/testi-sheet';

export const DEMO_TESTI: ReadonlyArray<RowOf<typeof testi>> = [
  {
    sezione: "Premessa",
    titolo: "Premessa",
    testo: "A partire dal 2022 l'art. 6 del D.L. n. 80 del 9 giugno 2021 convertito, con modificazioni, dalla L. 6 agosto 2021, n. 113, al fine di “assicurare la qualità e la trasparenza dell'attività amministrativa, migliorare la qualità dei servizi ai cittadini e alle imprese e procedere alla costante e progressiva semplificazione e reingegnerizzazione dei processi anche in materia di diritto di accesso”, ha previsto per le Pubbliche Amministrazioni con più di cinquanta dipendenti, con esclusione delle scuole di ogni ordine e grado e delle istituzioni educative, la predisposizione del Piano Integrato di Attività e Organizzazione (PIAO). Il Piano ha durata triennale, deve ordinariamente essere adottato entro il 31 gennaio di ogni anno e aggiornato annualmente. Il PIAO dovrà essere altresì pubblicato sul sito istituzionale dell'ente e inviato al Dipartimento della funzione pubblica per la pubblicazione sul portale dedicato.",
  },
  {
    sezione: "Premessa",
    titolo: "PIAO e programmazione triennale dell'Ente",
    testo: "Il PIAO 2022-2024 recepisce i contenuti degli strumenti di programmazione 2022-2024 già approvati/proposti dall'Ente e segnatamente:\n\n- 1) Piano Esecutivo di Gestione-Piano della Performance 2022-2024 approvato con Deliberazione di Giunta Comunale n. 182 del 16.06.2022 e successivamente rimodulato in alcuni degli obiettivi con Deliberazione di Giunta Comunale n. 363 del 25.10.2022.\n- 2) Piano Triennale della Prevenzione della Corruzione e della Trasparenza 2022-2024 approvato con Deliberazione di Giunta Comunale n. 6 del 20.01.2022.\n- 3) Piano Triennale del Fabbisogno del Personale 2022-2024 approvato con Deliberazione di Giunta Comunale n. 435 del 02.12.2021, integrato successivamente con le seguenti Deliberazioni di Giunta Comunale: n. 82 del 29.03.2022, n. 172 del 07.06.2022, n. 285 del 06.09.2022, n. 361 del 25.10.2022 e n. 411 del 22.11.2022.\n- 4) Piano delle Azioni Positive 2021-2023 approvato con Deliberazione di Giunta Comunale n. 37 del 18.02.2021.",
  },
  {
    sezione: "2",
    titolo: "Introduzione",
    testo: "La presente sezione è dedicata ai risultati attesi sviluppati in coerenza con i documenti di programmazione generale e finanziaria con particolare attenzione al valore pubblico, alla performance nei suoi diversi aspetti, nonché alle modalità e alle azioni finalizzate, nel periodo di riferimento, a realizzare la piena accessibilità fisica e digitale, la semplificazione e la reingegnerizzazione delle procedure, la prevenzione della corruzione e la trasparenza amministrativa.",
  },
  {
    sezione: "2.1",
    titolo: "Valore pubblico",
    testo: "In questa sottosezione, l'Amministrazione definisce i risultati attesi in termini di obiettivi generali e specifici, programmati in coerenza con i documenti di programmazione finanziaria adottati da ciascuna amministrazione, le modalità e le azioni finalizzate, nel periodo di riferimento, a realizzare la piena accessibilità, fisica e digitale, alle amministrazioni da parte dei cittadini ultrassessantacinquenni e dei cittadini con disabilità, nonché l'elenco delle procedure da semplificare e reingegnerizzare, secondo le misure previste dall'Agenda Semplificazione.",
  },
  {
    sezione: "2.2",
    titolo: "Performance",
    testo: "Il sistema di programmazione e controllo del Comune di Casale Monferrato si caratterizza per l'immediata riconducibilità alla pianificazione strategica e la tracciabilità dei collegamenti ai vari livelli.\n\nIl Documento Unico di Programmazione (D.U.P) accoglie da un lato lo schema di sintesi del programma di mandato, con indirizzi ed obiettivi strategici, e dall'altro l'operatività esecutiva di settore che ne discende, qualificandosi quale strumento principe di governo della programmazione per l'Ente.",
  },
  {
    sezione: "2.2",
    titolo: "Sistema di misurazione e valutazione della performance",
    testo: "Con deliberazione della Giunta Comunale n. 12 del 24.01.2012 è stato approvato il sistema di misurazione e valutazione della performance organizzativa ed individuale dell'Ente e con deliberazione della Giunta Comunale n. 153 del 31 Maggio 2016 è stata approvata la prima revisione del sistema; successivamente con ulteriore deliberazione di Giunta Comunale n. 475 del 23.12.2019 è stata approvata la seconda revisione dello stesso, in aggiornamento alle disposizioni normative che hanno modificato gli strumenti ordinari di programmazione degli Enti Locali ed in adeguamento ai principi definiti nelle linee guida emanate dal Dipartimento della Funzione Pubblica;\n\nIl sistema di misurazione e valutazione della performance ad oggi vigente presso il Comune di Casale Monferrato non è stato oggetto di una nuova revisione dei contenuti nel corso dell'anno 2022, in ragione di quanto in precedenza esposto sul P.I.A.O.\n\nSi prospetta comunque, prima dell'approvazione dei nuovi obiettivi di performance per l'anno 2023, di aggiornare il sistema vigente coerentemente al nuovo documento integrato di attività ed organizzazione.",
  },
  {
    sezione: "2.2",
    titolo: "Piano delle azioni positive",
    testo: "Ai sensi dell'art. 48 del D. Lgs. n. 198/2006 \"Codice delle pari opportunità tra uomo e donna, a norma dell'art. 6 della L. 28 novembre 2005 n. 246\", le amministrazioni dello Stato, anche ad ordinamento autonomo, le Province, i Comuni e gli altri Enti Pubblici non economici sono tenuti per legge a progettare ed attuare i P.A.P., Piani di azioni positive mirate a rimuovere gli ostacoli che, di fatto, impediscono la piena ed effettiva parità di opportunità tra uomini e donne nel lavoro.\n\nIl Piano triennale delle Azioni Positive del Comune di Casale Monferrato, approvato con deliberazione di Giunta Comunale n. 37 del 18.02.2021, si articola in tre sezioni: la prima sezione rappresenta una fotografia della situazione del personale dell'ente effettuata attraverso il monitoraggio disaggregato di dati, quali il genere e l'orario di lavoro; la seconda e la terza sezione descrivono rispettivamente le attività svolte e i risultati ottenuti dall'applicazione delle disposizioni del precedente P.A.P. e gli obiettivi che l'Amministrazione prevede di raggiungere attraverso il P.A.P. 2021/2023.",
  },
  {
    sezione: "2.3",
    titolo: "Rischi corruttivi e trasparenza",
    testo: "La legge 6 novembre 2012, n. 190, recante “Disposizioni per la prevenzione e la repressione della corruzione e dell’illegalità nella pubblica amministrazione”, ha introdotto nel nostro ordinamento giuridico una prima organica disciplina normativa volta ad attuare una strategia di prevenzione della corruzione. Ciò ha comportato a livello “nazionale” la predisposizione del primo Piano Nazionale Anticorruzione (PNA 2013) approvato con Delibera CiVIT (ora A.N.A.C.) n. 72 del 11/09/2013, in riferimento al quale ogni Amministrazione pubblica ha definito il proprio Piano triennale di prevenzione.\n\nIl Comune di Casale Monferrato, sulla base del PNA 2013, ha approvato il suo primo Piano Triennale di Prevenzione della Corruzione 2013-2015 che, in un’ottica di gestione del “rischio istituzionale”, si prefiggeva i seguenti obiettivi:\n\n- ridurre le opportunità che favoriscano i casi di corruzione, operando sui livelli organizzativi dell’Ente;\n- aumentare la capacità di scoprire casi di corruzione;\n- rafforzare un collegamento tra i compiti e le responsabilità inseriti nel Piano con il ciclo della performance e con gli obblighi di trasparenza.\n\nIl P.T.P.C.T. 2022-2024 è stato adottato con deliberazione della Giunta Comunale n. 6 del 20.01.2022 Tale atto viene considerato parte integrante del PIAO 2022-24, anche se ad esso non materialmente allegato, e ad esso si rinvia per tutto quanto qui non richiamato.",
  },
  {
    sezione: "3.1",
    titolo: "Struttura organizzativa",
    testo: "L'assetto organizzativo del Comune di Casale Monferrato è rappresentato dal seguente organigramma.\n\nDotazione organica al 31.12.2022 comprensiva dei Dirigenti (n.4) e del Segretario Generale (n.1).\n\nDipendenti n. 200:\n\n- di cui n. 86 uomini\n- di cui n. 114 donne\n\nLe posizioni previste nella struttura organizzativa, di cui alla Deliberazione di Giunta Comunale n. 451 del 15.12.2020, sono n. 13 e tutte attualmente coperte.",
  },
  {
    sezione: "3.2",
    titolo: "Organizzazione del lavoro agile",
    testo: "La principale novità che ha caratterizzato la performance dell'attività esecutiva di Settore comunale nel corso dell'anno 2022 è stata ancora l'organizzazione del lavoro in modalità remota, complice il persistere della pandemia da Covid-19; il Sistema di Misurazione e Valutazione della Performance del Comune di Casale Monferrato non è stato modificato in conseguenza all'introduzione di tale nuova modalità di gestione del personale poiché, sino ad oggi, il Comune di Casale Monferrato ha adottato il lavoro agile (definito anche smart working) esclusivamente in funzione dello stato di emergenza, soprattutto in considerazione del fatto che con il diffondersi della pandemia legata al coronavirus il Governo è intervenuto ripetutamente sul tema del lavoro agile, cercando di promuoverlo al fine di contrastare gli spostamenti e gli assembramenti, contribuendo così, in una situazione di emergenza, alla progressiva diffusione dell'attività da remoto.\n\nLo smart working non è solo lavoro a distanza, ma è considerato un vero e proprio paradigma organizzativo nell'ottica della sostenibilità, dell'innovazione e della transizione al digitale. Lavorare in smart working significa intraprendere una progettualità gestionale in grado di modificare processi e modalità di vivere il lavoro, basata sulla fiducia, sulla flessibilità, sull'autonomia nella scelta degli spazi e degli orari, senza mai perdere di vista il raggiungimento gli obiettivi strategici ed operativi, organizzativi ed individuali definiti dall'amministrazione, tenuto conto di tutti i soggetti coinvolti.",
  },
  {
    sezione: "3.3",
    titolo: "Piano triennale dei fabbisogni del personale",
    testo: "La programmazione del fabbisogno del personale che gli organi di vertice degli enti sono tenuti ad approvare ai sensi di legge, deve assicurare le esigenze di funzionalità e di ottimizzazione delle risorse per il miglior funzionamento dei servizi, compatibilmente con le disponibilità finanziarie e i vincoli di finanza pubblica.\n\nLa Giunta Comunale ha approvato il Piano triennale dei fabbisogni del personale 2022/2023/2024, annualità 2022, con Deliberazione di Giunta Comunale n. 435 del 02.12.2021, integrato successivamente con le seguenti Deliberazioni di Giunta Comunale: n. 82 del 29.03.2022, n. 172 del 07.06.2022, n. 285 del 06.09.2022, n. 361 del 25.10.2022 e n. 411 del 22.11.2022.",
  },
  {
    sezione: "3.4",
    titolo: "Formazione del personale",
    testo: "A partire dall'emergenza sanitaria legata alla diffusione del virus COVID – 19, si è assistito ad un profondo cambiamento delle modalità di erogazione delle attività formative al personale dipendente delle pubbliche amministrazioni.\n\nNel corso del 2022 sono stati autorizzati n. 24 (di cui n. 1 in presenza presso il Comando di Polizia Locale e n. 23 \"a distanza\") per un totale di n. 123 ore che hanno visto la partecipazione di n. 46 dipendenti.\n\nLa formazione professionale ha riguardato i seguenti ambiti:\n\n- Commercio/SUAP\n- Fiscalità e Bilancio\n- Edilizia\n- Personale e Previdenza\n- Sicurezza del Territorio\n- Anticorruzione\n- Appalti/Contratti",
  },
  {
    sezione: "4",
    titolo: "Monitoraggio",
    testo: "La sezione indica gli strumenti e le modalità di monitoraggio, incluse le eventuali rilevazioni del grado di soddisfazione degli utenti, delle sezioni precedenti, nonché i soggetti responsabili.\n\nIl monitoraggio delle sottosezioni Valore pubblico e Performance avviene secondo le modalità stabilite dagli articoli 6, 7 e 10, comma 1 lett. b) del decreto legislativo 27 ottobre 2009, n. 150; mentre, il monitoraggio della sottosezione rischi corruttivi e trasparenza avviene secondo le indicazioni contenute nel PTPCT e quelle fornite da ANAC.\n\nPer la sezione Organizzazione e capitale umano il monitoraggio della coerenza con gli obiettivi di performance è effettuato sensi dell'articolo 147 del decreto legislativo 18.08.2000, n. 267.",
  },
];
