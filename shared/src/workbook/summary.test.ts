import { describe, expect, it } from 'vitest';
import { emptySectorSheets, type PlanData } from '../doc/plan-data';
import { DEFAULT_SETTINGS, GIUDIZI_RISCHIO } from '../schema';
import { planSummary } from './summary';

const row = (id: string, values: Record<string, string | number>) => ({ id, order: id, values });

function plan(): PlanData {
  const a = emptySectorSheets();
  a.obiettivi.push(row('o1', { peso: 33.33 }), row('o2', { peso: 66.67 }), row('o3', {}));
  a.fabbisogni.push(
    row('f1', { anno: 2024, posti: 2, costo_unitario: 30_000.1, regime: 'Tempo pieno' }),
    row('f2', { anno: 2027, posti: 1, costo_unitario: 10_000, regime: 'Part-time', percentuale_pt: 50 }),
    row('f3', { anno: 2024, posti: 1 }), // no cost: counted as a row, adds nothing
  );
  a.rischi.push(row('r1', { giudizio: 'Basso' }), row('r2', { giudizio: 'Inventato' }), row('r3', {}));
  const b = emptySectorSheets();
  b.rischi.push(row('r4', { giudizio: 'Basso' }));
  return {
    ente: 'e',
    triennio: '2024-2026',
    records: {},
    tables: {},
    sectors: [
      { id: 'a', name: 'A', sheets: a },
      { id: 'b', name: 'B', sheets: b },
    ],
    settings: DEFAULT_SETTINGS,
  };
}

describe('planSummary', () => {
  it('adds weights, costs per year (years outside the triennio too), risks per level, issues per sector', () => {
    const s = planSummary(plan(), [
      { rule: 'OBJ_REF', severity: 'error', room: 'a', sector: 'a', sheet: 'obiettivi', rowId: 'o1', column: null, message: '' },
      { rule: 'FAB_BUDGET', severity: 'error', room: '_piano', sector: null, sheet: 'fabbisogni', rowId: null, column: null, message: '' },
      { rule: 'OBJ_NO_INDICATOR', severity: 'warning', room: 'b', sector: 'b', sheet: 'obiettivi', rowId: null, column: null, message: '' },
    ]);
    expect(s.years).toEqual([2024, 2025, 2026, 2027]);
    const [a, b] = s.sectors;
    expect(a).toMatchObject({ id: 'a', name: 'A', weightTotal: 100, costByYear: [60_000.2, 0, 0, 5_000], risksUnrated: 2, errors: 1, warnings: 0 });
    expect(a!.counts).toMatchObject({ obiettivi: 3, fabbisogni: 3, rischi: 3, misure: 0 });
    expect(a!.risksByLevel[GIUDIZI_RISCHIO.indexOf('Basso')]).toBe(1);
    expect(b).toMatchObject({ weightTotal: 0, warnings: 1, errors: 0 });
    expect(s.total).toMatchObject({ weightTotal: null, costByYear: [60_000.2, 0, 0, 5_000], risksUnrated: 2, errors: 2, warnings: 1 });
    expect(s.total.counts.rischi).toBe(4);
    expect(s.total.risksByLevel[GIUDIZI_RISCHIO.indexOf('Basso')]).toBe(2);
  });
});

describe('planSummary: achievement per sector (4 Monitoraggio)', () => {
  it('averages the % achieved of the latest monitored period per sector and for the plan', () => {
    const p = plan();
    const m = (id: string, values: Record<string, string | number>) => row(id, { tipo: 'Indicatore', riferimento: id, polarita: 'Crescente', ...values });
    p.tables.monitoraggio = [
      m('m1', { settore: 'a', anno: 2024, periodo: '30/06', target: 10, valore_effettivo: 2 }), // earlier period: ignored
      m('m2', { settore: 'a', anno: 2024, periodo: '31/12', target: 10, valore_effettivo: 8 }), // 80%
      m('m3', { settore: 'a', anno: 2024, periodo: '31/12', target: 30, valore_effettivo: 40, polarita: 'Decrescente' }), // 75%
      m('m4', { settore: 'b', anno: 2024, periodo: '31/12', target: 4, valore_effettivo: 5 }), // capped at 100%
      m('m5', { settore: 'b', anno: 2024, periodo: '31/12', target: 4 }), // no value: not counted
    ];
    const s = planSummary(p, []);
    expect(s.sectors.map((x) => x.achievement)).toEqual([77.5, 100]);
    expect(s.total.achievement).toBe(85);
    expect(planSummary(plan(), []).total.achievement).toBeNull();
  });
});
