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
});
