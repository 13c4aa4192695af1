import { emptySectorSheets, type PlanData, type SectorData } from '../../shared/src/doc/plan-data';
import type { SheetRow } from '../../shared/src/doc/rows';
import { AMBITI_FORMAZIONE, AREE_PERSONALE, AREE_RISCHIO, GIUDIZI_RISCHIO, MODALITA_ASSUNZIONE, TIPOLOGIE_MISURA, DEFAULT_SETTINGS } from '../../shared/src/schema';
import type { RowValues, SectorSheetId } from '../../shared/src/schema/types';
import { rng } from './rng';

/** Share of a sector's rows per sheet: objectives, indicators and the anticorruption sheets dominate real plans. */
const MIX: ReadonlyArray<[SectorSheetId, number]> = [
  ['obiettivi', 0.12],
  ['indicatori', 0.22],
  ['processi', 0.1],
  ['rischi', 0.16],
  ['misure', 0.16],
  ['fabbisogni', 0.08],
  ['cessazioni', 0.04],
  ['lavoro_agile', 0.06],
  ['formazione', 0.06],
];


const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const date = (r: () => number): string => `2023-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
const LEVELS = ['Alto', 'Medio', 'Basso'] as const;

function values(sheet: SectorSheetId, i: number, prefix: string, r: () => number): RowValues {
  const code = `${prefix}-${String(i + 1).padStart(6, '0')}`;
  switch (sheet) {
    case 'obiettivi':
      return { codice: `OB-${code}`, titolo: `Obiettivo ${i + 1} del settore`, descrizione: 'Migliorare i tempi medi di risposta alle istanze dei cittadini', obiettivo_strategico: '04.02', tipo: pick(r, ['Strategico', 'Operativo', 'Gestionale']), dimensione: 'Digitalizzazione', responsabile: 'Dirigente del settore', peso: Math.round(r() * 30), inizio: date(r), fine: '2023-12-31' };
    case 'indicatori':
      return { obiettivo: `OB-${code}`, nome: 'Tempo medio di conclusione del procedimento', tipo: 'Efficacia', formula: 'giorni totali / pratiche', unita: 'giorni', polarita: 'Decrescente', baseline: Math.round(r() * 900) / 10, target_anno1: '30', target_anno2: '25', target_anno3: '20', fonte: 'Protocollo informatico' };
    case 'processi':
      return { codice: `PR-${code}`, area: pick(r, AREE_RISCHIO), processo: 'Rilascio di autorizzazioni', fasi: 'Istanza\nIstruttoria\nProvvedimento', responsabile: 'Responsabile del procedimento', fondi_pnrr: r() < 0.2 };
    case 'rischi':
      return { codice: `RI-${code}`, processo: `PR-${code}`, fase: 'Istruttoria', evento_rischioso: 'Omissione dei controlli per favorire un richiedente', fattori_abilitanti: 'Scarsa trasparenza', interesse_esterno: pick(r, LEVELS), discrezionalita: pick(r, LEVELS), eventi_passati: pick(r, LEVELS), opacita: pick(r, LEVELS), collaborazione: pick(r, LEVELS), attuazione_misure: pick(r, LEVELS), giudizio: pick(r, GIUDIZI_RISCHIO), motivazione: 'Processo con ampia discrezionalità e interessi economici rilevanti' };
    case 'misure':
      return { codice: `MI-${code}`, rischio: `RI-${code}`, tipo: pick(r, ['Generale', 'Specifica']), tipologia: pick(r, TIPOLOGIE_MISURA), descrizione: 'Controllo a campione del 10% delle pratiche', stato: pick(r, ['Attuata', 'In attuazione', 'Da attuare']), responsabile: 'Dirigente del settore', termine: date(r), indicatore: 'Pratiche controllate', valore_atteso: '10%' };
    case 'fabbisogni': {
      const pt = r() < 0.2;
      return { anno: 2023 + Math.floor(r() * 3), profilo: 'Istruttore amministrativo', area: pick(r, AREE_PERSONALE), posti: 1 + Math.floor(r() * 3), regime: pt ? 'Part-time' : 'Tempo pieno', ...(pt ? { percentuale_pt: 50 } : {}), rapporto: 'Tempo indeterminato', modalita: pick(r, MODALITA_ASSUNZIONE), costo_unitario: 30_000 + Math.round(r() * 1_000_000) / 100, decorrenza: date(r) };
    }
    case 'cessazioni':
      return { anno: 2023 + Math.floor(r() * 3), area: pick(r, AREE_PERSONALE), profilo: 'Istruttore amministrativo', posti: 1, motivo: 'Pensionamento' };
    case 'lavoro_agile':
      return { attivita: 'Gestione pratiche amministrative', smartabile: pick(r, ['Sì', 'Parzialmente', 'No']), dipendenti: 10, accordi: Math.floor(r() * 10), giorni_settimana: 2, strumenti: 'VPN, portatile', indicatore: 'Pratiche evase', target: '+5%' };
    case 'formazione':
      return { titolo: 'Aggiornamento normativo', ambito: pick(r, AMBITI_FORMAZIONE), modalita: pick(r, ['In presenza', 'A distanza', 'Mista']), ore: 4 + Math.floor(r() * 20), partecipanti: 1 + Math.floor(r() * 30), costo: Math.round(r() * 200000) / 100, periodo: 'Primo semestre' };
  }
}

/** A plan of about `rows` sector rows spread over `sectorCount` sectors and the nine sector sheets. */
export function generatePlan(rows: number, sectorCount = 20, seed = 1): PlanData {
  const r = rng(seed);
  const sectors: SectorData[] = [];
  for (let s = 0; s < sectorCount; s++) {
    const id = `settore-${s + 1}`;
    const sheets = emptySectorSheets();
    const perSector = Math.round(rows / sectorCount);
    for (const [sheet, share] of MIX) {
      const n = Math.round(perSector * share);
      const out: SheetRow[] = sheets[sheet];
      for (let i = 0; i < n; i++) out.push({ id: `${id}-${sheet}-${i}`, order: String(i).padStart(8, '0'), values: values(sheet, i, `S${s + 1}`, r) });
    }
    sectors.push({ id, name: `Settore ${s + 1}`, sheets });
  }
  return {
    ente: 'comune-bench',
    triennio: '2023-2025',
    records: {
      ente: { denominazione: 'Comune di Prova', codice_fiscale: '00172340069', indirizzo: 'Via Roma 1', pec: 'protocollo@pec.prova.it', dipendenti_31_12: 200, triennio: '2023-2025' },
      capacita_assunzionale: { spesa_personale: 4_000_000, entrate_correnti_media: 20_000_000, fcde: 1_000_000, soglia: 27 },
    },
    tables: {
      settori: sectors.map((s, i) => ({ id: `row-${s.id}`, order: String(i), values: { id: s.id, denominazione: s.name } })),
      obiettivi_strategici: [{ id: 'os-1', order: 'a', values: { codice: '04.02', indirizzo_codice: '04', indirizzo: 'Territorio', titolo: 'Manutenzione' } }],
      dotazione: AREE_PERSONALE.map((area, i) => ({ id: `dot-${i}`, order: String(i), values: { area, uomini: 10, donne: 12 } })),
    },
    sectors,
    settings: DEFAULT_SETTINGS,
  };
}
