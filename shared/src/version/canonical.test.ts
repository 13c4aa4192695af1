import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_PLAN, buildDemoDocs } from '../demo';
import { readPlanData } from '../doc/plan-data';
import { readSheet, updateRow } from '../doc/rows';
import { canonicalPlan, planHash } from './canonical';

function demo() {
  const { planDoc, sectorDocs } = buildDemoDocs();
  return { planDoc, sectorDocs, data: () => readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id)) };
}

describe('impronta del contenuto del piano', () => {
  it('stessa impronta per lo stesso contenuto, anche costruito in un altro ordine; cambia con una cella', async () => {
    const a = demo();
    const b = demo();
    // The same content reached through a different document history (a copy by update).
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(b.planDoc));
    const viaCopy = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, copy, (id) => b.sectorDocs.get(id));
    const h = await planHash(a.data());
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(await planHash(viaCopy)).toBe(h);
    expect(h).toBe(createHash('sha256').update(canonicalPlan(a.data())).digest('hex'));
    const llpp = a.sectorDocs.get('lavori-pubblici')!;
    const row = readSheet(llpp, 'obiettivi')[0]!;
    updateRow(llpp, 'obiettivi', row.id, { titolo: 'Titolo cambiato' }, 'test');
    expect(await planHash(a.data())).not.toBe(h);
  });

  it('gli estremi dell’adozione non sono contenuto', async () => {
    const a = demo();
    const before = await planHash(a.data());
    const data = a.data();
    data.records.ente = { ...data.records.ente, estremi_approvazione: 'deliberazione n. 1', data_approvazione: '2022-01-28' };
    expect(await planHash(data)).toBe(before);
  });
});
