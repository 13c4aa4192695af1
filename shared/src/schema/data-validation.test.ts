import { describe, expect, it } from 'vitest';
import { column } from './columns';
import { excelRule, fitsInlineList } from './data-validation';
import { SHEETS, getColumn } from './index';

describe('excelRule', () => {
  it('gives no rule to free text, e-mail, URL and computed columns', () => {
    for (const type of ['text', 'longtext', 'email', 'url'] as const) expect(excelRule(column(type, 'x', 'X', 'X'))).toBeNull();
    expect(excelRule(column('int', 'x', 'X', 'X', { computed: () => 1 }))).toBeNull();
    expect(excelRule(column('enum', 'x', 'X', 'X', { values: [] }))).toBeNull();
    expect(excelRule(column('ref', 'x', 'X', 'X'))).toBeNull();
  });

  it('turns an enum into its dropdown, refusing other values', () => {
    const col = getColumn('misure', 'stato')!;
    expect(excelRule(col)).toEqual({
      kind: 'list',
      values: col.values,
      errorStyle: 'stop',
      errorTitle: 'Valore non ammesso',
      errorMessage: `Scegliere un valore dall'elenco di «${col.label}».`,
    });
  });

  it('turns a bool into a Sì/No dropdown', () => {
    expect(excelRule(column('bool', 'x', 'PNRR', 'X'))).toEqual({
      kind: 'list',
      values: ['Sì', 'No'],
      errorStyle: 'stop',
      errorTitle: 'Valore non ammesso',
      errorMessage: 'Scegliere Sì o No.',
    });
  });

  it('gives int and year whole-number ranges, with the bounds in Italian', () => {
    expect(excelRule(getColumn('fabbisogni', 'anno')!)).toMatchObject({ kind: 'whole', min: 2000, max: 2100, errorTitle: 'Numero non valido', errorMessage: '«Anno»: inserire un numero intero tra 2000 e 2100.' });
    expect(excelRule(column('int', 'n', 'Posti', 'X', { min: 1 }))).toMatchObject({ kind: 'whole', min: 1, max: 1e15, errorMessage: '«Posti»: inserire un numero intero maggiore o uguale a 1.' });
    expect(excelRule(column('int', 'n', 'Posti', 'X'))).toMatchObject({ kind: 'whole', min: -1e15, max: 1e15, errorMessage: '«Posti»: inserire un numero intero.' });
  });

  it('gives decimal, money and percent decimal ranges, numbers written the Italian way', () => {
    expect(excelRule(column('decimal', 'd', 'Peso', 'X', { min: -3.5, max: 12000 }))).toMatchObject({ kind: 'decimal', min: -3.5, max: 12000, errorMessage: '«Peso»: inserire un numero tra -3,5 e 12.000.' });
    expect(excelRule(column('money', 'm', 'Costo', 'X', { max: 1234.567 }))).toMatchObject({ kind: 'decimal', min: -1e15, max: 1234.567, errorMessage: '«Costo»: inserire un numero minore o uguale a 1234,57.' });
    expect(excelRule(column('percent', 'p', 'Quota', 'X'))).toMatchObject({ kind: 'decimal', min: 0, max: 100, errorMessage: '«Quota»: inserire un numero tra 0 e 100.' });
  });

  it('checks dates between 1950 and 2199', () => {
    expect(excelRule(column('date', 't', 'Termine', 'X'))).toEqual({
      kind: 'date',
      min: '1950-01-01',
      max: '2199-12-31',
      errorStyle: 'stop',
      errorTitle: 'Data non valida',
      errorMessage: '«Termine»: inserire una data (GG/MM/AAAA).',
    });
  });

  it('lets an unknown ref through with a warning, since its row may come later', () => {
    expect(excelRule(getColumn('misure', 'rischio')!)).toEqual({
      kind: 'ref',
      target: { sheet: 'rischi', column: 'codice' },
      errorStyle: 'warning',
      errorTitle: 'Riferimento sconosciuto',
      errorMessage: '«Rischio»: il codice non risulta tra quelli esistenti.',
    });
  });

  it('shows the help as input message and keeps every text within Excel limits', () => {
    const label = 'Etichetta molto lunga '.repeat(20);
    const rule = excelRule(column('money', 'm', label, 'X', { help: 'h'.repeat(300) }))!;
    expect(rule.prompt).toEqual({ title: label.slice(0, 32), message: 'h'.repeat(255) });
    expect(rule.errorMessage).toBe(`«${label}`.slice(0, 255));
    expect(excelRule(getColumn('obiettivi', 'codice')!)).toBeNull();
    expect(excelRule(column('date', 'd', 'Data', 'X'))!.prompt).toBeUndefined();
  });

  it('has a rule for every schema column Excel can check, and all messages within limits', () => {
    for (const sheet of SHEETS)
      for (const col of sheet.columns) {
        const rule = excelRule(col);
        const checkable = !col.computed && ['enum', 'bool', 'int', 'year', 'decimal', 'money', 'percent', 'date', 'ref'].includes(col.type);
        expect(rule !== null, `${sheet.id}.${col.id}`).toBe(checkable);
        if (!rule) continue;
        expect(rule.errorTitle.length).toBeLessThanOrEqual(32);
        expect(rule.errorMessage.length).toBeLessThanOrEqual(255);
        if (rule.kind === 'whole' || rule.kind === 'decimal') expect(rule.min).toBeLessThanOrEqual(rule.max);
      }
  });
});

describe('fitsInlineList', () => {
  it('allows 255 characters with the quotes, and no commas or quotes inside values', () => {
    expect(fitsInlineList(['a'.repeat(253)])).toBe(true);
    expect(fitsInlineList(['a'.repeat(254)])).toBe(false);
    expect(fitsInlineList(['a'.repeat(126), 'b'.repeat(126)])).toBe(true);
    expect(fitsInlineList(['a, b', 'c'])).toBe(false);
    expect(fitsInlineList(['a "b"'])).toBe(false);
    expect(fitsInlineList(getColumn('processi', 'area')!.values!)).toBe(false);
  });
});
