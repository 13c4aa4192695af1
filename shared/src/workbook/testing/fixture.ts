import * as Y from 'yjs';
import { applyChanges, type RowChange } from '../../doc/rows';
import { readPlanData, type PlanData } from '../../doc/plan-data';

/** A small plan built the way the product builds one: Y.Docs, applyChanges, readPlanData. */
export interface Fixture {
  plan: Y.Doc;
  sectors: Map<string, Y.Doc>;
  data(): PlanData;
}

const add = (sheet: RowChange['sheet'], values: Record<string, string | number | boolean | null>, id?: string): RowChange => ({
  kind: 'add',
  sheet,
  values,
  ...(id ? { id } : {}),
});

export function buildFixture(): Fixture {
  const plan = new Y.Doc();
  applyChanges(
    plan,
    [
      {
        kind: 'record',
        sheet: 'ente',
        values: {
          denominazione: 'Comune di Prova',
          codice_fiscale: '00172340069',
          indirizzo: 'Via Roma 1',
          pec: 'protocollo@pec.comune.prova.it',
          dipendenti_31_12: 120,
          triennio: '2023-2025',
          data_approvazione: '2023-01-30',
        },
      },
      { kind: 'record', sheet: 'capacita_assunzionale', values: { spesa_personale: 4_000_000, entrate_correnti_media: 20_000_000, fcde: 1_000_000, soglia: 27 } },
      add('settori', { id: 'lavori-pubblici', denominazione: 'Lavori pubblici', qualifica: 'Dirigente', dipendenti: 20 }),
      add('settori', { id: 'servizi-sociali', denominazione: 'Servizi sociali', qualifica: 'Dirigente', dipendenti: 15 }),
      add('obiettivi_strategici', { codice: '04.02', indirizzo_codice: '04', indirizzo: 'Programmazione urbanistica', titolo: 'Manutenzione' }),
      add('obiettivi_strategici', { codice: '07.01', indirizzo_codice: '07', indirizzo: 'Welfare', titolo: 'Inclusione' }),
      add('dotazione', { area: 'Istruttori', categoria_ex: 'C', uomini: 40, donne: 58 }),
    ],
    'test',
  );
  const llpp = new Y.Doc();
  applyChanges(
    llpp,
    [
      add('obiettivi', { codice: 'LLPP-01', titolo: 'Strade', obiettivo_strategico: '04.02', tipo: 'Strategico', responsabile: 'Ing. Rossi', peso: 60, inizio: '2023-01-01', fine: '2023-12-31' }, 'obj-llpp-1'),
      add('obiettivi', { codice: 'LLPP-02', titolo: 'Trasparenza', obiettivo_strategico: '04.02', tipo: 'Trasversale anticorruzione/trasparenza', responsabile: 'Ing. Rossi', peso: 30 }, 'obj-llpp-2'),
      add('indicatori', { obiettivo: 'LLPP-01', nome: 'Km asfaltati', tipo: 'Efficacia', unita: 'n.', polarita: 'Crescente', baseline: 10, target_anno1: '12' }, 'ind-llpp-1'),
      add('processi', { codice: 'P-LLPP-1', area: 'Contratti pubblici', processo: 'Affidamento lavori', responsabile: 'Ing. Rossi', fondi_pnrr: true }, 'proc-llpp-1'),
      add('rischi', risk('R-LLPP-1', 'P-LLPP-1', 'Alto'), 'risk-llpp-1'),
      add('rischi', risk('R-LLPP-2', 'P-LLPP-1', 'Medio'), 'risk-llpp-2'),
      add('misure', { codice: 'M-LLPP-1', rischio: 'R-LLPP-1', tipo: 'Generale', tipologia: 'Rotazione', descrizione: 'Rotazione RUP', stato: 'Da attuare', responsabile: 'Ing. Rossi', termine: '2023-06-30', indicatore: 'Rotazioni', valore_atteso: '2' }, 'mis-llpp-1'),
      add('fabbisogni', { anno: 2023, profilo: 'Istruttore tecnico', area: 'Istruttori', posti: 2, regime: 'Tempo pieno', rapporto: 'Tempo indeterminato', modalita: 'Concorso pubblico', costo_unitario: 33_000 }, 'fab-llpp-1'),
      add('fabbisogni', { anno: 2024, profilo: 'Funzionario tecnico', area: 'Funzionari e EQ', posti: 1, regime: 'Part-time', percentuale_pt: 50, rapporto: 'Tempo indeterminato', modalita: 'Progressione verticale', costo_unitario: 40_000 }, 'fab-llpp-2'),
      add('cessazioni', { anno: 2023, area: 'Operatori', profilo: 'Operaio', posti: 1, motivo: 'Pensionamento' }, 'ces-llpp-1'),
      add('lavoro_agile', { attivita: 'Progettazione', smartabile: 'Parzialmente', dipendenti: 5, accordi: 3, giorni_settimana: 2 }, 'agile-llpp-1'),
      add('formazione', { titolo: 'Codice appalti', ambito: 'Contratti pubblici', modalita: 'A distanza', ore: 8, partecipanti: 5, costo: 500 }, 'form-llpp-1'),
    ],
    'test',
  );
  const sociali = new Y.Doc();
  applyChanges(
    sociali,
    [
      add('obiettivi', { codice: 'SS-01', titolo: 'Assistenza', obiettivo_strategico: '07.01', tipo: 'Operativo', responsabile: 'Dott.ssa Bianchi', peso: 100 }, 'obj-ss-1'),
      add('processi', { codice: 'P-SS-1', area: 'Provvedimenti ampliativi con effetto economico diretto', processo: 'Contributi', responsabile: 'Dott.ssa Bianchi' }, 'proc-ss-1'),
      add('rischi', risk('R-SS-1', 'P-SS-1', 'Molto alto'), 'risk-ss-1'),
      add('fabbisogni', { anno: 2023, profilo: 'Assistente sociale', area: 'Funzionari e EQ', posti: 3, regime: 'Tempo pieno', rapporto: 'Tempo determinato', modalita: 'Scorrimento graduatoria', costo_unitario: 36_000.5 }, 'fab-ss-1'),
    ],
    'test',
  );
  const sectors = new Map([
    ['lavori-pubblici', llpp],
    ['servizi-sociali', sociali],
  ]);
  return { plan, sectors, data: () => readPlanData('comune-prova', '2023-2025', plan, (id) => sectors.get(id)) };
}

function risk(codice: string, processo: string, giudizio: string): Record<string, string> {
  return {
    codice,
    processo,
    evento_rischioso: 'Frazionamento artificioso',
    interesse_esterno: 'Alto',
    discrezionalita: 'Medio',
    eventi_passati: 'Basso',
    opacita: 'Medio',
    collaborazione: 'Basso',
    attuazione_misure: 'Medio',
    giudizio,
    motivazione: 'Valori elevati nel settore',
  };
}
