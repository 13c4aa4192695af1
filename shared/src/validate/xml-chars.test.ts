import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getSheet } from '../schema';
import { DEFAULT_SETTINGS } from '../schema/types';
import { checkCell } from './cells';
import { firstInvalidXmlChar, stripInvalidXmlChars } from './xml-chars';

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

describe('characters an .xlsx cannot hold', () => {
  it('names U+FFFF, U+FFFE, C0 controls and lone surrogates; admits tab, newline, CR, accents, emoji', () => {
    expect(firstInvalidXmlChar('a\uFFFFb')).toBe('U+FFFF');
    expect(firstInvalidXmlChar('\uFFFE')).toBe('U+FFFE');
    expect(firstInvalidXmlChar('x\u0001')).toBe('U+0001');
    expect(firstInvalidXmlChar('x\uD800y')).toBe('U+D800');
    expect(firstInvalidXmlChar('\uDC00')).toBe('U+DC00');
    expect(firstInvalidXmlChar('perché\t\n\r città 😀')).toBeNull();
  });

  it('stripping leaves only XML characters and keeps every valid one (fast-check)', () => {
    const seed = Number(process.env.PIAO_FC_SEED ?? Date.now());
    console.log(`fast-check seed (xml-chars): ${seed}`);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = stripInvalidXmlChars(s);
        expect(out).toMatch(XML_CHAR);
        expect(firstInvalidXmlChar(out)).toBeNull();
        if (XML_CHAR.test(s)) expect(out).toBe(s);
      }),
      { seed, numRuns: 500 },
    );
  });

  it('a text cell holding one is a CELL_CHARS error with an Italian message', () => {
    const col = getSheet('obiettivi').columns.find((c) => c.id === 'titolo')!;
    const f = checkCell(col, 'Titolo\uFFFF', {}, DEFAULT_SETTINGS);
    expect(f).toEqual({ rule: 'CELL_CHARS', message: '«' + col.label + '» contiene un carattere non ammesso in Excel (U+FFFF): eliminarlo e riscrivere il testo' });
  });
});
