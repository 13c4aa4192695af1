/** Closed lists shared by several sheets (piao-domain.md). */

export const AREE_PERSONALE = [
  'Operatori',
  'Operatori esperti',
  'Istruttori',
  'Funzionari e EQ',
  'Dirigenti',
  'Segretario',
] as const;

/** Old CCNL categories and the area each maps to (CCNL 16/11/2022). */
export const CATEGORIE_EX = { A: 'Operatori', B: 'Operatori esperti', C: 'Istruttori', D: 'Funzionari e EQ' } as const;

export const LIVELLI_INDICATORE_RISCHIO = ['Alto', 'Medio', 'Basso'] as const;

export const GIUDIZI_RISCHIO = ['Molto alto', 'Alto', 'Medio', 'Basso', 'Trascurabile'] as const;

/** ANAC PNA 2019 general areas plus the specific areas for comuni. */
export const AREE_RISCHIO = [
  'Acquisizione e gestione del personale',
  'Contratti pubblici',
  'Provvedimenti ampliativi privi di effetto economico diretto',
  'Provvedimenti ampliativi con effetto economico diretto',
  'Gestione delle entrate, delle spese e del patrimonio',
  'Controlli, verifiche, ispezioni e sanzioni',
  'Incarichi e nomine',
  'Affari legali e contenzioso',
  'Governo del territorio',
  'Gestione dei rifiuti',
  'Pianificazione urbanistica',
  'Altro',
] as const;

export const TIPOLOGIE_MISURA = [
  'Controllo',
  'Trasparenza',
  "Definizione e promozione dell'etica",
  'Regolamentazione',
  'Semplificazione',
  'Formazione',
  'Sensibilizzazione',
  'Rotazione',
  'Segnalazione e protezione',
  'Disciplina del conflitto di interessi',
  'Regolazione dei rapporti con i rappresentanti di interessi',
] as const;

export const AMBITI_FORMAZIONE = [
  'Anticorruzione',
  'Trasparenza ed etica',
  'Salute e sicurezza',
  'Privacy',
  'Contratti pubblici',
  'Commercio/SUAP',
  'Fiscalità e bilancio',
  'Edilizia',
  'Personale e previdenza',
  'Sicurezza del territorio',
  'Digitale',
  'Lavoro agile',
  'Tecnico-specialistica',
] as const;

/** Competences of the Direttiva del Ministro per la PA del 14/01/2025 on training (§ 3). */
export const COMPETENZE_FORMAZIONE = [
  'Leadership e soft skill',
  'Transizione amministrativa',
  'Transizione digitale',
  'Transizione ecologica',
  'Tecnico-specialistica',
] as const;

export const MODALITA_ASSUNZIONE = [
  'Concorso pubblico',
  'Scorrimento graduatoria',
  'Mobilità (art. 30 D.Lgs. 165/2001)',
  'Progressione verticale',
  'Stabilizzazione',
  'Collocamento obbligatorio (L. 68/1999)',
  'Art. 110 TUEL',
] as const;

/**
 * DM 17/03/2020, Tabella 1: the threshold of personnel expense over current revenue per population
 * band of a comune (percent). Used to suggest `capacita_assunzionale.soglia`.
 */
export const SOGLIE_DM_17_03_2020: ReadonlyArray<{ fino_a: number; soglia: number }> = [
  { fino_a: 999, soglia: 29.5 },
  { fino_a: 1999, soglia: 28.6 },
  { fino_a: 2999, soglia: 27.6 },
  { fino_a: 4999, soglia: 27.2 },
  { fino_a: 9999, soglia: 26.9 },
  { fino_a: 59999, soglia: 27.0 },
  { fino_a: 249999, soglia: 27.6 },
  { fino_a: 1499999, soglia: 28.8 },
  { fino_a: Number.POSITIVE_INFINITY, soglia: 25.3 },
];

export function sogliaPerPopolazione(popolazione: number): number {
  const band = SOGLIE_DM_17_03_2020.find((b) => popolazione <= b.fino_a);
  return (band ?? SOGLIE_DM_17_03_2020[SOGLIE_DM_17_03_2020.length - 1]!).soglia;
}

/**
 * DM 17/03/2020, Tabella 3: the upper ("rientro") threshold per population band (percent). Above it a
 * comune must bring the ratio down and may spend only 30% of its leavers' cost (art. 6).
 */
export const SOGLIE_RIENTRO_DM_17_03_2020: ReadonlyArray<{ fino_a: number; soglia: number }> = [
  { fino_a: 999, soglia: 33.5 },
  { fino_a: 1999, soglia: 32.6 },
  { fino_a: 2999, soglia: 31.6 },
  { fino_a: 4999, soglia: 31.2 },
  { fino_a: 9999, soglia: 30.9 },
  { fino_a: 59999, soglia: 31.0 },
  { fino_a: 249999, soglia: 31.6 },
  { fino_a: 1499999, soglia: 32.8 },
  { fino_a: Number.POSITIVE_INFINITY, soglia: 29.3 },
];

export function sogliaRientroPerPopolazione(popolazione: number): number {
  const band = SOGLIE_RIENTRO_DM_17_03_2020.find((b) => popolazione <= b.fino_a);
  return (band ?? SOGLIE_RIENTRO_DM_17_03_2020[SOGLIE_RIENTRO_DM_17_03_2020.length - 1]!).soglia;
}
