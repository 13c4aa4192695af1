/**
 * Rules corrected against the norms (issue 12), each with a worked example from the norm it applies.
 */
import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);

describe('simplified regime (D.P.R. 81/2022: 50 employees or fewer)', () => {
  it('applies at exactly 50 employees: an objective without weight sum or indicators is not an issue', () => {
    const p = basePlan();
    p.records.ente!.dipendenti_31_12 = 50;
    p.tables.dotazione = [{ id: 'd', order: 'a', values: { area: 'Istruttori', uomini: 20, donne: 30 } }];
    cells(p, SS, 'obiettivi', 0).peso = 90;
    p.sectors[1]!.sheets.indicatori = [];
    expect(validatePlan(p).map((i) => i.rule)).toEqual([]);
  });

  it('reduces 2.3 to the areas of art. 1 c. 16 L. 190/2012 (D.M. 132/2022 art. 6 c. 1): other processes need no risk', () => {
    const p = basePlan();
    p.records.ente!.dipendenti_31_12 = 50;
    p.tables.dotazione = [{ id: 'd', order: 'a', values: { area: 'Istruttori', uomini: 20, donne: 30 } }];
    addRow(p, LP, 'processi', { codice: 'P-LP-09', area: 'Governo del territorio', processo: 'Varianti al PRG', fasi: 'Adozione', responsabile: 'Mario Rossi' });
    expect(of(p, 'PROC_NO_RISK')).toEqual([]);
    p.records.ente!.dipendenti_31_12 = 51;
    p.tables.dotazione[0]!.values.uomini = 21;
    expect(of(p, 'PROC_NO_RISK').map((i) => i.rowId)).toEqual([`${LP}-processi-x5`]);
  });

  it('does not apply at 51 employees', () => {
    const p = basePlan();
    p.records.ente!.dipendenti_31_12 = 51;
    p.tables.dotazione = [{ id: 'd', order: 'a', values: { area: 'Istruttori', uomini: 21, donne: 30 } }];
    cells(p, SS, 'obiettivi', 0).peso = 90;
    expect(validatePlan(p).map((i) => i.rule)).toEqual(['OBJ_WEIGHT_SUM']);
  });
});

describe('OBJ_NO_INDICATOR outside the simplified regime', () => {
  it('is an error: an objective without an indicator cannot be measured (art. 5 c. 1 D.Lgs. 150/2009)', () => {
    const p = basePlan();
    cells(p, SS, 'indicatori', 0).obiettivo = 'LLPP-01';
    expect(of(p, 'OBJ_NO_INDICATOR').map((i) => i.severity)).toEqual(['error']);
  });
});

describe('IND_PERCENT_RANGE', () => {
  it('accepts a negative variation target in «% variazione» (e.g. −10% of waiting time)', () => {
    const p = basePlan();
    Object.assign(cells(p, SS, 'indicatori', 0), { unita: '% variazione', baseline: 0, target_anno1: '-10%', target_anno2: '-15%', target_anno3: '-20%' });
    expect(validatePlan(p)).toEqual([]);
  });

  it('only warns about a «%» value outside 0–100: it does not block approval', () => {
    const p = basePlan();
    cells(p, LP, 'indicatori', 1).target_anno1 = '-10%';
    expect(of(p, 'IND_PERCENT_RANGE').map((i) => [i.severity, i.message])).toEqual([
      [
        'warning',
        "Indicatore «Atti pubblicati nei termini» (riga 2): il target del primo anno vale -10%, ma una percentuale va da 0 a 100: per una variazione scegliere l'unità «% variazione», altrimenti correggere il valore",
      ],
    ]);
  });
});

describe('OBJ_WEIGHT_POSITIVE', () => {
  it('reports an objective weighing 0 even when the sector sums to 100', () => {
    const p = basePlan();
    addRow(p, SS, 'obiettivi', { ...cells(p, SS, 'obiettivi', 0), codice: 'SS-02', peso: 0 });
    addRow(p, SS, 'indicatori', { ...cells(p, SS, 'indicatori', 0), obiettivo: 'SS-02' });
    expect(of(p, 'OBJ_WEIGHT_POSITIVE')).toEqual([
      {
        rule: 'OBJ_WEIGHT_POSITIVE',
        severity: 'error',
        room: SS,
        sector: SS,
        sheet: 'obiettivi',
        rowId: `${SS}-obiettivi-x2`,
        column: 'peso',
        message: "Obiettivo SS-02 (riga 2): il peso è 0: un obiettivo senza peso non conta nella valutazione della performance: assegnargli un peso maggiore di 0 o eliminarlo",
      },
    ]);
  });
});

