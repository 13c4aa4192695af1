import { describe, expect, it } from 'vitest';
import { fabbisogni, getColumn, obiettivi, rischi } from '../schema';
import type { ColumnDef, SheetId } from '../schema/types';
import { DEFAULT_SETTINGS } from '../schema/types';
import { checkCell } from './cells';

const col = (sheet: SheetId, id: string): ColumnDef => {
  const c = getColumn(sheet, id);
  if (!c) throw new Error(`${sheet}.${id}`);
  return c;
};
const check = (sheet: SheetId, id: string, value: unknown, row: Record<string, unknown> = {}, settings = DEFAULT_SETTINGS) =>
  checkCell(col(sheet, id), value as never, row as never, settings);

describe('checkCell', () => {
  it('requires required cells, and treats blank text as empty', () => {
    expect(check('obiettivi', 'titolo', null)).toEqual({ rule: 'CELL_REQUIRED', message: '«Titolo» è obbligatorio: inserire un valore' });
    expect(check('obiettivi', 'titolo', '   ')?.rule).toBe('CELL_REQUIRED');
    expect(check('obiettivi', 'titolo', undefined)?.rule).toBe('CELL_REQUIRED');
    expect(check('obiettivi', 'descrizione', null)).toBeNull();
    expect(check('obiettivi', 'titolo', 'Manutenzione')).toBeNull();
  });

  it('evaluates requirements that depend on the plan settings', () => {
    const numerica = { ...DEFAULT_SETTINGS, riskMode: 'numerica' as const };
    expect(check('rischi', 'opacita', null)?.rule).toBe('CELL_REQUIRED');
    expect(check('rischi', 'opacita', null, {}, numerica)).toBeNull();
    expect(check('rischi', 'probabilita', null)).toBeNull();
    expect(check('rischi', 'probabilita', null, {}, numerica)?.rule).toBe('CELL_REQUIRED');
  });

  it('never checks computed columns', () => {
    expect(check('fabbisogni', 'costo_totale', 'anything')).toBeNull();
    expect(check('rischi', 'livello', -5)).toBeNull();
    expect(fabbisogni.columns.find((c) => c.id === 'costo_totale')?.computed).toBeTypeOf('function');
  });

  it('reports values of the wrong JS type written by third-party clients', () => {
    expect(check('obiettivi', 'codice', 42)).toEqual({
      rule: 'CELL_TYPE',
      message: '«Codice» contiene un numero (42) invece di un testo: riscriverlo come testo',
    });
    expect(check('obiettivi', 'peso', '60')?.message).toBe('«Peso %» contiene un testo («60») invece di un numero: inserire un numero');
    expect(check('fabbisogni', 'posti', 2.5)?.message).toBe('«Posti» contiene 2,5, che non è un numero intero: inserire un numero intero');
    expect(check('fabbisogni', 'anno', true)?.rule).toBe('CELL_TYPE');
    expect(check('processi', 'fondi_pnrr', 'Sì')?.rule).toBe('CELL_TYPE');
    expect(check('processi', 'fondi_pnrr', true)).toBeNull();
    expect(check('obiettivi', 'tipo', 3)?.rule).toBe('CELL_TYPE');
    expect(check('obiettivi', 'peso', Number.NaN)?.rule).toBe('CELL_TYPE');
  });

  it('accepts only real ISO dates in date columns', () => {
    expect(check('obiettivi', 'inizio', '2023-02-28')).toBeNull();
    expect(check('obiettivi', 'inizio', '2023-02-30')?.rule).toBe('CELL_TYPE');
    expect(check('obiettivi', 'inizio', '31/12/2023')?.message).toBe(
      '«Inizio» contiene «31/12/2023», che non è una data valida: inserire una data (GG/MM/AAAA)',
    );
    expect(check('obiettivi', 'inizio', 45000)?.rule).toBe('CELL_TYPE');
  });

  it('checks enum membership and suggests the right spelling', () => {
    expect(check('rischi', 'giudizio', 'Alto')).toBeNull();
    expect(check('rischi', 'giudizio', 'alto')).toEqual({
      rule: 'CELL_ENUM',
      message: '«Giudizio sintetico» contiene «alto», che non è tra i valori ammessi: scrivere «Alto»',
    });
    expect(check('misure', 'tipo', 'Altro')?.message).toBe(
      '«Tipo» contiene «Altro», che non è tra i valori ammessi: scegliere fra «Generale» o «Specifica»',
    );
    expect(check('processi', 'area', 'Boh')?.message).toMatch(/scegliere un valore dall'elenco a discesa$/);
    expect(obiettivi.columns.find((c) => c.id === 'tipo')?.values).toContain('Strategico');
  });

  it('checks numeric ranges from the schema', () => {
    expect(check('obiettivi', 'peso', 100)).toBeNull();
    expect(check('obiettivi', 'peso', 0)).toBeNull();
    expect(check('obiettivi', 'peso', 120)).toEqual({
      rule: 'CELL_RANGE',
      message: "«Peso %» vale 120, fuori dall'intervallo 0–100: inserire un valore tra 0 e 100",
    });
    expect(check('fabbisogni', 'posti', 0)?.message).toBe('«Posti» vale 0: deve essere almeno 1');
    expect(check('lavoro_agile', 'giorni_settimana', 6)?.message).toBe("«Giorni/settimana» vale 6, fuori dall'intervallo 0–5: inserire un valore tra 0 e 5");
    expect(check('fabbisogni', 'costo_unitario', -1)?.rule).toBe('CELL_RANGE');
    expect(rischi.columns.find((c) => c.id === 'probabilita')?.max).toBe(5);
  });

  it('checks patterns with the hint of the schema', () => {
    expect(check('obiettivi_strategici', 'codice', '04.02')).toBeNull();
    expect(check('obiettivi_strategici', 'codice', '4.2')).toEqual({
      rule: 'CELL_PATTERN',
      message: '«Codice» contiene «4.2», che non è nel formato richiesto: formato NN.NN (es. 04.02)',
    });
    expect(check('ente', 'codice_fiscale', '0017234006')?.rule).toBe('CELL_PATTERN');
    expect(check('settori', 'id', 'Lavori Pubblici')?.rule).toBe('CELL_PATTERN');
    expect(check('settori', 'id', 'lavori-pubblici')).toBeNull();
  });

  it('checks the shape of e-mail addresses and URLs', () => {
    expect(check('ente', 'pec', 'protocollo@pec.comune.casale-monferrato.al.it')).toBeNull();
    expect(check('ente', 'pec', 'protocollo.pec.it')?.rule).toBe('CELL_PATTERN');
    expect(check('ente', 'pec', 'a b@c.it')?.rule).toBe('CELL_PATTERN');
    expect(check('ente', 'sito_web', 'www.comune.casale-monferrato.al.it')).toBeNull();
    expect(check('ente', 'sito_web', 'https://www.comune.esempio.it/amministrazione-trasparente')).toBeNull();
    expect(check('ente', 'sito_web', 'comune esempio')?.rule).toBe('CELL_PATTERN');
    expect(check('ente', 'sito_web', 'ftp://x.it')?.rule).toBe('CELL_PATTERN');
  });
});
