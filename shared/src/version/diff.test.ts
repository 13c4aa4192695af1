import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DEMO_PLAN, buildDemoDocs } from '../demo';
import { readPlanData, type PlanData } from '../doc/plan-data';
import { applyChanges } from '../doc/rows';
import { nextPlanChanges, rollForward } from '../rollforward';
import { diffPlans } from './diff';

function demo(): PlanData {
  const { planDoc, sectorDocs } = buildDemoDocs();
  return readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
}

describe('differenze tra due piani, cella per cella', () => {
  it('stesso contenuto: nessuna differenza; una cella, una riga aggiunta e una tolta sono riportate', () => {
    const a = demo();
    expect(diffPlans(a, demo())).toEqual([]);
    const b = demo();
    const llpp = b.sectors.find((s) => s.id === 'lavori-pubblici')!;
    const row = llpp.sheets.obiettivi[0]!;
    row.values = { ...row.values, peso: 50 };
    const gone = llpp.sheets.misure.shift()!;
    llpp.sheets.misure.push({ id: 'nuova', order: 'z', values: { codice: 'LLPP-M09' } } as (typeof llpp.sheets.misure)[number]);
    const diff = diffPlans(a, b);
    expect(diff).toContainEqual({ room: 'lavori-pubblici', sheet: 'obiettivi', added: [], removed: [], changed: [{ row: row.id, cells: [{ column: 'peso', before: 35, after: 50 }] }] });
    expect(diff).toContainEqual({ room: 'lavori-pubblici', sheet: 'misure', added: ['nuova'], removed: [gone.id], changed: [] });
  });

  it('un piano riportato rispetto al precedente: target spostati e anni delle assunzioni', () => {
    const from = demo();
    const next = rollForward(from, '2023-2025');
    const { plan, sectors } = nextPlanChanges(next);
    const planDoc = new Y.Doc();
    applyChanges(planDoc, plan, 'import');
    const docs = new Map([...sectors].map(([id, ch]) => {
      const d = new Y.Doc();
      applyChanges(d, ch, 'import');
      return [id, d] as const;
    }));
    const rolled = readPlanData(DEMO_PLAN.ente, '2023-2025', planDoc, (id) => docs.get(id));
    const diff = diffPlans(from, rolled);
    const ind = diff.find((d) => d.room === 'finanze' && d.sheet === 'indicatori')!;
    expect(ind.added).toEqual([]);
    expect(ind.changed[0]!.cells.map((c) => c.column)).toEqual(expect.arrayContaining(['target_anno1', 'target_anno3']));
    expect(diff.find((d) => d.sheet === 'ente')!.changed[0]!.cells).toContainEqual({ column: 'triennio', before: '2022-2024', after: '2023-2025' });
    expect(diff.some((d) => d.sheet === 'riporti' && d.added.length > 0)).toBe(true);
  });
});
