import { describe, expect, it } from 'vitest';
import { getSheet } from '@piao/shared/schema/index';
import { excelValue, fromExcelCell, isTextColumn, toExcelInput } from './office-values';

/** What the adapter writes into `range.values` and how it reads cells back (issue 8, defects 13 and 17). */

const obiettivi = getSheet('obiettivi');
const col = (id: string) => obiettivi.columns.find((c) => c.id === id)!;

describe('toExcelInput / fromExcelCell', () => {
  it('Text-formatted columns get text as it is, without the apostrophe prefix (defect 17)', () => {
    expect(isTextColumn(col('codice'))).toBe(true);
    expect(toExcelInput(col('codice'), '04.02')).toBe('04.02');
    expect(toExcelInput(col('titolo'), '-ridurre i tempi')).toBe('-ridurre i tempi');
    expect(toExcelInput(col('stakeholder'), '=1+1')).toBe('=1+1');
  });

  it('other cells keep the prefix for text Excel would take as a number, a date or a formula', () => {
    expect(toExcelInput(col('inizio'), 'non è una data')).toBe('non è una data');
    expect(toExcelInput(col('peso'), '-3 circa' as never)).toBe("'-3 circa");
    expect(toExcelInput(null, '=SOMMA(A1)')).toBe("'=SOMMA(A1)");
    expect(toExcelInput(null, "'citazione")).toBe("''citazione");
  });

  it('percent cells hold fractions: 27.5 is written 0.275 and 0.5 read back is 50 (defect 13)', () => {
    expect(toExcelInput(col('peso'), 27.5)).toBe(0.275);
    expect(toExcelInput(col('peso'), 12.25)).toBe(0.1225);
    expect(fromExcelCell(col('peso'), 0.5)).toBe(50);
    expect(fromExcelCell(col('peso'), 0.275)).toBe(27.5);
    expect(fromExcelCell(col('peso'), 0.1225)).toBe(12.25);
    // What the adapter's reads return is in document units, so the binder compares like with like.
    expect(excelValue(col('peso'), 27.5)).toBe(27.5);
    expect(fromExcelCell(col('peso'), '')).toBeNull();
    expect(fromExcelCell(col('titolo'), 'x')).toBe('x');
  });
});
