/**
 * Convergence under any interleaving (design.md §8): several replicas of one sector room get random
 * edits of every kind through applyChanges, exchange their updates in random order — subsets,
 * duplicates, late deliveries — and after a full sync hold the same content and give the same
 * validation issues. Replay a failure with PIAO_FC_SEED=<seed>.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SECTOR_SHEET_IDS } from '../schema';
import type { CellValue, RowValues, SectorSheetId } from '../schema/types';
import { validatePlan } from '../validate';
import { readPlanData } from './plan-data';
import { applyChanges, readSheet, type RowChange } from './rows';

const envSeed = process.env.PIAO_FC_SEED;
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Date.now() % 2 ** 31;
fc.configureGlobal({ seed: SEED, numRuns: 60 });

let failed = false;
afterAll(() => {
  // fast-check prints the seed in its failure report too; this line is the one to copy.
  if (failed) console.error(`Per ripetere: PIAO_FC_SEED=${SEED} npx vitest run shared/src/doc/convergence.test.ts`);
});

const SECTOR = 'lavori-pubblici';
const SHEETS = ['obiettivi', 'indicatori', 'rischi', 'misure', 'fabbisogni'] as const satisfies readonly SectorSheetId[];
type Sheet = (typeof SHEETS)[number];

const maybe = <T extends CellValue>(...values: T[]) => fc.constantFrom<CellValue>(null, ...values);

/** Small value domains, so that codes collide, references resolve or not, and rules fire both ways. */
const VALUES: Record<Sheet, fc.Arbitrary<RowValues>> = {
  obiettivi: fc.record(
    {
      codice: maybe('O-1', 'O-2', 'O-3'),
      titolo: maybe('Strade', 'Scuole'),
      obiettivo_strategico: maybe('04.02', '99.99'),
      tipo: maybe('Operativo', 'Trasversale anticorruzione/trasparenza', 'operativo'),
      responsabile: maybe('Mario Rossi'),
      peso: maybe(0, 40, 60, 100, 120),
      inizio: maybe('2022-03-01', '2026-01-01'),
      fine: maybe('2022-02-01', '2024-12-31'),
    },
    { requiredKeys: [] },
  ),
  indicatori: fc.record(
    {
      obiettivo: maybe('O-1', 'O-2', 'O-9'),
      nome: maybe('Km rifatti'),
      unita: maybe('%', 'n.'),
      polarita: maybe('Crescente', 'Decrescente'),
      baseline: maybe(10, 80),
      target_anno1: maybe('5', '90%', '120'),
    },
    { requiredKeys: [] },
  ),
  rischi: fc.record(
    {
      codice: maybe('R-1', 'R-2'),
      processo: maybe('P-1'),
      giudizio: maybe('Basso', 'Medio', 'Molto alto'),
      interesse_esterno: maybe('Alto', 'Basso'),
      opacita: maybe('Alto', 'Medio'),
    },
    { requiredKeys: [] },
  ),
  misure: fc.record({ codice: maybe('M-1', 'M-2'), rischio: maybe('R-1', 'R-2', 'R-3'), stato: maybe('Attuata') }, { requiredKeys: [] }),
  fabbisogni: fc.record(
    {
      anno: maybe(2021, 2023),
      area: maybe('Istruttori', 'Funzionari e EQ'),
      posti: maybe(1, 3, 0),
      regime: maybe('Tempo pieno', 'Part-time'),
      percentuale_pt: maybe(50, 100),
      modalita: maybe('Progressione verticale', 'Concorso pubblico'),
      costo_unitario: maybe(30_000, 1_000_000),
    },
    { requiredKeys: [] },
  ),
};

/**
 * One step of a run. `after` anchors are picks into the list of every row id any replica ever created;
 * an even `target` picks a row the replica holds, an odd one any row ever created — so edits are often
 * concurrent with others on the same row, and often hit rows a replica has not seen yet or another
 * replica deleted.
 */
