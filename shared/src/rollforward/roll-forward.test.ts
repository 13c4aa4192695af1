import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DEMO_PLAN, buildDemoDocs } from '../demo';
import { readPlanData, type PlanData } from '../doc/plan-data';
import { applyChanges, readSheet } from '../doc/rows';
import { validatePlan } from '../validate';
import { nextPlanChanges, registerRows, rollForward, RollForwardError } from './roll-forward';

function demo(): PlanData {
  const { planDoc, sectorDocs } = buildDemoDocs();
  return readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
}

describe('nuovo piano dal precedente (roll forward)', () => {
  it('2023-2025 da 2022-2024: target spostati di un anno, anno 3 vuoto, ogni riga con origine e da rivedere', () => {
    const from = demo();
    const next = rollForward(from, '2023-2025');
    expect(next.records.ente).toMatchObject({ denominazione: 'Comune di Casale Monferrato', triennio: '2023-2025' });
    expect(next.records.ente).not.toHaveProperty('data_approvazione');
    let indicators = 0;
    for (const s of from.sectors) {
      const carried = next.sectors.find((x) => x.id === s.id)!;
      for (const old of s.sheets.indicatori) {
        const row = carried.sheets.indicatori!.find((r) => r.id === old.id)!;
        expect(row.values.target_anno1).toEqual(old.values.target_anno2 ?? null);
        expect(row.values.target_anno2).toEqual(old.values.target_anno3 ?? null);
        expect(row.values.target_anno3).toBeNull();
        expect(row.origin).toBe(`2022-2024/${old.id}`);
        expect(row.review).toBe(true);
        indicators++;
      }
      // Measures keep their status; every sheet carries every row.
      expect(carried.sheets.misure!.map((r) => r.values.stato)).toEqual(s.sheets.misure.map((r) => r.values.stato));
      expect(carried.sheets.processi).toHaveLength(s.sheets.processi.length);
    }
    expect(indicators).toBeGreaterThan(10);
    expect(next.flags.filter((f) => f.code === 'TARGET_DA_DEFINIRE')).toHaveLength(indicators);
    expect(next.tables.obiettivi_strategici).toHaveLength(from.tables.obiettivi_strategici!.length);
    expect(next.tables.settori!.map((r) => r.values.id)).toEqual(from.tables.settori!.map((r) => r.values.id));
  });

  it('righe di personale di anni passati: spostate al primo anno del nuovo triennio e segnalate', () => {
    const from = demo();
    const next = rollForward(from, '2023-2025');
    const old2022 = from.sectors.flatMap((s) => s.sheets.fabbisogni.filter((r) => r.values.anno === 2022).map((r) => ({ s: s.id, id: r.id })));
    expect(old2022.length).toBeGreaterThan(0);
    for (const { s, id } of old2022) {
      expect(next.sectors.find((x) => x.id === s)!.sheets.fabbisogni!.find((r) => r.id === id)!.values.anno).toBe(2023);
      expect(next.flags).toContainEqual(expect.objectContaining({ room: s, sheet: 'fabbisogni', row: id, code: 'ANNO_SPOSTATO' }));
    }
    const kept = from.sectors.flatMap((s) => s.sheets.fabbisogni.filter((r) => r.values.anno === 2024));
    for (const r of kept) expect(next.sectors.flatMap((s) => s.sheets.fabbisogni!).find((x) => x.id === r.id)!.values.anno).toBe(2024);
  });

  it('azioni positive di anni passati: spostate al primo anno e segnalate; il monitoraggio resta nel suo anno', () => {
    const from = demo();
    const next = rollForward(from, '2023-2025');
    const old2022 = (from.tables.azioni_positive ?? []).filter((r) => r.values.anno === 2022);
    expect(old2022.length).toBeGreaterThan(0);
    for (const r of old2022) {
      expect(next.tables.azioni_positive!.find((x) => x.id === r.id)!.values.anno).toBe(2023);
      expect(next.flags).toContainEqual(expect.objectContaining({ room: '_piano', sheet: 'azioni_positive', row: r.id, code: 'ANNO_SPOSTATO' }));
    }
    // A monitoring row records what happened in its year: moving it would falsify the actual value.
    const monitored = from.tables.monitoraggio ?? [];
    expect(monitored.length).toBeGreaterThan(0);
    for (const r of monitored) expect(next.tables.monitoraggio!.find((x) => x.id === r.id)!.values.anno).toBe(r.values.anno);
    expect(next.flags.filter((f) => f.sheet === 'monitoraggio' && f.code === 'ANNO_SPOSTATO')).toEqual([]);
  });

  it('codici DUP che non esistono più sono segnalati sugli obiettivi che li citano', () => {
    const from = demo();
    const used = from.sectors.flatMap((s) => s.sheets.obiettivi).map((r) => r.values.obiettivo_strategico);
    const gone = used[0] as string;
    const dup = from.tables.obiettivi_strategici!.map((r) => r.values).filter((v) => v.codice !== gone);
    const next = rollForward(from, '2023-2025', { dup });
    const flagged = next.flags.filter((f) => f.code === 'DUP_MANCANTE');
    expect(flagged).toHaveLength(used.filter((c) => c === gone).length);
    expect(flagged[0]!.message).toContain(`l'obiettivo strategico ${gone} non esiste più nel DUP del piano 2023-2025`);
  });

  it('conferma ANAC della sottosezione anticorruzione: solo sotto i 50 dipendenti, con l’atto', () => {
    const from = demo();
    expect(() => rollForward(from, '2023-2025', { conferma: { atto: 'deliberazione di Giunta n. 5 del 20/01/2023' } })).toThrow(
      /solo con meno di 50 dipendenti \(PNA 2022\): il piano ne indica 200/,
    );
    const small = { ...from, records: { ...from.records, ente: { ...from.records.ente, dipendenti_31_12: 42 } } };
    expect(() => rollForward(small, '2023-2025', { conferma: { atto: ' ' } })).toThrow(RollForwardError);
    const next = rollForward(small, '2023-2025', { conferma: { atto: 'deliberazione di Giunta n. 5 del 20/01/2023' } });
    for (const s of next.sectors) {
      for (const sheet of ['processi', 'rischi', 'misure'] as const) for (const r of s.sheets[sheet]!) expect(r.review).toBe(false);
      for (const r of s.sheets.obiettivi!) expect(r.review).toBe(true);
    }
    expect(next.tables.testi!.at(-1)!.values).toMatchObject({ sezione: '2.3', testo: expect.stringContaining('deliberazione di Giunta n. 5 del 20/01/2023') });
  });

  it('triennio non valido o non successivo: errore in italiano', () => {
    expect(() => rollForward(demo(), '2022-2024')).toThrow(/deve iniziare dopo il 2022/);
    expect(() => rollForward(demo(), '2023-2024')).toThrow(/Triennio non valido/);
  });

  it('il nuovo piano scritto in documenti Yjs si rilegge con il registro delle righe riportate e nessun riferimento rotto', () => {
    const next = rollForward(demo(), '2023-2025');
    const { plan, sectors } = nextPlanChanges(next);
    const planDoc = new Y.Doc();
    applyChanges(planDoc, plan, 'import');
    const docs = new Map<string, Y.Doc>();
    for (const [id, changes] of sectors) {
      const d = new Y.Doc();
      applyChanges(d, changes, 'import');
      docs.set(id, d);
    }
    const data = readPlanData(DEMO_PLAN.ente, '2023-2025', planDoc, (id) => docs.get(id));
    const register = readSheet(planDoc, 'riporti');
    expect(register).toHaveLength(registerRows(next).length);
    expect(register.every((r) => typeof r.values.origine === 'string' && (r.values.origine as string).startsWith('2022-2024/'))).toBe(true);
    const issues = validatePlan(data);
    expect(issues.filter((i) => ['REF_MISSING', 'OBJ_REF', 'IND_REF', 'CELL_TYPE'].includes(i.rule))).toEqual([]);
  });
});
