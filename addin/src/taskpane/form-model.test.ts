import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getColumn, getSheet } from '@piao/shared/schema/index';
import { addRow, applyChanges, readRecord, readRow } from '@piao/shared/doc/rows';
import { DEFAULT_SETTINGS, type RowValues } from '@piao/shared/schema/types';
import { choiceOptions, commitValue, displayValue, fieldChange, fieldKind, isRequired, refOptions, rowLabel } from './form-model';

const col = (sheet: Parameters<typeof getColumn>[0], id: string) => {
  const c = getColumn(sheet, id);
  if (!c) throw new Error(`colonna ${sheet}.${id} assente dallo schema`);
  return c;
};

describe('form fields from the schema', () => {
  it('uses dropdowns for closed lists and references, text boxes otherwise', () => {
    expect(fieldKind(col('obiettivi', 'tipo'))).toBe('choice');
    expect(fieldKind(col('obiettivi', 'obiettivo_strategico'))).toBe('choice');
    expect(fieldKind(col('processi', 'fondi_pnrr'))).toBe('choice');
    expect(fieldKind(col('obiettivi', 'descrizione'))).toBe('longtext');
    expect(fieldKind(col('obiettivi', 'inizio'))).toBe('date');
    expect(fieldKind(col('obiettivi', 'peso'))).toBe('number');
    expect(fieldKind(col('obiettivi', 'titolo'))).toBe('text');
    expect(fieldKind(col('fabbisogni', 'costo_totale'))).toBe('computed');
  });

  it('evaluates conditional requirements on the row', () => {
    const pt = { ...col('fabbisogni', 'percentuale_pt'), required: (r: RowValues) => r.regime === 'Part-time' };
    expect(isRequired(pt, { regime: 'Part-time' }, DEFAULT_SETTINGS)).toBe(true);
    expect(isRequired(pt, { regime: 'Tempo pieno' }, DEFAULT_SETTINGS)).toBe(false);
    expect(isRequired(col('obiettivi', 'titolo'), {}, DEFAULT_SETTINGS)).toBe(true);
  });

  it('marks as required what the norms require to approve the plan (stored empty in a draft, reported as CELL_REQUIRED)', () => {
    expect(isRequired(col('processi', 'fasi'), {}, DEFAULT_SETTINGS)).toBe(true);
    expect(isRequired(col('formazione', 'anno'), {}, DEFAULT_SETTINGS)).toBe(true);
    // Conditional: a measure's deadline only while it is not implemented.
    expect(isRequired(col('misure', 'termine'), { stato: 'Da attuare' }, DEFAULT_SETTINGS)).toBe(true);
    expect(isRequired(col('misure', 'termine'), { stato: 'Attuata' }, DEFAULT_SETTINGS)).toBe(false);
  });

  it('shows numbers with the Italian comma and coerces what the user types back', () => {
    const peso = col('obiettivi', 'peso');
    expect(displayValue(peso, 12.5)).toBe('12,5');
    expect(commitValue(peso, '12,5')).toEqual({ ok: true, value: 12.5 });
    const bad = commitValue(peso, 'tanto');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('non è un numero');
    expect(commitValue(peso, '  ')).toEqual({ ok: true, value: null });
  });

  it('offers the schema’s values, Sì/No, and keeps a stored value no longer allowed', () => {
    const tipo = col('obiettivi', 'tipo');
    expect(choiceOptions(tipo, null, [])).toEqual(tipo.values);
    expect(choiceOptions(tipo, 'Vecchio tipo', [])).toContain('Vecchio tipo');
    const pnrr = col('processi', 'fondi_pnrr');
    expect(choiceOptions(pnrr, true, [])).toEqual(['Sì', 'No']);
    expect(commitValue(pnrr, 'Sì')).toEqual({ ok: true, value: true });
    expect(commitValue(col('obiettivi', 'tipo'), 'strategico')).toEqual({ ok: true, value: 'Strategico' });
  });

  it('lists reference targets from the plan document and from the sector’s own document', () => {
    const plan = new Y.Doc();
    const sector = new Y.Doc();
    addRow(plan, 'obiettivi_strategici', { codice: '04.02' }, 'test');
    addRow(plan, 'obiettivi_strategici', { codice: '01.01' }, 'test');
    addRow(sector, 'processi', { codice: 'P-1' }, 'test');
    expect(refOptions(col('obiettivi', 'obiettivo_strategico'), plan, sector)).toEqual(['04.02', '01.01']);
    expect(refOptions(col('rischi', 'processo'), plan, sector)).toEqual(['P-1']);
    expect(refOptions(col('obiettivi', 'titolo'), plan, sector)).toEqual([]);
  });
});