type Step =
  | { t: 'add'; replica: number; sheet: Sheet; values: RowValues; after: number | null | 'end' }
  | { t: 'update'; replica: number; sheet: Sheet; target: number; values: RowValues }
  | { t: 'delete'; replica: number; sheet: Sheet; target: number }
  | { t: 'move'; replica: number; sheet: Sheet; target: number; after: number | null }
  | { t: 'deliver'; from: number; to: number; picks: number[] | 'all-reversed' };

const replica = fc.nat(7);
const pick = fc.nat(1000);
const sheetAndValues = fc.constantFrom(...SHEETS).chain((sheet) => VALUES[sheet].map((values) => ({ sheet, values })));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ replica, sv: sheetAndValues, after: fc.oneof(pick, fc.constant(null), fc.constant('end' as const)) }).map(({ replica, sv, after }) => ({ t: 'add' as const, replica, ...sv, after })) },
  { weight: 4, arbitrary: fc.record({ replica, sv: sheetAndValues, target: pick }).map(({ replica, sv, target }) => ({ t: 'update' as const, replica, ...sv, target })) },
  { weight: 2, arbitrary: fc.record({ replica, sheet: fc.constantFrom(...SHEETS), target: pick }).map((s) => ({ t: 'delete' as const, ...s })) },
  { weight: 2, arbitrary: fc.record({ replica, sheet: fc.constantFrom(...SHEETS), target: pick, after: fc.option(pick, { nil: null }) }).map((s) => ({ t: 'move' as const, ...s })) },
  // Deliver some of what a replica has produced so far: any subset, any order, duplicates allowed;
  // or, like a reconnection, all of it — newest first, so every dependency arrives late.
  {
    weight: 5,
    arbitrary: fc
      .record({ from: replica, to: replica, picks: fc.oneof(fc.array(pick, { maxLength: 12 }), fc.constant('all-reversed' as const)) })
      .map((s) => ({ t: 'deliver' as const, ...s })),
  },
);

/** The `_piano` room the sector is validated against; fixed, so differences can only come from the replicas. */
function planDoc(): Y.Doc {
  const doc = new Y.Doc();
  applyChanges(
    doc,
    [
      { kind: 'record', sheet: 'ente', values: { denominazione: 'Comune di Prova', dipendenti_31_12: 120, triennio: '2022-2024' } },
      { kind: 'record', sheet: 'capacita_assunzionale', values: { spesa_personale: 100, entrate_correnti_media: 1_000, soglia: 27 } },
      { kind: 'add', sheet: 'settori', id: 's1', values: { id: SECTOR, denominazione: 'Lavori pubblici' } },
      { kind: 'add', sheet: 'obiettivi_strategici', id: 'os1', values: { codice: '04.02' } },
    ],
    'test',
  );
  return doc;
}

