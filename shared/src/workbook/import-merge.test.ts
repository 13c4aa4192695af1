/**
 * The three-way import merge (issue 9 item 1): nothing someone else changed after the file's base is
 * ever overwritten without being reported. Random base / server / file triples with fast-check; replay
 * a failure with PIAO_FC_SEED=<seed>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, readSheet } from '../doc/rows';
import type { CellValue, RowValues } from '../schema/types';
import { type SignBase, type VerifyBase, baseSheetRows, readRawBase } from './import-base';
import { decideCell, mergeRow } from './import-merge';
import { mergeSectorFile } from './import';
import type { ParsedBook } from './import-parse';
import { buildFixture } from './testing/fixture';

const envSeed = process.env.PIAO_FC_SEED;
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Date.now() % 2 ** 31;
console.log(`import-merge.test fast-check seed: ${SEED} (PIAO_FC_SEED=${SEED} per ripetere)`);

const cell = fc.constantFrom<CellValue>(null, '', 'a', 'b', 'c', 1, 2, true);
const norm = (v: CellValue | undefined) => (v === undefined || v === '' ? null : v);

describe('decideCell / mergeRow', () => {
  it('a cell is written only when the file changed it; a cell changed by someone else is never written unreported', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), fc.boolean(), (triples, forceAll) => {
        const base: RowValues = {};
        const theirs: RowValues = {};
        const yours: RowValues = {};
        triples.forEach(([b, t, y], i) => {
          base[`c${i}`] = b;
          theirs[`c${i}`] = t;
          yours[`c${i}`] = y;
        });
        const m = mergeRow(base, theirs, yours, () => forceAll);
        triples.forEach(([b, t, y], i) => {
          const c = `c${i}`;
          const written = c in m.write;
          const reported = m.conflicts.some((x) => x.column === c);
          const changedByOthers = norm(t) !== norm(b);
          const changedByFile = norm(y) !== norm(b);
          const final = written ? norm(m.write[c]) : norm(t);
          if (!changedByFile) expect(written).toBe(false); // untouched by the file: theirs stays
          if (changedByOthers && final !== norm(t)) expect(reported).toBe(true); // overwritten only if reported…
          if (reported) expect(written).toBe(forceAll); // …and only when the importer chose so
          if (changedByFile && !changedByOthers) expect(final).toBe(norm(y)); // the file's own edits land
          if (reported) expect(decideCell(b, t, y)).toBe('conflict');
        });
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('without a base every differing cell is written (old two-way semantics)', () => {
    expect(mergeRow(undefined, { a: 'x', b: 'y' }, { a: 'x', b: 'z' }, () => false)).toEqual({ write: { b: 'z' }, conflicts: [] });
  });

  it('same change on both sides is no conflict; empty and missing are the same cell', () => {
    expect(decideCell('a', 'b', 'b')).toBe('keep');
    expect(decideCell(undefined, '', null)).toBe('keep');
    expect(decideCell('a', 'a', '')).toBe('write');
  });
});

describe('base sheet', () => {
  const sign: SignBase = (p) => `mac:${p.length}:${p.slice(0, 40)}`;
  it('round trips, a long row is split over cells under the Excel limit', () => {
    const long = 'x'.repeat(70_000);
    const rows = baseSheetRows({ ente: 'e', triennio: '2023-2025', sector: 's', rows: new Map([['misure', new Map([['r1', { descrizione: long }]])]]) }, sign);
    expect(rows[1]!.slice(2).every((c) => c.length <= 32_767)).toBe(true);
    const raw = readRawBase(rows)!;
    expect(raw.rows).toEqual([['misure', 'r1', JSON.stringify({ descrizione: long })]]);
    expect(raw.mac).toBe(rows[0]![4]);
  });
});

const COLS = ['descrizione', 'indicatore', 'valore_atteso', 'stato'] as const;
const textVal = fc.constantFrom('a', 'b', 'c');
const statoVal = fc.constantFrom('Attuata', 'In attuazione', 'Da attuare');
const rowVals = fc.tuple(textVal, textVal, textVal, statoVal);
const verify: VerifyBase = (p, mac) => mac === `ok:${p.length}`;
const signOk: SignBase = (p) => `ok:${p.length}`;

describe('mergeSectorFile (three-way, through the document)', () => {
  it('random base / server / file triples: nothing changed by someone else after the base is overwritten unreported', () => {
    fc.assert(
      fc.property(rowVals, rowVals, rowVals, fc.boolean(), (b, t, y, forceAll) => {
        const f = buildFixture();
        const doc = f.sectors.get('lavori-pubblici')!;
        const set = (vals: readonly string[]): RowValues => Object.fromEntries(COLS.map((c, i) => [c, vals[i]!]));
        applyChanges(doc, [{ kind: 'update', sheet: 'misure', id: 'mis-llpp-1', values: set(b) }], 'test');
        const baseValues = readSheet(doc, 'misure').find((r) => r.id === 'mis-llpp-1')!.values;
        // Someone else edits after the download.
        applyChanges(doc, [{ kind: 'update', sheet: 'misure', id: 'mis-llpp-1', values: set(t) }], 'remote');
        const serverBefore = { ...readSheet(doc, 'misure').find((r) => r.id === 'mis-llpp-1')!.values };
        const fileCells = { ...baseValues, ...set(y) };
        delete fileCells.termine;
        const baseRows = baseSheetRows({ ente: f.data().ente, triennio: f.data().triennio, sector: 'lavori-pubblici', rows: new Map([['misure', new Map([['mis-llpp-1', baseValues]])]]) }, signOk);
        const book: ParsedBook = {
          declaredSector: 'lavori-pubblici',
          base: readRawBase(baseRows),
          sheets: [{ name: '2.3 Misure', sheetId: 'misure', header: { row: 1, found: Object.keys(fileCells), repeated: [] }, rows: [{ r: 2, id: 'mis-llpp-1', sector: null, cells: fileCells }] }],
        };
        const result = mergeSectorFile(f.data(), 'lavori-pubblici', book, { verifyBase: verify, force: forceAll ? 'all' : new Set() });
        expect(result.ok, JSON.stringify(result)).toBe(true);
        if (!result.ok) return;
        applyChanges(doc, result.changes, 'import');
        const after = readSheet(doc, 'misure').find((r) => r.id === 'mis-llpp-1')!.values;
        COLS.forEach((c, i) => {
          const reported = result.conflicts.find((x) => x.columnId === c);
          if (serverBefore[c] !== baseValues[c] && after[c] !== serverBefore[c]) {
            expect(reported, c).toBeDefined();
            expect(reported!.overwritten).toBe(true);
          }
          if (y[i] === baseValues[c]) expect(after[c]).toBe(serverBefore[c]);
          else if (serverBefore[c] === baseValues[c]) expect(after[c]).toBe(y[i]);
          if (reported) expect(reported).toMatchObject({ theirs: serverBefore[c], yours: y[i], sheet: '2.3 Misure', row: 2 });
        });
        expect(result.summary.conflicts).toBe(result.conflicts.length);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('a forged base is refused whole; a base without a verifier is ignored with a warning', () => {
    const f = buildFixture();
    const rows = baseSheetRows({ ente: f.data().ente, triennio: f.data().triennio, sector: 'lavori-pubblici', rows: new Map() }, () => 'forged');
    const book: ParsedBook = { declaredSector: null, base: readRawBase(rows), sheets: [{ name: '2.3 Misure', sheetId: 'misure', header: { row: 1, found: [], repeated: [] }, rows: [] }] };
    const refused = mergeSectorFile(f.data(), 'lavori-pubblici', book, { verifyBase: verify });
    expect(refused).toMatchObject({ ok: false, errors: [{ message: expect.stringMatching(/foglio nascosto .* modificato/) }] });
    const unverified = mergeSectorFile(f.data(), 'lavori-pubblici', book, {});
    expect(unverified).toMatchObject({ ok: true, summary: { threeWay: false, warnings: [expect.stringMatching(/valori di partenza/)] } });
  });
});
