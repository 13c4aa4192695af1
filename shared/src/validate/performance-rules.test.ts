import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);

describe('OBJ_WEIGHT_SUM', () => {
  it('passes when the weights of every sector sum to 100', () => {
    expect(of(basePlan(), 'OBJ_WEIGHT_SUM')).toEqual([]);
  });

  it('reports a sector whose weights do not sum to 100, saying by how much', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 0).peso = 50;
    expect(of(p, 'OBJ_WEIGHT_SUM')).toEqual([
      {
        rule: 'OBJ_WEIGHT_SUM',
        severity: 'error',
        room: LP,
        sector: LP,
        sheet: 'obiettivi',
        rowId: null,
        column: 'peso',
        message: 'Obiettivi: la somma dei pesi del settore Lavori pubblici è 90: deve essere 100 (aggiungere 10 punti)',
      },
    ]);
    cells(p, LP, 'obiettivi', 0).peso = 70.5;
    expect(of(p, 'OBJ_WEIGHT_SUM')[0]?.message).toMatch(/è 110,5: deve essere 100 \(togliere 10,5 punti\)$/);
  });

  it('tolerates floating-point sums such as 33,33 + 33,33 + 33,34', () => {
    const p = basePlan();
    cells(p, SS, 'obiettivi', 0).peso = 33.33;
    addRow(p, SS, 'obiettivi', { ...cells(p, SS, 'obiettivi', 0), codice: 'SS-02', peso: 33.33 });
    addRow(p, SS, 'obiettivi', { ...cells(p, SS, 'obiettivi', 0), codice: 'SS-03', peso: 33.34 });
    addRow(p, SS, 'indicatori', { ...cells(p, SS, 'indicatori', 0), obiettivo: 'SS-02' });
    addRow(p, SS, 'indicatori', { ...cells(p, SS, 'indicatori', 0), obiettivo: 'SS-03' });
    expect(validatePlan(p)).toEqual([]);
  });

  it('per responsabile: sums across sectors for the same person', () => {
    const p = basePlan();
    p.settings.weightRule = 'responsabile';
    expect(of(p, 'OBJ_WEIGHT_SUM')).toEqual([]);
    // Mario Rossi now has 60 + 40 in Lavori pubblici and 100 in Servizi sociali.
    cells(p, SS, 'obiettivi', 0).responsabile = ' mario  ROSSI ';
    const found = of(p, 'OBJ_WEIGHT_SUM');
    expect(found.map((i) => i.room)).toEqual([LP, SS]);
    expect(found[0]!.message).toBe(
      'Obiettivi: la somma dei pesi degli obiettivi di Mario Rossi (settori Lavori pubblici e Servizi sociali) è 200: deve essere 100 (togliere 100 punti)',
    );
  });

  it('is not checked when the plan turns it off, nor under the simplified regime', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 0).peso = 10;
    p.settings.weightRule = 'off';
    expect(of(p, 'OBJ_WEIGHT_SUM')).toEqual([]);
    p.settings.weightRule = 'settore';
    p.records.ente!.dipendenti_31_12 = 49;
    expect(of(p, 'OBJ_WEIGHT_SUM')).toEqual([]);
  });
});

describe('OBJ_DATES', () => {
  it('passes for dates inside the triennio in the right order (boundaries included)', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'obiettivi', 0), { inizio: '2022-01-01', fine: '2024-12-31' });
    expect(of(p, 'OBJ_DATES')).toEqual([]);
  });

  it('reports dates outside the triennio and an end before the start', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'obiettivi', 0), { inizio: '2023-05-01', fine: '2025-01-01' });
    Object.assign(cells(p, LP, 'obiettivi', 1), { inizio: '2023-05-01', fine: '2023-04-30' });
    const found = of(p, 'OBJ_DATES');
    expect(found.map((i) => [i.rowId, i.column, i.severity])).toEqual([
      [`${LP}-obiettivi-1`, 'fine', 'error'],
      [`${LP}-obiettivi-2`, 'fine', 'error'],
    ]);
    expect(found[0]!.message).toBe(
      'Obiettivo LLPP-01 (riga 1): la data di fine 01/01/2025 è fuori dal triennio 2022-2024: scegliere una data tra 01/01/2022 e 31/12/2024',
    );
    expect(found[1]!.message).toBe('Obiettivo LLPP-02 (riga 2): la data di fine 30/04/2023 precede la data di inizio 01/05/2023: correggere una delle due');
  });

  it("uses the anagrafica's triennio when the plan's own is not valid", () => {
    const p = basePlan();
    p.triennio = 'x';
    p.records.ente!.triennio = '2030-2032';
    expect(of(p, 'OBJ_DATES').map((i) => i.column)).toEqual(['inizio', 'fine']);
  });
});