describe('required by the norms: misure.termine, processi.fasi, ente.rpct', () => {
  it('reports each as CELL_REQUIRED', () => {
    const p = basePlan();
    cells(p, LP, 'misure', 0).termine = null;
    cells(p, LP, 'processi', 0).fasi = '';
    delete p.records.ente!.rpct;
    expect(validatePlan(p).map((i) => [i.sheet, i.column, i.rule])).toEqual([
      ['ente', 'rpct', 'CELL_REQUIRED'],
      ['processi', 'fasi', 'CELL_REQUIRED'],
      ['misure', 'termine', 'CELL_REQUIRED'],
    ]);
  });
});

describe('STAFF_TOTAL', () => {
  it('reports a Dotazione total different from the employees at 31/12 (199 ≠ 200)', () => {
    const p = basePlan();
    p.tables.dotazione![0]!.values.uomini = 14;
    expect(of(p, 'STAFF_TOTAL').map((i) => [i.sheet, i.column, i.message])).toEqual([
      [
        'dotazione',
        'totale',
        'Dotazione: il personale in servizio per area somma a 199, ma la scheda anagrafica indica 200 dipendenti al 31/12: correggere uomini/donne per area o il numero dei dipendenti',
      ],
    ]);
  });

  it('reports sector headcounts that do not add up to the employees, once any is given', () => {
    const p = basePlan();
    p.tables.settori![0]!.values.dipendenti = 120;
    expect(of(p, 'STAFF_TOTAL').map((i) => i.message)).toEqual([
      'Settori: i dipendenti dei settori sommano a 120 (1 settori senza numero), ma la scheda anagrafica indica 200 dipendenti al 31/12: completare o correggere i numeri dei settori',
    ]);
    p.tables.settori![1]!.values.dipendenti = 80;
    expect(of(p, 'STAFF_TOTAL')).toEqual([]);
  });
});

describe('OBJ_OWNER', () => {
  it('warns about an owner who is not a sector head of 3.1 Settori, naming the head of the sector', () => {
    const p = basePlan();
    cells(p, SS, 'obiettivi', 0).responsabile = 'Luigi Verdi';
    expect(of(p, 'OBJ_OWNER').map((i) => [i.severity, i.column, i.message])).toEqual([
      [
        'warning',
        'responsabile',
        'Obiettivo SS-01 (riga 1): il responsabile «Luigi Verdi» non è un responsabile di settore del foglio 3.1 Settori: scrivere il responsabile del settore Servizi sociali («Anna Bianchi») o un altro responsabile del foglio 3.1 Settori',
      ],
    ]);
  });

  it('accepts the head of another sector and ignores case and spaces', () => {
    const p = basePlan();
    cells(p, SS, 'obiettivi', 0).responsabile = '  mario   ROSSI ';
    expect(of(p, 'OBJ_OWNER')).toEqual([]);
  });
});

describe('AGILE_ACCORDI for an activity that cannot be done remotely', () => {
  it('reports agreements on an activity marked «No»', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'lavoro_agile', 0), { smartabile: 'No', accordi: 2 });
    expect(of(p, 'AGILE_ACCORDI').map((i) => i.message)).toEqual([
      'Attività «Progettazione» (riga 1): l\'attività non è lavorabile da remoto ma ha 2 accordi individuali di lavoro agile: portare gli accordi a 0 o rivedere «Lavorabile da remoto»',
    ]);
    cells(p, LP, 'lavoro_agile', 0).accordi = 0;
    expect(of(p, 'AGILE_ACCORDI')).toEqual([]);
  });
});

