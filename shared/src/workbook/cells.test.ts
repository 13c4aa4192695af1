import { describe, expect, it } from 'vitest';
import { column } from '../schema/columns';
import { cellValue, isoToDate, isoToSerial, toExcel } from './cells';

const date = column('date', 'd', 'Data', 'Date');
const text = column('text', 't', 'Testo', 'Text');

describe('cells', () => {
  it('gives ISO dates as UTC Dates and as Excel serial days', () => {
    expect(isoToDate('2023-01-15')?.toISOString()).toBe('2023-01-15T00:00:00.000Z');
    expect(isoToSerial('2023-01-15')).toBe(44941);
    expect(isoToSerial('1900-03-01')).toBe(61);
    expect(isoToSerial('15/01/2023')).toBeNull();
    expect(isoToDate('2023-1-5')).toBeNull();
  });

  it('writes booleans as Sì/No and dates only in date columns, keeping what does not fit', () => {
    expect(toExcel(text, true)).toBe('Sì');
    expect(cellValue(null, false, isoToSerial)).toBe('No');
    expect(toExcel(date, '2023-01-15')).toEqual(new Date(Date.UTC(2023, 0, 15)));
    expect(cellValue(date, '2023-01-15', isoToSerial)).toBe(44941);
    expect(cellValue(text, '2023-01-15', isoToSerial)).toBe('2023-01-15');
    expect(toExcel(date, 'domani')).toBe('domani');
    expect(toExcel(date, undefined)).toBeNull();
    expect(toExcel(text, '')).toBe('');
    expect(toExcel(text, 3.5)).toBe(3.5);
  });
});
