import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DUP_INDIRIZZI, DUP_OBIETTIVI } from './dup-catalogue';

const FIXTURE = new URL('./fixtures/piao-2022-2024-casale-monferrato.txt', import.meta.url);
const SEED = readFileSync(FIXTURE, 'utf8');
/** The seed as handed to the project, outside the repository (checked only where it exists). */
const ORIGINAL = process.env.PIAO_SEED ?? fileURLToPath(new URL('../../../../shared/seed/piao-2022-2024-casale-monferrato.txt', import.meta.url));

const lines = SEED.split('\n');
const annexStart = lines.findIndex((l) => l.trim() === 'ALLEGATO AL DOCUMENTO');
/** The annex, with the `**` markup that glues whole blocks on one line turned back into line breaks. */
const annexLines = lines.slice(annexStart).join('\n').replace(/\*\*/g, '\n').split('\n');

/** The normalisation documented in dup-catalogue.ts. */
const clean = (s: string): string =>
  s
    .replace(/<\/?u>/g, '')
    .replace(/<\/?p>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ ([,:;])/g, '$1');

const annexText = clean(annexLines.join('\n'));
const pad = (code: string): string => code.padStart(5, '0');

/** Per code, the text of its priority blocks as printed (an independent reading of the annex). */
function seedPriorityText(): Map<string, string> {
  const blocks = new Map<string, string[]>();
  let collecting = false;
  let code: string | null = null;
  for (const raw of annexLines) {
    const line = raw.trim();
    if (/Obiettivo Strategico -/i.test(line) || /^(OBIETTIVI STRATEGICI|INDIRIZZO STRATEGICO|COD IND)/.test(line)) {
      collecting = false;
      code = null;
      continue;
    }
    if (line.startsWith('Codice Obiettivo Strategico')) {
      collecting = true;
      continue;
    }
    if (!collecting) continue;
    let text = line.replace("Priorità strategiche dell'obiettivo", '');
    const m = /^(\d{1,2}\.\d{2})(?:\s|$)/.exec(text);
    if (m) {
      code = pad(m[1]!);
      text = text.slice(m[0].length);
    }
    if (text.trim() === '') continue;
    expect(code, `priority text before any code: ${line}`).not.toBeNull();
    blocks.set(code!, [...(blocks.get(code!) ?? []), text]);
  }
  return new Map([...blocks].map(([c, parts]) => [c, clean(parts.join(' '))]));
}

describe('DUP catalogue', () => {
  it('has the ten indirizzi of the index, with their titles', () => {
    const start = annexLines.findIndex((l) => l.trim() === 'INDICE INDIRIZZI STRATEGICI');
    const index = annexLines
      .slice(start + 1, start + 14)
      .map((l) => /^(\d{2})\t(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ codice: m[1], titolo: clean(m[2]!) }));
    expect(index).toHaveLength(10);
    expect(DUP_INDIRIZZI).toEqual(index);
  });

  it('has every objective code printed in the annex, once, under its indirizzo', () => {
    const seedCodes = new Set([...annexLines.join('\n').matchAll(/\b(\d{1,2}\.\d{2})\b/g)].map((m) => pad(m[1]!)));
    const codes = DUP_OBIETTIVI.map((o) => o.codice);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...seedCodes].sort());
    expect(codes).toHaveLength(32);
    expect(codes).toEqual([...codes].sort());
    const indirizzi = new Set(DUP_INDIRIZZI.map((i) => i.codice));
    for (const o of DUP_OBIETTIVI) {
      expect(o.indirizzo_codice).toBe(o.codice.slice(0, 2));
      expect(indirizzi.has(o.indirizzo_codice)).toBe(true);
    }
  });

  it('loses no priority and adds none: per objective, the priorities joined equal the seed text', () => {
    const seed = seedPriorityText();
    expect([...seed.keys()].sort()).toEqual(DUP_OBIETTIVI.map((o) => o.codice));
    for (const o of DUP_OBIETTIVI) {
      expect(o.priorita.length, o.codice).toBeGreaterThan(0);
      expect(clean(o.priorita.join(' ')), o.codice).toBe(seed.get(o.codice));
    }
  });

  it('keeps titles and priorities verbatim', () => {
    const byCode = new Map(DUP_OBIETTIVI.map((o) => [o.codice, o]));
    expect(byCode.get('01.01')?.titolo).toBe('Occupazione: Garantire politiche di occupazione a favore della comunità e della sua crescita');
    expect(byCode.get('03.01')?.titolo).toMatch(/^Trasporto Pubblico: promuovere i collegamenti/);
    expect(byCode.get('01.06')?.titolo).toBe('Impresa per i giovani');
    expect(byCode.get('02.01')?.priorita.at(-1)).toBe(
      "Procecuazione delle attività necessarie all'ottenimento dell'IRCCS per la ricerca e la cura del mesotelioma pleurico; Casale sede permanente della Conferenza Nazionale sull'Amianto.",
    );
    expect(byCode.get('08.02')?.priorita).toEqual([
      'Interventi di manutenzione ordinaria, straordinaria e di efficientamento energetico degli stabili che accolgono le scuole primarie e secondarie di primo grado',
      "Revisione e miglioramento dell'attuale gestione delle mense scolastiche e dei menù del servizio",
      'Miglioramento ed implementazione del servizio di trasporto scolastico',
    ]);
    expect(byCode.get('10.03')?.priorita).toHaveLength(15);
    expect(byCode.get('09.01')?.priorita).toHaveLength(9);
    for (const o of DUP_OBIETTIVI) {
      expect(annexText, o.codice).toContain(o.titolo);
      for (const p of o.priorita) {
        expect(p).toBe(clean(p));
        expect(annexText, `${o.codice}: ${p}`).toContain(p);
      }
    }
  });

  it.runIf(existsSync(ORIGINAL))('reads a fixture identical to the seed handed to the project', () => {
    expect(SEED).toBe(readFileSync(ORIGINAL, 'utf8'));
  });
});
