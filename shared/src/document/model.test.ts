import { describe, expect, it } from 'vitest';
import { buildDemoDocs, DEMO_PLAN } from '../demo';
import { readPlanData } from '../doc/plan-data';
import { buildPlanDocument, textBlocks, type Block } from './model';
import { formatCell } from './cells';
import { column } from '../schema/columns';

const demo = () => {
  const { planDoc, sectorDocs } = buildDemoDocs();
  return readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
};
const headings = (blocks: readonly Block[]) => blocks.flatMap((b) => (b.kind === 'heading' && b.toc ? [b.text] : []));

describe('modello del documento', () => {
  it('segue l’ordine del Piano tipo e mette i testi prima delle tabelle della loro sezione', () => {
    const doc = buildPlanDocument(demo());
    // Sections first; a linked-acts part may follow the Riepilogo when the schema has one.
    expect(headings(doc.blocks).slice(0, 13)).toEqual([
      'Premessa',
      "Sezione 1 – Scheda anagrafica dell'amministrazione",
      'Sezione 2 – Valore pubblico, performance e anticorruzione',
      '2.1 – Valore pubblico',
      '2.2 – Performance',
      '2.3 – Rischi corruttivi e trasparenza',
      'Sezione 3 – Organizzazione e capitale umano',
      '3.1 – Struttura organizzativa',
      '3.2 – Organizzazione del lavoro agile',
      '3.3 – Piano triennale dei fabbisogni di personale',
      '3.4 – Formazione del personale',
      'Sezione 4 – Monitoraggio',
      'Riepilogo',
    ]);
    const at = (text: string) => doc.blocks.findIndex((b) => b.kind === 'heading' && b.text === text);
    const smvp = at('Sistema di misurazione e valutazione della performance');
    const objectives = doc.blocks.findIndex((b) => b.kind === 'table' && b.table.caption === 'Obiettivi di performance');
    expect(smvp).toBeGreaterThan(at('2.2 – Performance'));
    expect(objectives).toBeGreaterThan(smvp);
    expect(objectives).toBeLessThan(at('2.3 – Rischi corruttivi e trasparenza'));
    expect(doc.adoption).toBe('Bozza – non ancora adottato');
  });

  it('tabelle di settore: colonna Settore, colonne vuote omesse, orizzontale se larghe', () => {
    const doc = buildPlanDocument(demo());
    const tables = doc.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
    const rischi = tables.find((t) => t.caption.startsWith('Rischi') || t.columns.some((c) => c.label === 'Evento rischioso'))!;
    expect(rischi.columns[0]!.label).toBe('Settore');
    expect(rischi.landscape).toBe(true);
    for (const t of tables) for (const row of t.rows) expect(row).toHaveLength(t.columns.length);
    const ente = tables.find((t) => t.columns[0]!.label === 'Voce')!;
    expect(ente.landscape).toBe(false);
    expect(ente.rows.find((r) => r[0] === 'Denominazione')?.[1]).toBe('Comune di Casale Monferrato');
    const riepilogo = tables.find((t) => t.totalRow)!;
    expect(riepilogo.totalRow).toBe(true);
    expect(riepilogo.rows.at(-1)![0]).toBe('Totale');
  });

  it('una sezione senza righe lo dice invece di sparire', () => {
    const data = demo();
    for (const s of data.sectors) s.sheets.lavoro_agile = [];
    const doc = buildPlanDocument(data);
    expect(doc.blocks).toContainEqual({ kind: 'paragraph', text: expect.stringMatching(/nessun dato inserito/) });
  });

  it('testo: riga vuota = nuovo paragrafo, «- » = voce di elenco', () => {
    expect(textBlocks('Uno\ndue.\n\n- a\n- b\nTre')).toEqual([
      { kind: 'paragraph', text: 'Uno due.' },
      { kind: 'list', items: ['a', 'b'] },
      { kind: 'paragraph', text: 'Tre' },
    ]);
  });

  it('celle in formato italiano', () => {
    expect(formatCell(column('money', 'x', 'X', 'X'), 1234.5)).toBe('1.234,50 €');
    expect(formatCell(column('date', 'x', 'X', 'X'), '2022-01-31')).toBe('31/01/2022');
    expect(formatCell(column('bool', 'x', 'X', 'X'), true)).toBe('Sì');
    expect(formatCell(column('percent', 'x', 'X', 'X'), 12.5)).toBe('12,5 %');
    expect(formatCell(column('year', 'x', 'X', 'X'), 2024)).toBe('2024');
  });
});
