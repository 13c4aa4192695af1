import { describe, expect, it } from 'vitest';
import { getColumn } from '@piao/shared/schema/index';
import { coerceCell } from '@piao/shared/validate/coerce';
import { cellText } from './cell-text';

describe('grid cell text', () => {
  it('shows money with € and thousands separators, and that text reads back as the same amount', () => {
    const costo = getColumn('fabbisogni', 'costo_unitario')!;
    expect(cellText(costo, 32000.5)).toBe('32.000,50 €');
    expect(coerceCell(costo, cellText(costo, 32000.5))).toEqual({ ok: true, value: 32000.5 });
    expect(cellText(getColumn('obiettivi', 'peso')!, 12.5)).toBe('12,5');
  });

  it('shows dates GG/MM/AAAA (a native date input would follow the browser locale), read back as the same date', () => {
    const inizio = getColumn('obiettivi', 'inizio')!;
    expect(cellText(inizio, '2024-03-05')).toBe('05/03/2024');
    expect(coerceCell(inizio, cellText(inizio, '2024-03-05'))).toEqual({ ok: true, value: '2024-03-05' });
    expect(cellText(inizio, 'non una data')).toBe('non una data');
  });
});
