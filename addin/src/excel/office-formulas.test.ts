import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHEETS, getSheet } from '@piao/shared/schema/index';
import type { CellValue, ColumnDef, RowValues, SheetId } from '@piao/shared/schema/index';
import { computedFormula, hasFormula } from './office-formulas';
import { fromExcelCell, toExcelInput } from './office-values';
import { evaluate, type Cell } from './testing/formula-eval';

/**
 * Every computed column's Excel formula computes what the schema's JS function computes (issue 8,
 * defect 7), on random rows written as the adapter writes them (percent cells as fractions) and read
 * back as it reads them.
 */

const seed = Number(process.env.PIAO_SEED ?? Date.now() % 2 ** 31);
console.log(`[office-formulas] seed ${seed}`);

function arbitraryValue(col: ColumnDef): fc.Arbitrary<CellValue> {
  const blank = fc.constant(null);
  switch (col.type) {
    case 'int':
    case 'year':
      return fc.oneof(blank, fc.integer({ min: col.min ?? 0, max: col.max ?? 500 }));
    case 'money':
      return fc.oneof(blank, fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 100));
    case 'percent':
      return fc.oneof(blank, fc.integer({ min: 100, max: 9_900 }).map((c) => c / 100));
    case 'enum':
      return fc.oneof(blank, fc.constantFrom(...(col.values ?? ['x'])));
    default:
      return fc.oneof(blank, fc.string({ maxLength: 5 }));
  }
}

const computed = SHEETS.flatMap((s) => s.columns.filter((c) => c.computed).map((c) => ({ sheet: s.id as SheetId, col: c })));

describe('computed columns as Excel formulas', () => {
  it('every computed column of the schema has a formula', () => {
    expect(computed.filter(({ sheet, col }) => !hasFormula(sheet, col)).map(({ sheet, col }) => `${sheet}.${col.id}`)).toEqual([]);
  });

  for (const { sheet, col } of computed) {
    it(`${sheet}.${col.id}: the formula equals the schema's function on random rows`, () => {
      const def = getSheet(sheet);
      const inputs = def.columns.filter((c) => !c.computed);
      const columns = ['_id', ...def.columns.map((c) => c.id)];
      const at = columns.indexOf(col.id);
      const formula = computedFormula(sheet, col, columns, at)!;
      expect(formula).toMatch(/^=/);
      fc.assert(
        fc.property(fc.tuple(...inputs.map(arbitraryValue)), (values) => {
          const row: RowValues = Object.fromEntries(inputs.map((c, i) => [c.id, values[i] ?? null]).filter(([, v]) => v !== null));
          const expected = col.computed!(row);
          // The row as Excel holds it: what the adapter writes (apostrophes are not part of the value).
          const cells: Cell[] = columns.map((id) => {
            const c = def.columns.find((d) => d.id === id);
            if (!c || c.computed) return null;
            const v = toExcelInput(c, row[id] ?? null);
            return v === '' ? null : typeof v === 'string' ? v.replace(/^'/, '') : v;
          });
          const read = fromExcelCell(col, evaluate(formula, (i) => cells[i] ?? null, at));
          if (expected === null || expected === undefined) expect(read).toBeNull();
          // Excel rounds the decimal value it shows (15 significant digits), JS's Math.round the binary one: at an
          // exact half cent (0.9896 × 32,431.25 = 32,093.965) they may differ by one cent, never more.
          else expect(Math.abs((read as number) - (expected as number))).toBeLessThanOrEqual(col.type === 'money' ? 0.01 + 1e-9 : 1e-9);
        }),
        { seed, numRuns: 300 },
      );
    });
  }

  it('references follow the columns where they are: a moved input column changes the offset', () => {
    const def = getSheet('rischi');
    const livello = def.columns.find((c) => c.id === 'livello')!;
    const columns = ['_id', ...def.columns.map((c) => c.id)];
    const at = columns.indexOf('livello');
    const moved = [...columns.filter((c) => c !== 'impatto'), 'impatto'];
    expect(computedFormula('rischi', livello, columns, at)).toContain('RC[-1]');
    expect(computedFormula('rischi', livello, moved, moved.indexOf('livello'))).toContain('RC[1]');
    expect(computedFormula('rischi', livello, columns.filter((c) => c !== 'impatto'), at)).toBeNull();
  });
});
