import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readPlanData, readRecord, readSheet } from '../doc';
import { costoTotale, getColumn, getSheet, spazioAssunzionale, type SheetId } from '../schema';
import { DEFAULT_SETTINGS, type RowValues } from '../schema/types';
import { coerceCell } from '../validate/coerce';
import { validatePlan } from '../validate/index';
import { DEMO_EXPECTED_ISSUES, DEMO_PLAN, DEMO_SECTORS, DEMO_USERS, DUP_OBIETTIVI, buildDemoDocs, demoContent, populateDemoPlan } from './index';

const SEED = readFileSync(new URL('./fixtures/piao-2022-2024-casale-monferrato.txt', import.meta.url), 'utf8');
const seedInt = (re: RegExp): number => {
  const m = re.exec(SEED);
  if (!m) throw new Error(`not in the seed: ${re}`);
  return Number(m[1]);
};

const content = demoContent();
const sectorRows = (sheet: keyof (typeof content.sectors)[number]['sheets']) =>
  content.sectors.flatMap((s) => s.sheets[sheet].map((r) => ({ sector: s.id, ...r })));
const sum = (rows: ReadonlyArray<{ values: RowValues }>, col: string): number =>
  rows.reduce((t, r) => t + (typeof r.values[col] === 'number' ? r.values[col] : 0), 0);

function dataOf(docs: ReturnType<typeof buildDemoDocs>) {
  return readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, docs.planDoc, (id) => docs.sectorDocs.get(id));
}

/** Every (sheet, values) pair the demo writes. */
function allRows(): Array<{ sheet: SheetId; values: RowValues }> {
  const out: Array<{ sheet: SheetId; values: RowValues }> = [];
  for (const [sheet, values] of Object.entries(content.records)) out.push({ sheet: sheet as SheetId, values });
  for (const [sheet, rows] of Object.entries(content.tables)) for (const r of rows) out.push({ sheet: sheet as SheetId, values: r.values });
  for (const s of content.sectors) for (const [sheet, rows] of Object.entries(s.sheets)) for (const r of rows) out.push({ sheet: sheet as SheetId, values: r.values });
  return out;
}

