/**
 * EXAMPLE sectors. The seed's organigramma is an image, so the real structure is unknown: these five
 * sectors, their heads and their headcounts are invented for the demo (the names are fictitious). The
 * heads are consistent with the seed's 4 Dirigenti + 1 Segretario generale. The headcounts sum to 198,
 * not the seed's 200, on purpose (Servizi sociali 42): STAFF_TOTAL fires once in the demo.
 */
export interface DemoSector {
  /** Room id and `settori.id`. */
  id: string;
  denominazione: string;
  /** Fictitious head of the sector. */
  responsabile: string;
  qualifica: 'Dirigente' | 'Segretario generale';
  dipendenti: number;
  /** Prefix of the sector's codes (objectives, processes, risks, measures). */
  sigla: string;
}

export const DEMO_SECTORS: ReadonlyArray<DemoSector> = [
  {
    id: 'affari-generali',
    denominazione: 'Affari generali, Personale e Segreteria',
    responsabile: 'Marco Bellini',
    qualifica: 'Segretario generale',
    dipendenti: 38,
    sigla: 'AG',
  },
  {
    id: 'finanze',
    denominazione: 'Servizi finanziari, Tributi e Attività produttive',
    responsabile: 'Laura Gallo',
    qualifica: 'Dirigente',
    dipendenti: 30,
    sigla: 'FIN',
  },
  {
    id: 'lavori-pubblici',
    denominazione: 'Lavori pubblici, Urbanistica e Ambiente',
    responsabile: 'Andrea Bianchi',
    qualifica: 'Dirigente',
    dipendenti: 52,
    sigla: 'LLPP',
  },
  {
    id: 'servizi-cittadino',
    denominazione: 'Servizi sociali, Istruzione e Cultura',
    responsabile: 'Francesca Rossi',
    qualifica: 'Dirigente',
    // Planted (STAFF_TOTAL): 44 would make the sectors sum to the 200 employees at 31/12.
    dipendenti: 42,
    sigla: 'SC',
  },
  {
    id: 'polizia-locale',
    denominazione: 'Polizia locale e Protezione civile',
    responsabile: 'Roberto Ferrero',
    qualifica: 'Dirigente',
    dipendenti: 36,
    sigla: 'PL',
  },
];