describe('ENTE_APPROVAL_DATE', () => {
  it('accepts adoption by 31 January of the first year (art. 6 c. 1 D.L. 80/2021)', () => {
    const p = basePlan();
    p.records.ente!.data_approvazione = '2022-01-31';
    expect(of(p, 'ENTE_APPROVAL_DATE')).toEqual([]);
  });

  it('warns after 31 January when no later budget date is given', () => {
    const p = basePlan();
    p.records.ente!.data_approvazione = '2022-02-01';
    expect(of(p, 'ENTE_APPROVAL_DATE').map((i) => [i.severity, i.column, i.message])).toEqual([
      [
        'warning',
        'data_approvazione',
        'Scheda anagrafica: la data di approvazione 01/02/2022 è oltre il termine: il termine è il 31/01/2022 (art. 6 c. 1 D.L. 80/2021); se il bilancio di previsione è stato approvato dopo, indicarne la data nella scheda anagrafica; verificare la data',
      ],
    ]);
  });

  it('in the first application (2022-2024) allows 120 days after the budget date (D.M. 132/2022 art. 8 c. 3): 31/07 → 28/11', () => {
    const p = basePlan();
    p.records.ente!.data_bilancio = '2022-07-31';
    p.records.ente!.data_approvazione = '2022-11-28';
    expect(of(p, 'ENTE_APPROVAL_DATE')).toEqual([]);
    p.records.ente!.data_approvazione = '2022-11-29';
    expect(of(p, 'ENTE_APPROVAL_DATE').map((i) => i.message)).toEqual([
      "Scheda anagrafica: la data di approvazione 29/11/2022 è oltre il termine: il termine è il 28/11/2022, 120 giorni dal bilancio del 31/07/2022 (prima applicazione, D.M. 132/2022 art. 8 c. 3); verificare la data",
    ]);
  });

  it('allows 30 days after a budget approved after 31 January (D.M. 132/2022 art. 8 c. 2): budget 30/05/2023 → 29/06/2023', () => {
    const p = basePlan();
    p.triennio = '2023-2025';
    p.records.ente!.triennio = '2023-2025';
    for (const s of p.sectors) for (const r of s.sheets.obiettivi) {
      delete r.values.inizio;
      delete r.values.fine;
    }
    p.tables.azioni_positive!.forEach((r, i) => (r.values.anno = 2023 + i));
    p.records.ente!.data_bilancio = '2023-05-30';
    p.records.ente!.data_approvazione = '2023-06-29';
    expect(of(p, 'ENTE_APPROVAL_DATE')).toEqual([]);
    p.records.ente!.data_approvazione = '2023-06-30';
    expect(of(p, 'ENTE_APPROVAL_DATE').map((i) => i.message)).toEqual([
      "Scheda anagrafica: la data di approvazione 30/06/2023 è oltre il termine: il termine è il 29/06/2023, 30 giorni dall'approvazione del bilancio del 30/05/2023 (D.M. 132/2022 art. 8 c. 2); verificare la data",
    ]);
  });
});

describe('TRAIN_HOURS (Direttiva 14/01/2025: 40 hours per head per year, from 2025)', () => {
  const plan2025 = () => {
    const p = basePlan();
    p.triennio = '2025-2027';
    p.records.ente!.triennio = '2025-2027';
    for (const s of p.sectors) for (const r of s.sheets.fabbisogni) r.values.anno = 2025;
    for (const s of p.sectors) for (const r of s.sheets.cessazioni) r.values.anno = 2025;
    for (const s of p.sectors) for (const r of s.sheets.obiettivi) {
      delete r.values.inizio;
      delete r.values.fine;
    }
    // 200 employees × 40 h = 8.000 h per year, for each of 2025, 2026 and 2027.
    for (const s of p.sectors) s.sheets.formazione = [];
    for (const anno of [2025, 2026, 2027]) {
      addRow(p, LP, 'formazione', { anno, titolo: `Corso ${anno}`, ambito: 'Digitale', modalita: 'A distanza', ore: 40, partecipanti: 200 });
    }
    return p;
  };

  it('passes at 40 hours per employee in every year', () => {
    expect(of(plan2025(), 'TRAIN_HOURS')).toEqual([]);
  });

  it('counts each year on its own: 2026 with 7.960 hours is short by 40', () => {
    const p = plan2025();
    cells(p, LP, 'formazione', 1).partecipanti = 199;
    expect(of(p, 'TRAIN_HOURS').map((i) => i.message)).toEqual([
      "Formazione 2026: il piano prevede 7.960 ore di formazione (ore × partecipanti) per 200 dipendenti, cioè 39,8 ore a testa: la Direttiva del Ministro per la PA del 14/01/2025 chiede almeno 40 ore per dipendente all'anno dal 2025 (mancano 40 ore)",
    ]);
  });

  it('does not apply before 2025, nor under the simplified regime', () => {
    const p = basePlan();
    cells(p, SS, 'formazione', 0).partecipanti = 1;
    expect(of(p, 'TRAIN_HOURS')).toEqual([]);
    const q = plan2025();
    q.records.ente!.dipendenti_31_12 = 50;
    cells(q, LP, 'formazione', 1).partecipanti = 1;
    expect(of(q, 'TRAIN_HOURS')).toEqual([]);
  });
});