describe('OBJ_NO_INDICATOR', () => {
  it('reports an objective without indicators as an error, and passes once one is added', () => {
    const p = basePlan();
    p.sectors[0]!.sheets.indicatori.splice(1, 1);
    expect(of(p, 'OBJ_NO_INDICATOR')).toEqual([
      {
        rule: 'OBJ_NO_INDICATOR',
        severity: 'error',
        room: LP,
        sector: LP,
        sheet: 'obiettivi',
        rowId: `${LP}-obiettivi-2`,
        column: null,
        message: 'Obiettivo LLPP-02 (riga 2): non ha indicatori: aggiungerne almeno uno nel foglio 2.2 Indicatori con obiettivo LLPP-02',
      },
    ]);
    addRow(p, LP, 'indicatori', { ...cells(p, LP, 'indicatori', 0), obiettivo: ' LLPP-02 ' });
    expect(of(p, 'OBJ_NO_INDICATOR')).toEqual([]);
  });

  it('does not count an indicator of another sector', () => {
    const p = basePlan();
    cells(p, SS, 'indicatori', 0).obiettivo = 'LLPP-02';
    p.sectors[0]!.sheets.indicatori.splice(1, 1);
    expect(of(p, 'OBJ_NO_INDICATOR').map((i) => i.rowId)).toEqual([`${LP}-obiettivi-2`, `${SS}-obiettivi-1`]);
  });
});

describe('OBJ_AC_PRESENT', () => {
  it('warns about a sector with objectives but none for anticorruption/transparency', () => {
    const p = basePlan();
    cells(p, LP, 'obiettivi', 1).tipo = 'Gestionale';
    const found = of(p, 'OBJ_AC_PRESENT');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', room: LP, sheet: 'obiettivi', rowId: null, column: 'tipo' });
    expect(found[0]!.message).toMatch(/^Obiettivi: il settore Lavori pubblici non ha obiettivi di tipo «Trasversale anticorruzione\/trasparenza»: aggiungerne almeno uno/);
  });

  it('passes for a sector with such an objective, and for a sector without objectives', () => {
    const p = basePlan();
    p.sectors[1]!.sheets.obiettivi = [];
    p.sectors[1]!.sheets.indicatori = [];
    expect(of(p, 'OBJ_AC_PRESENT')).toEqual([]);
  });
});

describe('IND_TARGET_DIRECTION', () => {
  it('warns when the first-year target is worse than the baseline for the polarity', () => {
    const p = basePlan();
    cells(p, LP, 'indicatori', 0).target_anno1 = '9,5';
    cells(p, SS, 'indicatori', 0).target_anno1 = '31 giorni';
    const found = of(p, 'IND_TARGET_DIRECTION');
    expect(found.map((i) => [i.room, i.rowId, i.column, i.severity])).toEqual([
      [LP, `${LP}-indicatori-1`, 'target_anno1', 'warning'],
      [SS, `${SS}-indicatori-1`, 'target_anno1', 'warning'],
    ]);
    expect(found[0]!.message).toBe(
      'Indicatore «Km di strade rifatte» (riga 1): il target del primo anno (9,5) è peggiore della baseline (10) per un indicatore crescente (più alto è meglio): verificare il target o la polarità',
    );
    expect(found[1]!.message).toMatch(/\(31\) è peggiore della baseline \(30\) per un indicatore decrescente/);
  });

  it('passes for equal or better targets, binary indicators and text targets', () => {
    const p = basePlan();
    cells(p, LP, 'indicatori', 0).target_anno1 = '10';
    cells(p, SS, 'indicatori', 0).target_anno1 = 'entro 20 giorni';
    Object.assign(cells(p, LP, 'indicatori', 1), { polarita: 'Binario', target_anno1: '0' });
    addRow(p, LP, 'indicatori', { ...cells(p, LP, 'indicatori', 0), target_anno1: 'Approvazione entro il 30/06' });
    expect(of(p, 'IND_TARGET_DIRECTION')).toEqual([]);
  });
});

describe('IND_PERCENT_RANGE', () => {
  it('warns about percentage targets and baselines outside 0–100', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'indicatori', 1), { baseline: -1, target_anno2: '120%', target_anno3: '100,5' });
    const found = of(p, 'IND_PERCENT_RANGE');
    expect(found.map((i) => [i.column, i.severity])).toEqual([
      ['baseline', 'warning'],
      ['target_anno2', 'warning'],
      ['target_anno3', 'warning'],
    ]);
    expect(found[1]!.message).toBe(
      "Indicatore «Atti pubblicati nei termini» (riga 2): il target del secondo anno vale 120%, ma una percentuale va da 0 a 100: per una variazione scegliere l'unità «% variazione», altrimenti correggere il valore",
    );
  });

  it('passes for 0 and 100, and does not apply to other units', () => {
    const p = basePlan();
    Object.assign(cells(p, LP, 'indicatori', 1), { baseline: 0, target_anno1: '100%', target_anno2: '0' });
    cells(p, LP, 'indicatori', 0).target_anno2 = '250';
    expect(of(p, 'IND_PERCENT_RANGE')).toEqual([]);
  });
});