describe('writing a field', () => {
  it('updates one cell of a table row, with origin form', () => {
    const doc = new Y.Doc();
    const id = addRow(doc, 'obiettivi', { codice: 'A', titolo: 'x' }, 'test');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    applyChanges(doc, [fieldChange(getSheet('obiettivi'), id, 'titolo', 'Nuovo titolo')], 'form');
    expect(readRow(doc, 'obiettivi', id)?.values).toMatchObject({ codice: 'A', titolo: 'Nuovo titolo' });
    expect(origins).toEqual(['form']);
  });

  it('writes a one-record sheet without a row id, and refuses a table change without one', () => {
    const doc = new Y.Doc();
    applyChanges(doc, [fieldChange(getSheet('ente'), null, 'pec', 'a@pec.it')], 'form');
    expect(readRecord(doc, 'ente').pec).toBe('a@pec.it');
    expect(() => fieldChange(getSheet('obiettivi'), null, 'titolo', 'x')).toThrow();
  });

  it('labels rows by their first filled columns', () => {
    const sheet = getSheet('obiettivi');
    expect(rowLabel(sheet, { id: 'r', order: 'a', values: { codice: 'LLPP-01', titolo: 'Strade' } }, 0)).toBe('1. LLPP-01 — Strade');
  });
});

// Issue 9 item 9 (the form's part).
describe('form values the Italian way', () => {
  const inizio = col('obiettivi', 'inizio');
  const costo = col('fabbisogni', 'costo_unitario');
  const titolo = col('obiettivi', 'titolo');

  it('dates are shown and typed GG/MM/AAAA, never month first', () => {
    expect(fieldKind(inizio)).toBe('date');
    expect(displayValue(inizio, '2024-03-05')).toBe('05/03/2024');
    expect(commitValue(inizio, '05/03/2024')).toEqual({ ok: true, value: '2024-03-05' });
    expect(commitValue(inizio, '3/5/2024')).toEqual({ ok: true, value: '2024-05-03' });
    expect(commitValue(inizio, '31/02/2024').ok).toBe(false);
  });

  it('money with € and thousands separators, read back as typed', () => {
    expect(displayValue(costo, 1234.5)).toBe('1.234,50 €');
    expect(displayValue(costo, 32000)).toBe('32.000,00 €');
    expect(commitValue(costo, '1.234,50 €')).toEqual({ ok: true, value: 1234.5 });
    // Typed Italian-style without decimals: the dot groups thousands.
    expect(commitValue(costo, '1.500')).toEqual({ ok: true, value: 1500 });
    expect(commitValue(costo, '32000')).toEqual({ ok: true, value: 32000 });
  });

  it("text longer than an Excel cell's 32,767 characters is refused with a clear message", () => {
    expect(commitValue(titolo, 'x'.repeat(32_767))).toEqual({ ok: true, value: 'x'.repeat(32_767) });
    const long = commitValue(titolo, 'x'.repeat(32_768));
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error).toBe('Testo troppo lungo: 32.768 caratteri, Excel ne tiene al massimo 32.767 in una cella');
  });
});
