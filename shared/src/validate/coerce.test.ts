import { describe, expect, it } from 'vitest';
import { getColumn } from '../schema';
import type { ColumnDef, SheetId } from '../schema/types';
import { coerceCell, parseDate, parseNumber } from './coerce';

const col = (sheet: SheetId, id: string): ColumnDef => getColumn(sheet, id)!;
const ok = (value: unknown) => ({ ok: true, value });

describe('parseNumber', () => {
  it('reads Italian and English numbers', () => {
    expect(parseNumber('1.234,5', false)).toBe(1234.5);
    expect(parseNumber('1.234', true)).toBe(1234);
    expect(parseNumber('1.234', false)).toBe(1.234);
    expect(parseNumber('€ 1.000,00', false)).toBe(1000);
    expect(parseNumber('40 %', false)).toBe(40);
    expect(parseNumber('-3,75', false)).toBe(-3.75);
    expect(parseNumber('1e3', false)).toBe(1000);
    expect(parseNumber('', false)).toBeNull();
    expect(parseNumber('dodici', false)).toBeNull();
    expect(parseNumber('1,2,3', false)).toBeNull();
  });
});

describe('parseDate', () => {
  it('reads GG/MM/AAAA, ISO, Excel serials and Dates', () => {
    expect(parseDate('31/12/2023')).toBe('2023-12-31');
    expect(parseDate('1/2/2024')).toBe('2024-02-01');
    expect(parseDate('01.02.2024')).toBe('2024-02-01');
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2024-02-29T10:00:00Z')).toBe('2024-02-29');
    // Excel serial 45000 is 15/03/2023 (1900 date system, epoch 30/12/1899).
    expect(parseDate(45000)).toBe('2023-03-15');
    expect(parseDate(1)).toBe('1899-12-31');
    expect(parseDate(new Date(Date.UTC(2022, 0, 31)))).toBe('2022-01-31');
  });

  it('rejects impossible dates and other shapes', () => {
    expect(parseDate('31/02/2023')).toBeNull();
    expect(parseDate('2023-13-01')).toBeNull();
    expect(parseDate('12/2023')).toBeNull();
    expect(parseDate(0)).toBeNull();
    expect(parseDate(Number.NaN)).toBeNull();
    expect(parseDate(true)).toBeNull();
  });
});

describe('coerceCell', () => {
  it('turns empty input into null', () => {
    expect(coerceCell(col('obiettivi', 'titolo'), '   ')).toEqual(ok(null));
    expect(coerceCell(col('obiettivi', 'peso'), null)).toEqual(ok(null));
    expect(coerceCell(col('obiettivi', 'peso'), undefined)).toEqual(ok(null));
  });

  it('coerces numbers the Italian way and rounds money to cents', () => {
    expect(coerceCell(col('obiettivi', 'peso'), '12,5')).toEqual(ok(12.5));
    expect(coerceCell(col('obiettivi', 'peso'), '40%')).toEqual(ok(40));
    expect(coerceCell(col('fabbisogni', 'posti'), '1.200')).toEqual(ok(1200));
    expect(coerceCell(col('fabbisogni', 'costo_unitario'), '€ 35.000,456')).toEqual(ok(35000.46));
    // Money typed without cents groups thousands with dots, in the grid and the import as in the form.
    expect(coerceCell(col('fabbisogni', 'costo_unitario'), '1.500')).toEqual(ok(1500));
    expect(coerceCell(col('fabbisogni', 'costo_unitario'), '€ 35.000')).toEqual(ok(35000));
    expect(coerceCell(col('fabbisogni', 'costo_unitario'), '2.5')).toEqual(ok(2.5));
    expect(coerceCell(col('fabbisogni', 'anno'), 2023)).toEqual(ok(2023));
  });

  it('explains bad numbers in Italian', () => {
    expect(coerceCell(col('fabbisogni', 'posti'), 'tre')).toEqual({ ok: false, error: '«tre» non è un numero' });
    expect(coerceCell(col('fabbisogni', 'posti'), '2,5')).toMatchObject({ ok: false, error: expect.stringMatching(/non è un numero intero$/) });
    expect(coerceCell(col('fabbisogni', 'posti'), Number.POSITIVE_INFINITY)).toMatchObject({ ok: false });
  });

  it('coerces dates from GG/MM/AAAA and Excel serials, and explains bad ones', () => {
    expect(coerceCell(col('obiettivi', 'inizio'), '01/03/2023')).toEqual(ok('2023-03-01'));
    expect(coerceCell(col('obiettivi', 'inizio'), 45000)).toEqual(ok('2023-03-15'));
    expect(coerceCell(col('obiettivi', 'inizio'), '30/02/2023')).toEqual({
      ok: false,
      error: '«30/02/2023» non è una data valida (usare GG/MM/AAAA)',
    });
  });

  it('matches enums case-insensitively and returns the canonical value', () => {
    expect(coerceCell(col('rischi', 'giudizio'), 'molto ALTO')).toEqual(ok('Molto alto'));
    expect(coerceCell(col('indicatori', 'unita'), ' % ')).toEqual(ok('%'));
    const bad = coerceCell(col('misure', 'tipo'), 'Altro');
    expect(bad).toEqual({ ok: false, error: '«Altro» non è tra i valori ammessi (Generale, Specifica)' });
  });

  it('reads Sì/No and its variants for booleans', () => {
    const pnrr = col('processi', 'fondi_pnrr');
    for (const yes of ['Sì', 'si', 'SI', 'x', 'vero', true, 1]) expect(coerceCell(pnrr, yes)).toEqual(ok(true));
    for (const no of ['No', 'n', 'falso', false, 0]) expect(coerceCell(pnrr, no)).toEqual(ok(false));
    expect(coerceCell(pnrr, 'forse')).toEqual({ ok: false, error: '«forse» non è Sì o No' });
  });

  it('trims text, normalises line ends in long text, and writes numbers as text', () => {
    expect(coerceCell(col('obiettivi', 'codice'), '  LLPP-01 ')).toEqual(ok('LLPP-01'));
    expect(coerceCell(col('obiettivi', 'descrizione'), 'riga 1\r\nriga 2\n')).toEqual(ok('riga 1\nriga 2'));
    expect(coerceCell(col('obiettivi_strategici', 'indirizzo_codice'), 4)).toEqual(ok('4'));
    expect(coerceCell(col('obiettivi', 'titolo'), { a: 1 })).toEqual({ ok: false, error: 'valore non riconosciuto' });
  });
});
