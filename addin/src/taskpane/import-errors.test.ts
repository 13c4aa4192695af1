import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n';
import { importErrorText } from './import-errors';

const t = createTranslator('it');
const name = (id: string) => (id === 'obiettivi' ? 'Obiettivi' : id);

describe('refused import errors', () => {
  it('names sheet, row and column only when the error has them (never "riga 0, colonna :")', () => {
    expect(importErrorText({ sheet: 'obiettivi', row: 3, column: 'Peso %', message: '«abc» non è un numero' }, name, t)).toBe('Obiettivi, riga 3, colonna Peso %: «abc» non è un numero');
    expect(importErrorText({ sheet: 'obiettivi', row: 4, column: null, message: 'codice ripetuto' }, name, t)).toBe('Obiettivi, riga 4: codice ripetuto');
    expect(importErrorText({ sheet: 'obiettivi', row: 0, column: 'ID', message: 'colonna mancante' }, name, t)).toBe('Obiettivi, colonna ID: colonna mancante');
    expect(importErrorText({ sheet: 'obiettivi', row: null, column: null, message: 'foglio vuoto' }, name, t)).toBe('Obiettivi: foglio vuoto');
    expect(importErrorText({ sheet: '', row: 0, column: '', message: 'Il file non è una cartella Excel (.xlsx)' }, name, t)).toBe('Il file non è una cartella Excel (.xlsx)');
  });
});