/** The content of a replica, independent of Yjs internals and of map insertion order. */
function content(doc: Y.Doc): string {
  const sheets = SECTOR_SHEET_IDS.map((id) => [
    id,
    readSheet(doc, id).map((r) => [r.id, r.order, Object.entries(r.values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]),
  ]);
  return JSON.stringify(sheets);
}

function run(n: number, steps: readonly Step[]) {
  const docs = Array.from({ length: n }, (_, i) => {
    const d = new Y.Doc();
    d.clientID = i + 1; // fixed ids make a replayed seed resolve conflicts exactly the same way
    return d;
  });
  const outbox: Uint8Array[][] = docs.map(() => []);
  docs.forEach((d, i) => d.on('update', (u: Uint8Array, origin: unknown) => origin !== 'remote' && outbox[i]!.push(u)));
  const ids: Record<Sheet, string[]> = { obiettivi: [], indicatori: [], rischi: [], misure: [], fabbisogni: [] };
  let next = 0;
  const idAt = (sheet: Sheet, k: number): string | undefined => ids[sheet][k % Math.max(1, ids[sheet].length)];

  for (const s of steps) {
    if (s.t === 'deliver') {
      const from = outbox[s.from % n]!;
      const to = docs[s.to % n]!;
      const picked = s.picks === 'all-reversed' ? [...from].reverse() : from.length ? s.picks.map((k) => from[k % from.length]!) : [];
      for (const u of picked) Y.applyUpdate(to, u, 'remote');
      continue;
    }
    const doc = docs[s.replica % n]!;
    let change: RowChange | null = null;
    if (s.t === 'add') {
      const id = `${s.sheet}-${next++}`;
      const after = s.after === 'end' ? undefined : s.after === null ? null : (idAt(s.sheet, s.after) ?? null);
      ids[s.sheet].push(id);
      change = { kind: 'add', sheet: s.sheet, id, values: s.values, ...(after === undefined ? {} : { after }) };
    } else {
      // Even picks aim at a row this replica holds (real concurrent edits), odd ones at any row ever made.
      const local = readSheet(doc, s.sheet);
      const id = s.target % 2 === 0 && local.length ? local[(s.target >> 1) % local.length]!.id : idAt(s.sheet, s.target >> 1);
      if (id === undefined) continue;
      if (s.t === 'update') change = { kind: 'update', sheet: s.sheet, id, values: s.values };
      else if (s.t === 'delete') change = { kind: 'delete', sheet: s.sheet, id };
      else change = { kind: 'move', sheet: s.sheet, id, after: s.after === null ? null : (idAt(s.sheet, s.after) ?? null) };
    }
    applyChanges(doc, [change], 'test');
  }

  // Full sync: everything into the first replica, then the first replica into every other one.
  for (const d of docs.slice(1)) Y.applyUpdate(docs[0]!, Y.encodeStateAsUpdate(d, Y.encodeStateVector(docs[0]!)), 'remote');
  for (const d of docs.slice(1)) Y.applyUpdate(d, Y.encodeStateAsUpdate(docs[0]!, Y.encodeStateVector(d)), 'remote');
  return docs;
}

function check(n: number, steps: readonly Step[]): void {
  const docs = run(n, steps);
  const plan = planDoc();
  const reference = content(docs[0]!);
  const referenceIssues = validatePlan(readPlanData('prova', '2022-2024', plan, () => docs[0]));
  const vector = Y.encodeStateVector(docs[0]!);
  for (const d of docs.slice(1)) {
    expect(Y.encodeStateVector(d)).toEqual(vector);
    expect(content(d)).toBe(reference);
    for (const sheet of SECTOR_SHEET_IDS) expect(readSheet(d, sheet)).toEqual(readSheet(docs[0]!, sheet));
    expect(validatePlan(readPlanData('prova', '2022-2024', plan, () => d))).toEqual(referenceIssues);
  }
}

describe('convergence of sector replicas', () => {
  it('any interleaving of edits and deliveries converges to equal content and equal issues', () => {
    try {
      fc.assert(
        fc.property(fc.integer({ min: 3, max: 5 }), fc.array(step, { minLength: 5, maxLength: 60, size: 'max' }), (n, steps) => check(n, steps)),
      );
    } catch (e) {
      failed = true;
      throw e;
    }
  });

  it('an edit to a row another replica deleted, moved and added after, converges (example)', () => {
    const steps: Step[] = [
      { t: 'add', replica: 0, sheet: 'rischi', values: { codice: 'R-1', giudizio: 'Alto' }, after: 'end' },
      { t: 'add', replica: 0, sheet: 'rischi', values: { codice: 'R-2' }, after: 'end' },
      { t: 'deliver', from: 0, to: 1, picks: [1, 0] },
      { t: 'deliver', from: 0, to: 2, picks: [0, 1, 1] },
      { t: 'delete', replica: 0, sheet: 'rischi', target: 0 },
      { t: 'update', replica: 1, sheet: 'rischi', target: 0, values: { giudizio: 'Basso', opacita: 'Alto' } },
      { t: 'move', replica: 2, sheet: 'rischi', target: 0, after: 1 },
      { t: 'add', replica: 2, sheet: 'misure', values: { codice: 'M-1', rischio: 'R-1' }, after: 'end' },
      { t: 'add', replica: 1, sheet: 'rischi', values: { codice: 'R-3' }, after: 0 },
    ];
    const docs = run(3, steps);
    // Delete wins over the concurrent update and move; the row added after it survives.
    expect(readSheet(docs[0]!, 'rischi').map((r) => r.values.codice)).toEqual(['R-3', 'R-2']);
    check(3, steps);
  });
});
