import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyChanges, readSheet } from '@piao/shared/doc/rows';
import { getSheet, withComputed } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { ExcelModel as FakeExcel } from './testing/excel-model';
import { createOfficeHost } from './office-host';
import { excelValue } from './office-values';
import { linkedDocs, manualFrames } from './testing';

/**
 * Convergence through the Office.js adapter itself: random typing, pasting below the table, row
 * deletions and sorts in the (mock) workbook, random remote edits; in the end every table row, found
 * by its ID cell, holds what the document says, and both documents agree.
 */

const def = getSheet('fabbisogni');
const TABLE = 'PIAO_fabbisogni';
const WS = def.title;
const labels = ['ID', ...def.columns.map((c) => c.label)];
const typed: Record<string, Array<string | number>> = {
  anno: [2023, 2024, '2.022'],
  profilo: ['Istruttore', 'Funzionario tecnico', 'Operaio'],
  area: ['Istruttori', 'funzionari e eq', 'Dirigenti'],
  posti: [1, 2, '3'],
  costo_unitario: [30000, '32.000,50', 41000.5],
  decorrenza: ['2023-04-01', '01/09/2024'],
  note: ['urgente', 'da confermare'],
};
const cols = Object.keys(typed);

type Op =
  | { k: 'type'; row: number; col: number; v: number }
  | { k: 'below'; col: number; v: number }
  | { k: 'delete'; row: number }
  | { k: 'sort'; col: number; desc: boolean }
  | { k: 'remote'; row: number; col: number; v: number; add: boolean }
  | { k: 'rDelete'; row: number }
  | { k: 'deliver' }
  | { k: 'frame' };

const n = fc.nat(20);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('type' as const), row: n, col: n, v: n }),
  fc.record({ k: fc.constant('below' as const), col: n, v: n }),
  fc.record({ k: fc.constant('delete' as const), row: n }),
  fc.record({ k: fc.constant('sort' as const), col: n, desc: fc.boolean() }),
  fc.record({ k: fc.constant('remote' as const), row: n, col: n, v: n, add: fc.boolean() }),
  fc.record({ k: fc.constant('rDelete' as const), row: n }),
  fc.constant({ k: 'deliver' as const }),
  fc.constant({ k: 'frame' as const }),
);

const pick = <T,>(list: readonly T[], i: number): T => list[i % list.length]!;

async function run(ops: Op[], version: string): Promise<void> {
  const { local, remote, deliver } = linkedDocs();
  const fake = new FakeExcel(version);
  const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
  const frames = manualFrames();
  const binding = bindSheets({ doc: local, host, sheets: ['fabbisogni'], readOnly: false, schedule: frames.schedule });
  await binding.ready;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await fake.settle();
      await frames.settle();
    }
  };
  for (const o of ops) {
    const t = fake.table(TABLE);
    const body = fake.body(TABLE);
    switch (o.k) {
      case 'type': {
        if (body.length === 0) break;
        const c = pick(cols, o.col);
        await fake.userType(WS, t.row + 1 + (o.row % body.length), t.col + labels.indexOf(def.columns.find((x) => x.id === c)!.label), [[pick(typed[c]!, o.v)]]);
        break;
      }
      case 'below': {
        const c = pick(cols, o.col);
        await fake.userType(WS, t.row + 1 + body.length, t.col + labels.indexOf(def.columns.find((x) => x.id === c)!.label), [[pick(typed[c]!, o.v)]]);
        break;
      }
      case 'delete':
        if (body.length > 0) await fake.userDeleteRows(WS, t.row + 1 + (o.row % body.length), 1);
        break;
      case 'sort':
        await fake.userSort(TABLE, pick(labels.slice(1), o.col), o.desc ? 'desc' : 'asc');
        break;
      case 'remote': {
        const rows = readSheet(remote, 'fabbisogni');
        const c = pick(['profilo', 'posti', 'note', 'anno'], o.col);
        const value = c === 'posti' || c === 'anno' ? 2022 + (o.v % 3) : `R${o.v}`;
        if (o.add || rows.length === 0) applyChanges(remote, [{ kind: 'add', sheet: 'fabbisogni', values: { [c]: value } }], 'test');
        else applyChanges(remote, [{ kind: 'update', sheet: 'fabbisogni', id: pick(rows, o.row).id, values: { [c]: value } }], 'test');
        break;
      }
      case 'rDelete': {
        const rows = readSheet(remote, 'fabbisogni');
        if (rows.length > 0) applyChanges(remote, [{ kind: 'delete', sheet: 'fabbisogni', id: pick(rows, o.row).id }], 'test');
        break;
      }
      case 'deliver':
        deliver();
        break;
      case 'frame':
        frames.runFrame();
        await fake.settle();
        break;
    }
  }
  deliver();
  await settle();
  deliver();
  await settle();

  const inExcel: Record<string, Record<string, unknown>> = {};
  for (const line of fake.body(TABLE)) {
    if (line[0] === '') {
      expect(line.every((v) => v === '')).toBe(true);
      continue;
    }
    inExcel[String(line[0])] = Object.fromEntries(def.columns.map((c) => [c.id, line[labels.indexOf(c.label)] === '' ? null : line[labels.indexOf(c.label)]]));
  }
  const inDoc = Object.fromEntries(
    readSheet(local, 'fabbisogni').map((r) => {
      const full = withComputed(def, r.values);
      return [r.id, Object.fromEntries(def.columns.map((c) => [c.id, excelValue(c, full[c.id] ?? null)]))];
    }),
  );
  expect(inExcel).toEqual(inDoc);
  expect(readSheet(local, 'fabbisogni')).toEqual(readSheet(remote, 'fabbisogni'));
  expect(fake.violations).toEqual([]);
  binding.dispose();
}

/** A new seed each run, printed in the test name so a failure replays with `PIAO_FC_SEED=<seed>`. */
const envSeed = process.env.PIAO_FC_SEED;
const SEED = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : Date.now() % 2 ** 31;

describe('convergence through the Office.js adapter (office-addin-mock)', () => {
  for (const version of ['1.14', '1.13']) {
    it(`workbook rows by ID equal document rows (ExcelApi ${version}, seed ${SEED})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => run(ops, version)),
        { numRuns: 25, seed: SEED },
      );
    }, 120_000);
  }
});

describe('convergence counterexamples (random seeds)', () => {
  // Seed -1629123882: a row typed in a new table's empty first row (no formula there) showed no
  // "Costo totale" after Posti was typed: the binder skipped the formula because the cell held the value it would give.
  for (const version of ['1.14', '1.13']) {
    it(`a row typed in the empty first row gets its formulas (ExcelApi ${version})`, () =>
      run([{ k: 'type', row: 0, col: 18, v: 0 }, { k: 'frame' }, { k: 'type', row: 0, col: 3, v: 0 }, { k: 'frame' }], version));
  }
});
