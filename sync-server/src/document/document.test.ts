import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanData, type PlanData } from '@piao/shared';
import { DEMO_PLAN, buildDemoDocs } from '@piao/shared/demo/index';
import { OUTLINE, buildPlanDocument, writePlanDocx, writePlanPdf, type PlanDocument } from '@piao/shared/document/index';
import { headingText } from '@piao/shared/document/model';
import { documentFonts } from './fonts';
import { renderDocument } from './render';

/**
 * The published document read back with real tools: pdftotext and pdftoppm (Debian poppler-utils),
 * pdfinfo for the tagging, and the DOCX unzipped (word/document.xml, the body of a WordprocessingML
 * package, ECMA-376 Part 1 §11.3.10).
 */
const dir = mkdtempSync(join(tmpdir(), 'piao-doc-'));
let data: PlanData;
let doc: PlanDocument;

beforeAll(() => {
  const { planDoc, sectorDocs } = buildDemoDocs();
  data = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
  doc = buildPlanDocument(data);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADINGS = [...OUTLINE.map(headingText), 'Riepilogo'];
/** Cells of the demo that must be printed: codes, names, a money amount, a judgement. */
const CELLS = ['AG-P01', 'LLPP-P02', 'Marco Bellini', 'FIN-R02', 'Polizia locale e Protezione civile', 'Totale'];
const flat = (s: string) => s.replace(/\s+/g, ' ');

describe('documento del piano', () => {
  it('PDF: si apre, è A4 e tagged, il testo contiene ogni titolo di sezione e celle delle tabelle; le pagine diventano PNG', async () => {
    const fonts = await documentFonts();
    expect(fonts, 'fonts-dejavu-core e fonts-dejavu-extra installati').toBeDefined();
    const file = join(dir, 'piano.pdf');
    writeFileSync(file, await writePlanPdf(doc, { fonts }));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/A4/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(10);
    const text = flat(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    for (const h of HEADINGS) expect(text).toContain(h);
    for (const c of CELLS) expect(text).toContain(c);
    expect(text).toContain('Indice');
    expect(text).toContain('Bozza – non ancora adottato');
    expect(text).toContain(`Pagina ${pages} di ${pages}`);
    // The index gives the page a section starts on: the last entry (Riepilogo, or the linked acts after it) is the last page.
    expect(text).toMatch(/Riepilogo \.+ \d+/);
    expect(text).toMatch(new RegExp(`(Riepilogo|Documenti e atti collegati) \\.+ ${pages} `));
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '3', file, join(dir, 'page')]);
    for (const n of ['1', '2', '3']) {
      const png = readFileSync(join(dir, `page-${n.padStart(String(pages).length, '0')}.png`));
      expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    }
    // PDF/A-2a with embedded fonts: the XMP metadata declares the part and the conformance level.
    const raw = readFileSync(file).toString('latin1');
    expect(raw).toMatch(/pdfaid:part>2</);
    expect(raw).toMatch(/pdfaid:conformance>A</);
    // Every font embedded (pdffonts' «emb» column), as PDF/A requires.
    const fontLines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fontLines.length).toBeGreaterThan(0);
    for (const l of fontLines) expect(l).toMatch(/\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
  }, 120_000);

  it('PDF senza font da incorporare: Helvetica, ancora tagged ma non dichiarato PDF/A', async () => {
    const file = join(dir, 'helv.pdf');
    writeFileSync(file, await writePlanPdf(doc));
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Tagged:\s+yes/);
    expect(readFileSync(file).toString('latin1')).not.toMatch(/pdfaid:part/);
    const text = flat(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
    for (const h of HEADINGS) expect(text).toContain(h);
  }, 120_000);

  it('DOCX: si apre, word/document.xml contiene titoli (stili Heading), intestazioni di tabella ripetute e celle', async () => {
    const zip = await JSZip.loadAsync(await writePlanDocx(doc));
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = flat(
      xml
        .replace(/<\/w:p>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    );
    for (const h of HEADINGS) expect(text).toContain(h);
    for (const c of CELLS) expect(text).toContain(c);
    expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toMatch(/w:orient="landscape"/);
    expect(xml).toContain('TOC \\');
    const footer = Object.keys(zip.files).find((f) => /^word\/footer\d*\.xml$/.test(f));
    expect(await zip.file(footer!)!.async('string')).toContain('PAGE');
  }, 60_000);

  it('il PDF di un piano adottato è lo stesso, byte per byte, a ogni generazione', async () => {
    const adopted: PlanData = { ...data, records: { ...data.records, ente: { ...data.records.ente, estremi_approvazione: 'deliberazione n. 12', data_approvazione: '2022-01-28' } } };
    const [a, b] = [await renderDocument(adopted, 'pdf'), await renderDocument(adopted, 'pdf')];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const text = flat(execFileSync('pdftotext', ['-enc', 'UTF-8', '-l', '1', '-', '-'], { input: a, encoding: 'utf8' }));
    expect(text).toContain('Adottato con deliberazione n. 12 del 28/01/2022');
  }, 120_000);

  it('la copertina dice con quale deliberazione il piano è adottato', () => {
    const adopted = buildPlanDocument({
      ...data,
      records: { ...data.records, ente: { ...data.records.ente, estremi_approvazione: 'deliberazione di Giunta comunale n. 12', data_approvazione: '2022-01-28' } },
    });
    expect(adopted.adopted).toBe(true);
    expect(adopted.adoption).toBe('Adottato con deliberazione di Giunta comunale n. 12 del 28/01/2022');
  });
});
