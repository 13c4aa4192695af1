/**
 * A small, complete and valid plan for the validation tests: every sheet has rows, every rule passes.
 * Tests break one thing at a time and look for exactly the issue that thing should raise.
 */
import type { PlanData, SectorData } from '../doc/plan-data';
import { emptySectorSheets } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import type { RowValues, SectorSheetId } from '../schema/types';
import { DEFAULT_SETTINGS } from '../schema/types';

export function rows(prefix: string, values: RowValues[]): SheetRow[] {
  return values.map((v, i) => ({ id: `${prefix}-${i + 1}`, order: `a${i}`, values: { ...v } }));
}

function sector(id: string, name: string, sheets: Partial<Record<SectorSheetId, RowValues[]>>): SectorData {
  const all = emptySectorSheets();
  for (const [sheet, values] of Object.entries(sheets) as Array<[SectorSheetId, RowValues[]]>) all[sheet] = rows(`${id}-${sheet}`, values);
  return { id, name, sheets: all };
}

const AC = 'Trasversale anticorruzione/trasparenza';

export function basePlan(): PlanData {
  return {
    ente: 'prova',
    triennio: '2022-2024',
    records: {
      ente: {
        denominazione: 'Comune di Prova',
        codice_fiscale: '00172340069',
        indirizzo: 'Via Roma 1, 15033 Prova (AL)',
        pec: 'protocollo@pec.comune.prova.it',
        sito_web: 'www.comune.prova.it',
        dipendenti_31_12: 200,
        triennio: '2022-2024',
        rpct: 'Segretario generale',
      },
      // Spazio assunzionale: 27% × (20.000.000 − 1.000.000) − 5.000.000 = 130.000 €.
      capacita_assunzionale: { spesa_personale: 5_000_000, entrate_correnti_media: 20_000_000, fcde: 1_000_000, soglia: 27 },
      impostazioni: {},
    },
    tables: {
      settori: rows('settori', [
        { id: 'lavori-pubblici', denominazione: 'Lavori pubblici', qualifica: 'Dirigente', responsabile: 'Mario Rossi' },
        { id: 'servizi-sociali', denominazione: 'Servizi sociali', responsabile: 'Anna Bianchi' },
      ]),
      obiettivi_strategici: rows('os', [
        { codice: '04.02', indirizzo_codice: '04', indirizzo: 'Programmazione urbanistica e dei lavori pubblici', titolo: 'Manutenzione del territorio' },
        { codice: '07.01', indirizzo_codice: '07', indirizzo: 'Politiche sociali', titolo: 'Inclusione' },
      ]),
      // 200 in all, as ente.dipendenti_31_12 (STAFF_TOTAL).
      // The context analysis of 2.3 (AC_CONTEXT).
      testi: rows('testi', [
        { sezione: '2.3', titolo: 'Contesto esterno', testo: 'Il territorio e i portatori di interesse.' },
        { sezione: '2.3', titolo: 'Contesto interno', testo: "L'organizzazione e i suoi processi." },
      ]),
      // A positive action for each year of the triennio (PAP_YEARS).
      azioni_positive: rows('pap', [2022, 2023, 2024].map((anno) => ({ obiettivo: 'Conciliazione', azione: 'Orario flessibile in entrata', ambito: 'Conciliazione vita-lavoro', responsabile: 'Segretario generale', anno }))),
      dotazione: rows('dot', [
        { area: 'Operatori esperti', categoria_ex: 'B', uomini: 15, donne: 20 },
        { area: 'Istruttori', categoria_ex: 'C', uomini: 40, donne: 58 },
        { area: 'Funzionari e EQ', categoria_ex: 'D', uomini: 30, donne: 32 },
        { area: 'Dirigenti', uomini: 2, donne: 2 },
        { area: 'Segretario', uomini: 0, donne: 1 },
      ]),
    },
    sectors: [
      sector('lavori-pubblici', 'Lavori pubblici', {
        obiettivi: [
          { codice: 'LLPP-01', titolo: 'Manutenzione delle strade', obiettivo_strategico: '04.02', tipo: 'Operativo', responsabile: 'Mario Rossi', peso: 60, inizio: '2022-01-01', fine: '2022-12-31' },
          { codice: 'LLPP-02', titolo: 'Trasparenza degli appalti', obiettivo_strategico: '04.02', tipo: AC, responsabile: 'Mario Rossi', peso: 40 },
        ],
        indicatori: [
          { obiettivo: 'LLPP-01', nome: 'Km di strade rifatte', tipo: 'Efficacia', unita: 'n.', polarita: 'Crescente', baseline: 10, target_anno1: '12' },
          { obiettivo: 'LLPP-02', nome: 'Atti pubblicati nei termini', tipo: 'Efficacia', unita: '%', polarita: 'Crescente', baseline: 80, target_anno1: '≥ 90%', target_anno2: '95%' },
        ],
        // The four areas of art. 1 c. 16 L. 190/2012 (AC_AREAS), each process with a risk (PROC_NO_RISK).
        processi: [
          { codice: 'P-LP-01', area: 'Contratti pubblici', processo: 'Affidamento di lavori', fasi: 'Programmazione\nProgettazione\nAffidamento', responsabile: 'Mario Rossi', fondi_pnrr: true },
          { codice: 'P-LP-02', area: 'Provvedimenti ampliativi privi di effetto economico diretto', processo: 'Occupazione di suolo pubblico', fasi: 'Istanza\nRilascio', responsabile: 'Mario Rossi' },
          { codice: 'P-LP-03', area: 'Provvedimenti ampliativi con effetto economico diretto', processo: 'Contributi alle associazioni', fasi: 'Bando\nGraduatoria', responsabile: 'Mario Rossi' },
          { codice: 'P-LP-04', area: 'Acquisizione e gestione del personale', processo: 'Concorso per tecnici', fasi: 'Bando\nProve\nGraduatoria', responsabile: 'Mario Rossi' },
        ],
        rischi: [
          {
            codice: 'R-LP-01', processo: 'P-LP-01', evento_rischioso: 'Frazionamento artificioso', interesse_esterno: 'Alto', discrezionalita: 'Medio',
            eventi_passati: 'Basso', opacita: 'Basso', collaborazione: 'Basso', attuazione_misure: 'Medio', giudizio: 'Medio', motivazione: 'Interesse esterno elevato.',
          },
          { codice: 'R-LP-02', processo: 'P-LP-02', evento_rischioso: 'Disparità di trattamento', interesse_esterno: 'Basso', discrezionalita: 'Basso', eventi_passati: 'Basso', opacita: 'Basso', collaborazione: 'Basso', attuazione_misure: 'Basso', giudizio: 'Basso', motivazione: 'Procedura regolata.' },
          { codice: 'R-LP-03', processo: 'P-LP-03', evento_rischioso: 'Disparità di trattamento', interesse_esterno: 'Basso', discrezionalita: 'Basso', eventi_passati: 'Basso', opacita: 'Basso', collaborazione: 'Basso', attuazione_misure: 'Basso', giudizio: 'Basso', motivazione: 'Procedura regolata.' },
          { codice: 'R-LP-04', processo: 'P-LP-04', evento_rischioso: 'Disparità di trattamento', interesse_esterno: 'Basso', discrezionalita: 'Basso', eventi_passati: 'Basso', opacita: 'Basso', collaborazione: 'Basso', attuazione_misure: 'Basso', giudizio: 'Basso', motivazione: 'Procedura regolata.' },
        ],
        misure: [
          {
            codice: 'M-LP-01', rischio: 'R-LP-01', tipo: 'Generale', tipologia: 'Rotazione', descrizione: 'Rotazione dei RUP', stato: 'In attuazione',
            responsabile: 'Mario Rossi', termine: '2023-06-30', indicatore: 'Rotazioni effettuate', valore_atteso: '1',
          },
        ],
        fabbisogni: [
          { anno: 2023, profilo: 'Istruttore tecnico', area: 'Istruttori', posti: 2, regime: 'Tempo pieno', rapporto: 'Tempo indeterminato', modalita: 'Concorso pubblico', costo_unitario: 35_000 },
          { anno: 2023, profilo: 'Funzionario tecnico', area: 'Funzionari e EQ', posti: 1, regime: 'Part-time', percentuale_pt: 50, rapporto: 'Tempo indeterminato', modalita: 'Progressione verticale', costo_unitario: 40_000, costo_provenienza: 35_000 },
        ],
        cessazioni: [{ anno: 2023, area: 'Istruttori', profilo: 'Istruttore tecnico', posti: 1, motivo: 'Pensionamento' }],
        lavoro_agile: [{ attivita: 'Progettazione', smartabile: 'Parzialmente', dipendenti: 5, accordi: 3, giorni_settimana: 2 }],
        formazione: [{ anno: 2022, titolo: 'Il nuovo codice dei contratti', ambito: 'Contratti pubblici', modalita: 'A distanza', ore: 40, partecipanti: 100 }],
      }),
      sector('servizi-sociali', 'Servizi sociali', {
        obiettivi: [{ codice: 'SS-01', titolo: 'Trasparenza dei contributi', obiettivo_strategico: '07.01', tipo: AC, responsabile: 'Anna Bianchi', peso: 100 }],
        indicatori: [{ obiettivo: 'SS-01', nome: 'Tempo medio di erogazione', tipo: 'Efficienza', unita: 'giorni', polarita: 'Decrescente', baseline: 30, target_anno1: '25 giorni' }],
        fabbisogni: [
          { anno: 2023, profilo: 'Funzionario sociale', area: 'Funzionari e EQ', posti: 1, regime: 'Tempo pieno', rapporto: 'Tempo indeterminato', modalita: 'Concorso pubblico', costo_unitario: 40_000 },
        ],
        formazione: [{ anno: 2022, titolo: 'Anticorruzione', ambito: 'Anticorruzione', modalita: 'Mista', ore: 40, partecipanti: 100 }],
      }),
    ],
    settings: { ...DEFAULT_SETTINGS },
  };
}

/** The values of row `index` of a sector sheet (to break it in a test). */
export function cells(plan: PlanData, sectorId: string, sheet: SectorSheetId, index: number): RowValues {
  const s = plan.sectors.find((x) => x.id === sectorId);
  const row = s?.sheets[sheet][index];
  if (!row) throw new Error(`no row ${sectorId}/${sheet}/${index}`);
  return row.values;
}

/** Appends a row to a sector sheet and returns its values. */
export function addRow(plan: PlanData, sectorId: string, sheet: SectorSheetId, values: RowValues): RowValues {
  const s = plan.sectors.find((x) => x.id === sectorId);
  if (!s) throw new Error(`no sector ${sectorId}`);
  const list = s.sheets[sheet];
  list.push({ id: `${sectorId}-${sheet}-x${list.length + 1}`, order: `b${list.length}`, values });
  return values;
}
