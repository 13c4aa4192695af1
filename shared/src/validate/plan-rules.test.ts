import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

const LP = 'lavori-pubblici';
const SS = 'servizi-sociali';
const of = (plan: PlanData, rule: RuleCode) => validatePlan(plan).filter((i) => i.rule === rule);

describe('ENTE_TRIENNIO', () => {
  it("reports an anagrafica triennio that is not the plan's", () => {
    const p = basePlan();
    p.records.ente!.triennio = '2023-2025';
    expect(of(p, 'ENTE_TRIENNIO')).toEqual([
      {
        rule: 'ENTE_TRIENNIO',
        severity: 'error',
        room: '_piano',
        sector: null,
        sheet: 'ente',
        rowId: null,
        column: 'triennio',
        message: 'Scheda anagrafica: il triennio 2023-2025 non coincide con quello del piano (2022-2024): scrivere 2022-2024',
      },
    ]);
  });

  it('reports a triennio whose second year is not the first + 2', () => {
    const p = basePlan();
    p.records.ente!.triennio = '2022-2025';
    expect(of(p, 'ENTE_TRIENNIO').map((i) => i.message)).toEqual([
      'Scheda anagrafica: il triennio 2022-2025 non è valido: il secondo anno deve essere il primo + 2 (2022-2024)',
    ]);
  });

  it('leaves malformed values to the pattern check, and passes for the right triennio', () => {
    const p = basePlan();
    p.records.ente!.triennio = '2022/24';
    expect(validatePlan(p).map((i) => [i.rule, i.column])).toEqual([['CELL_PATTERN', 'triennio']]);
    p.records.ente!.triennio = ' 2022-2024 ';
    expect(validatePlan(p)).toEqual([]);
  });
});

describe('FAB_BUDGET', () => {
  it('passes when the cost of each year equals the hiring room', () => {
    expect(of(basePlan(), 'FAB_BUDGET')).toEqual([]);
  });

  it('reports a year whose total cost over all sectors exceeds the hiring room', () => {
    const p = basePlan();
    cells(p, SS, 'fabbisogni', 0).costo_unitario = 40_000.01;
    addRow(p, SS, 'fabbisogni', { ...cells(p, SS, 'fabbisogni', 0), anno: 2024, costo_unitario: 10_000 });
    expect(of(p, 'FAB_BUDGET')).toEqual([
      {
        rule: 'FAB_BUDGET',
        severity: 'error',
        room: '_piano',
        sector: null,
        sheet: 'fabbisogni',
        rowId: null,
        column: 'costo_totale',
        message:
          'Fabbisogni 2023: il costo annuo delle assunzioni di tutti i settori è 130.000,01 € (Lavori pubblici 90.000,00 €, Servizi sociali 40.000,01 €) e supera lo spazio assunzionale di 130.000,00 €: ridurre le assunzioni di 0,01 € o rivedere la capacità assunzionale',
      },
    ]);
  });

  it('counts part-time posts at their share of a full-time cost', () => {
    const p = basePlan();
    cells(p, LP, 'fabbisogni', 1).percentuale_pt = 51;
    expect(of(p, 'FAB_BUDGET')).toHaveLength(1);
  });

  it('warns when the hiring room cannot be computed and there are hiring rows', () => {
    const p = basePlan();
    delete p.records.capacita_assunzionale!.soglia;
    expect(of(p, 'FAB_BUDGET')).toEqual([
      {
        rule: 'FAB_BUDGET',
        severity: 'warning',
        room: '_piano',
        sector: null,
        sheet: 'capacita_assunzionale',
        rowId: null,
        column: 'spazio_assunzionale',
        message:
          'Capacità assunzionale: lo spazio assunzionale non si può calcolare, quindi la spesa del piano dei fabbisogni non è verificabile: inserire spesa di personale, media delle entrate correnti, FCDE e soglia',
      },
    ]);
    for (const s of p.sectors) s.sheets.fabbisogni = [];
    expect(of(p, 'FAB_BUDGET')).toEqual([]);
  });
});

describe('FAB_PV_SHARE', () => {
  it('warns when vertical progressions are more than half the posts of an area in a year, plan-wide', () => {
    const p = basePlan();
    cells(p, SS, 'fabbisogni', 0).modalita = 'Progressione verticale';
    expect(of(p, 'FAB_PV_SHARE')).toEqual([
      {
        rule: 'FAB_PV_SHARE',
        severity: 'warning',
        room: '_piano',
        sector: null,
        sheet: 'fabbisogni',
        rowId: null,
        column: 'modalita',
        message:
          "Fabbisogni 2023, area Funzionari e EQ: le progressioni verticali coprono 2 posti su 2 (100%) in tutto il piano: non devono superare la metà dei posti dell'area (art. 52, c. 1-bis, D.Lgs. 165/2001); ridurle o prevedere più accessi dall'esterno",
      },
    ]);
  });

  it('passes at exactly half, and looks at each year and area separately', () => {
    const p = basePlan();
    expect(of(p, 'FAB_PV_SHARE')).toEqual([]);
    cells(p, SS, 'fabbisogni', 0).anno = 2024;
    addRow(p, SS, 'fabbisogni', { ...cells(p, SS, 'fabbisogni', 0), anno: 2023, area: 'Istruttori', posti: 5 });
    expect(of(p, 'FAB_PV_SHARE').map((i) => i.message.slice(0, 40))).toEqual(['Fabbisogni 2023, area Funzionari e EQ: l']);
  });
});

// TRAIN_HOURS (per year, from 2025) is tested in law-rules.test.ts.
