import { describe, expect, it } from 'vitest';
import type { PlanData } from '../doc/plan-data';
import { validatePlan } from './index';
import type { RuleCode } from './issue';
import { addRow, basePlan, cells } from './test-plan';

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

// FAB_BUDGET (rebuilt on D.M. 17/03/2020), FAB_FLEX and FAB_557 are tested in budget-rules.test.ts.

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