describe('demo plan data', () => {
  it('every cell is a stored column, passes coerceCell unchanged, and required cells are filled', () => {
    for (const { sheet, values } of allRows()) {
      for (const [col, v] of Object.entries(values)) {
        const def = getColumn(sheet, col);
        expect(def, `${sheet}.${col}`).toBeDefined();
        expect(def!.computed, `${sheet}.${col} is computed`).toBeUndefined();
        expect(coerceCell(def!, v), `${sheet}.${col} = ${String(v)}`).toEqual({ ok: true, value: v });
        if (typeof v === 'number' && def!.min !== undefined) expect(v).toBeGreaterThanOrEqual(def!.min);
        if (typeof v === 'number' && def!.max !== undefined) expect(v).toBeLessThanOrEqual(def!.max);
        if (typeof v === 'string' && def!.pattern) expect(v).toMatch(def!.pattern);
      }
      for (const c of getSheet(sheet).columns) {
        const req = typeof c.required === 'function' ? c.required(values, DEFAULT_SETTINGS) : c.required;
        if (req) expect(values[c.id], `${sheet}.${c.id} required`).not.toBeNull();
        if (req) expect(values[c.id], `${sheet}.${c.id} required`).toBeDefined();
      }
    }
  });

  it('fills every sector sheet of every sector, with references that resolve', () => {
    const dup = new Set(DUP_OBIETTIVI.map((o) => o.codice));
    expect(content.sectors.map((s) => s.id)).toEqual(DEMO_SECTORS.map((s) => s.id));
    for (const s of content.sectors) {
      for (const [sheet, rows] of Object.entries(s.sheets)) expect(rows.length, `${s.id}/${sheet}`).toBeGreaterThan(0);
      const obiettivi = new Set(s.sheets.obiettivi.map((r) => r.values.codice));
      const processi = new Set(s.sheets.processi.map((r) => r.values.codice));
      const rischi = new Set(s.sheets.rischi.map((r) => r.values.codice));
      for (const r of s.sheets.obiettivi) expect(dup.has(r.values.obiettivo_strategico as string)).toBe(true);
      for (const r of s.sheets.indicatori) expect(obiettivi.has(r.values.obiettivo)).toBe(true);
      for (const r of s.sheets.rischi) expect(processi.has(r.values.processo)).toBe(true);
      for (const r of s.sheets.misure) expect(rischi.has(r.values.rischio)).toBe(true);
    }
    const codes = (['obiettivi', 'processi', 'rischi', 'misure'] as const).flatMap((sheet) => sectorRows(sheet).map((r) => r.values.codice));
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('reflects the seed 2022 training exactly: 24 courses (1 in presence, in polizia-locale), 123 hours, 46 people trained', () => {
    const courses = seedInt(/autorizzati n\. (\d+) \(di cui/);
    const inPresence = seedInt(/di cui n\. (\d+) in presenza presso il Comando di Polizia Locale/);
    const remote = seedInt(/e n\. (\d+) "a distanza"/);
    const hours = seedInt(/per un totale di n\. (\d+) ore/);
    const participants = seedInt(/la partecipazione di n\. (\d+) dipendenti/);
    expect([courses, inPresence, remote, hours, participants]).toEqual([24, 1, 23, 123, 46]);
    const rows = sectorRows('formazione');
    expect(rows).toHaveLength(courses);
    expect(sum(rows, 'ore')).toBe(hours);
    // 46 people trained (ente.dipendenti_formati), not the sum of the courses' participations.
    expect(demoContent().records.ente?.dipendenti_formati).toBe(participants);
    expect(sum(rows, 'partecipanti')).toBeGreaterThan(participants);
    expect(rows.filter((r) => r.values.modalita === 'In presenza').map((r) => r.sector)).toEqual(['polizia-locale']);
    expect(rows.filter((r) => r.values.modalita === 'A distanza')).toHaveLength(remote);
    // The seed's ambiti, in the schema's words ("Appalti/Contratti" → "Contratti pubblici").
    const seedAmbiti = ['Commercio/SUAP', 'Fiscalità e bilancio', 'Edilizia', 'Personale e previdenza', 'Sicurezza del territorio', 'Anticorruzione', 'Contratti pubblici'];
    expect(new Set(rows.map((r) => r.values.ambito))).toEqual(new Set(seedAmbiti));
  });

  it('matches the seed staff figures: 200 = 86 men + 114 women, A 2 B 33 C 98 D 62, 4 dirigenti, 1 segretario', () => {
    const dot = content.tables.dotazione!;
    const total = seedInt(/Dipendenti n\. (\d+):/);
    expect(sum(dot, 'uomini')).toBe(seedInt(/di cui n\. (\d+) uomini/));
    expect(sum(dot, 'donne')).toBe(seedInt(/di cui n\. (\d+) donne/));
    expect(sum(dot, 'uomini') + sum(dot, 'donne')).toBe(total);
    const byArea = (area: string) => dot.filter((r) => r.values.area === area).map((r) => Number(r.values.uomini) + Number(r.values.donne));
    for (const cat of ['A', 'B', 'C', 'D']) {
      const row = dot.find((r) => r.values.categoria_ex === cat)!;
      expect(Number(row.values.uomini) + Number(row.values.donne), cat).toBe(seedInt(new RegExp(`^${cat}\\t(\\d+)$`, 'm')));
    }
    expect(byArea('Dirigenti')).toEqual([seedInt(/Dirigenti \(n\.(\d+)\)/)]);
    expect(byArea('Segretario')).toEqual([seedInt(/Segretario Generale \(n\.(\d+)\)/)]);
    expect(content.records.ente!.dipendenti_31_12).toBe(total);
    // The sectors and their headcounts are examples: they miss 2 people on purpose (STAFF_TOTAL planted).
    expect(sum(content.tables.settori!, 'dipendenti')).toBe(total - 2);
    for (const v of [content.records.ente!.codice_fiscale, content.records.ente!.pec, content.records.ente!.sito_web]) expect(SEED).toContain(v);
  });

  it('keeps the hiring plan within the hiring room every year (FAB_BUDGET is clean)', () => {
    const cap = content.records.capacita_assunzionale!;
    expect(cap.soglia).toBe(27);
    const room = spazioAssunzionale(cap)!;
    for (const year of [2022, 2023, 2024]) {
      const cost = sectorRows('fabbisogni')
        .filter((r) => r.values.anno === year)
        .reduce((t, r) => t + (costoTotale(r.values) ?? 0), 0);
      expect(cost, String(year)).toBeGreaterThan(0);
      expect(cost, String(year)).toBeLessThanOrEqual(room);
    }
  });

  it('has one coordinator, one editor per sector and one viewer, with unique subs', () => {
    expect(DEMO_USERS.filter((u) => u.role === 'coordinator')).toHaveLength(1);
    expect(DEMO_USERS.filter((u) => u.role === 'viewer')).toHaveLength(1);
    const editors = DEMO_USERS.filter((u) => u.role === 'editor');
    expect(editors.map((u) => u.sectors)).toEqual(DEMO_SECTORS.map((s) => [s.id]));
    for (const u of DEMO_USERS.filter((u) => u.role !== 'editor')) expect(u.sectors).toEqual([]);
    expect(new Set(DEMO_USERS.map((u) => u.sub)).size).toBe(DEMO_USERS.length);
  });
});

describe('demo plan documents', () => {
  it('writes each document in one transaction with origin demo, rows in order with deterministic ids', () => {
    const origins = new Map<string, unknown[]>();
    const track = (name: string, doc: Y.Doc) => {
      origins.set(name, []);
      doc.on('afterTransaction', (tr: Y.Transaction) => origins.get(name)!.push(tr.origin));
      return doc;
    };
    const planDoc = track('_piano', new Y.Doc());
    const docs = new Map<string, Y.Doc>();
    populateDemoPlan(planDoc, (id) => docs.get(id) ?? (docs.set(id, track(id, new Y.Doc())), docs.get(id)!));
    expect([...origins.keys()]).toEqual(['_piano', ...DEMO_SECTORS.map((s) => s.id)]);
    for (const list of origins.values()) expect(list).toEqual(['demo']);
    expect(readSheet(planDoc, 'obiettivi_strategici').map((r) => r.values.codice)).toEqual(DUP_OBIETTIVI.map((o) => o.codice));
    expect(readSheet(planDoc, 'settori').map((r) => r.id)).toEqual(['demo-settori-1', 'demo-settori-2', 'demo-settori-3', 'demo-settori-4', 'demo-settori-5']);
    const pl = docs.get('polizia-locale')!;
    expect(readSheet(pl, 'formazione').map((r) => r.id)).toEqual(['demo-formazione-20', 'demo-formazione-21', 'demo-formazione-22', 'demo-formazione-23', 'demo-formazione-24']);
    expect(readRecord(planDoc, 'ente').denominazione).toBe('Comune di Casale Monferrato');
    expect(String(readSheet(planDoc, 'obiettivi_strategici')[0]!.values.priorita)).toBe(DUP_OBIETTIVI[0]!.priorita.join('\n'));
  });

  it('is deterministic, and a second run on the same documents changes nothing', () => {
    const a = buildDemoDocs();
    const b = buildDemoDocs();
    expect(dataOf(a)).toEqual(dataOf(b));
    const before = dataOf(a);
    const updates: Uint8Array[] = [];
    a.planDoc.on('update', (u: Uint8Array) => updates.push(u));
    for (const d of a.sectorDocs.values()) d.on('update', (u: Uint8Array) => updates.push(u));
    populateDemoPlan(a.planDoc, (id) => a.sectorDocs.get(id)!);
    expect(updates).toEqual([]);
    expect(dataOf(a)).toEqual(before);
  });

  it('shows exactly the expected issues under validatePlan (DEMO_EXPECTED_ISSUES)', () => {
    const issues = validatePlan(dataOf(buildDemoDocs()));
    const found = issues.map((i) => ({ rule: i.rule, severity: i.severity, room: i.room }));
    expect(found).toEqual(expect.arrayContaining(DEMO_EXPECTED_ISSUES.map(({ rule, severity, room }) => ({ rule, severity, room }))));
    expect(found).toHaveLength(DEMO_EXPECTED_ISSUES.length);
    expect(issues.some((i) => i.severity === 'error')).toBe(true);
    expect(issues.some((i) => i.severity === 'warning')).toBe(true);
  });
});
