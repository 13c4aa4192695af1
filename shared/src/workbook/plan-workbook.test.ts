import { describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { SHEET_BY_ID } from '../schema';
import type { Issue } from '../validate/issue';
import { validatePlan } from '../validate';
import { buildDemoDocs, DEMO_PLAN } from '../demo';
import { readPlanData } from '../doc/plan-data';
import { LISTS_SHEET, PLAN_WORKBOOK_SHEETS } from './layout';
import { planRowCount, writePlanWorkbook } from './plan-workbook';
import { CONTROLS_HEADERS } from './report-sheets';
import { buildFixture } from './testing/fixture';
import { collect, readBack, validations } from './testing/streams';

const REQUIRED_ORDER = [
  '1 Anagrafica',
  '2.1 Valore pubblico',
  '2.1 Obiettivi strategici',
  '2.1 Semplificazione',
  '2.1 Accessibilità',
  '2.2 Obiettivi',
  '2.2 Indicatori',
  '2.2 Azioni positive',
  '2.3 Processi',
  '2.3 Rischi',
  '2.3 Misure',
  '2.3 Trasparenza',
  '3.1 Settori',
  '3.1 Dotazione',
  '3.2 Lavoro agile',
  '3.3 Fabbisogni',
  '3.3 Cessazioni',
  '3.3 Capacità assunzionale',
  '3.4 Formazione',
  '4 Monitoraggio',
  '5 Documenti collegati',
  'Riepilogo',
  'Controlli',
];

const ISSUES: Issue[] = [
  { rule: 'OBJ_WEIGHT_SUM', severity: 'error', room: 'lavori-pubblici', sector: 'lavori-pubblici', sheet: 'obiettivi', rowId: null, column: 'peso', message: 'La somma dei pesi è 90, non 100' },
  { rule: 'RISK_NEEDS_MEASURE', severity: 'error', room: 'lavori-pubblici', sector: 'lavori-pubblici', sheet: 'rischi', rowId: 'risk-llpp-2', column: null, message: 'Il rischio R-LLPP-2 non ha misure' },
  { rule: 'CELL_PATTERN', severity: 'warning', room: '_piano', sector: null, sheet: 'ente', rowId: null, column: 'pec', message: 'PEC non valida' },
  { rule: 'RISK_NEEDS_MEASURE', severity: 'error', room: 'servizi-sociali', sector: 'servizi-sociali', sheet: 'rischi', rowId: 'risk-ss-1', column: 'giudizio', message: 'Il rischio R-SS-1 non ha misure' },
];

async function exportFixture(issues: Issue[] = ISSUES): Promise<{ wb: ExcelJS.Workbook; progress: Array<[number, number]> }> {
  const data = buildFixture().data();
  const progress: Array<[number, number]> = [];
  const bytes = await collect((out) => writePlanWorkbook(data, issues, out, { onProgress: (d, t) => progress.push([d, t]) }));
  return { wb: await readBack(bytes), progress };
}

const headerOf = (ws: ExcelJS.Worksheet): unknown[] => (ws.getRow(1).values as unknown[]).slice(1);

describe('consolidated workbook', () => {
  it('has the PIAO sheets in Piano-tipo order, then the hidden lists', async () => {
    const { wb } = await exportFixture();
    const visible = wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name);
    expect(visible).toEqual(REQUIRED_ORDER);
    expect(PLAN_WORKBOOK_SHEETS).toEqual(REQUIRED_ORDER);
    const last = wb.worksheets.at(-1)!;
    expect(last.name).toBe(LISTS_SHEET);
    expect(last.state).toBe('veryHidden');
    expect(wb.worksheets.map((w) => w.name).slice(0, REQUIRED_ORDER.length)).toEqual(REQUIRED_ORDER);
  });

  it('tags sector rows with the sector, headers are the Italian labels, frozen, with autofilter', async () => {
    const { wb } = await exportFixture();
    const ws = wb.getWorksheet('2.2 Obiettivi')!;
    expect(headerOf(ws)).toEqual(['Settore', ...SHEET_BY_ID.obiettivi.columns.map((c) => c.label)]);
    expect(ws.getCell('A2').value).toBe('Lavori pubblici');
    expect(ws.getCell('B2').value).toBe('LLPP-01');
    expect(ws.getCell('A4').value).toBe('Servizi sociali');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, xSplit: 1 });
    expect(ws.autoFilter).toBe(`A1:${String.fromCharCode(65 + SHEET_BY_ID.obiettivi.columns.length)}4`);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    // Plan-level tables have no Settore column.
    const settori = wb.getWorksheet('3.1 Settori')!;
    expect(headerOf(settori)).toEqual(SHEET_BY_ID.settori.columns.map((c) => c.label));
    expect(settori.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes real dates, Sì/No, computed columns as values, with the schema number formats', async () => {
    const { wb } = await exportFixture();
    const ob = wb.getWorksheet('2.2 Obiettivi')!;
    expect(ob.getCell('J2').value).toEqual(new Date(Date.UTC(2023, 0, 1)));
    expect(ob.getCell('J2').numFmt).toBe('dd/mm/yyyy');
    expect(ob.getCell('I2').value).toBe(60);
    expect(ob.getCell('I2').numFmt).toBe('0.##"%"');
    expect(ob.getColumn(3).width).toBe(SHEET_BY_ID.obiettivi.columns[1]!.width);
    const proc = wb.getWorksheet('2.3 Processi')!;
    expect(proc.getCell('G2').value).toBe('Sì');
    const fab = wb.getWorksheet('3.3 Fabbisogni')!;
    const totalCol = headerOf(fab).indexOf('Costo totale annuo') + 1;
    expect(fab.getRow(2).getCell(totalCol).value).toBe(66_000);
    expect(fab.getRow(3).getCell(totalCol).value).toBe(20_000);
    expect(fab.getRow(2).getCell(totalCol).numFmt).toBe('#,##0.00 "€"');
    const dot = wb.getWorksheet('3.1 Dotazione')!;
    expect(dot.getRow(2).values).toEqual([undefined, 'Istruttori', 'C', 40, 58, 98]);
    const ente = wb.getWorksheet('1 Anagrafica')!;
    expect(headerOf(ente)).toEqual(['Campo', 'Valore']);
    expect(ente.getCell('A2').value).toBe('Denominazione');
    expect(ente.getCell('B2').value).toBe('Comune di Prova');
    const approval = SHEET_BY_ID.ente.columns.findIndex((c) => c.id === 'data_approvazione') + 2;
    expect(ente.getCell(`B${approval}`).value).toEqual(new Date(Date.UTC(2023, 0, 30)));
    const cap = wb.getWorksheet('3.3 Capacità assunzionale')!;
    const spazio = SHEET_BY_ID.capacita_assunzionale.columns.findIndex((c) => c.id === 'spazio_assunzionale') + 2;
    // 27% of (20M − 1M) − 4M = 1.13M
    expect(cap.getCell(`B${spazio}`).value).toBe(1_130_000);
  });

  it('carries Excel data validation from the schema: dropdowns, long lists in Liste, number ranges', async () => {
    const { wb } = await exportFixture();
    const ob = validations(wb.getWorksheet('2.2 Obiettivi')!);
    expect(ob.F2).toMatchObject({ type: 'list', formulae: ['"Strategico,Operativo,Gestionale,Trasversale anticorruzione/trasparenza"'] });
    expect(ob.I3).toMatchObject({ type: 'decimal', formulae: [0, 100] });
    expect(ob.J2?.type).toBe('date');
    expect(ob.E2).toMatchObject({ type: 'list', formulae: ['"04.02,07.01"'] });
    expect(ob.B2).toBeUndefined(); // free text: no rule
    const proc = validations(wb.getWorksheet('2.3 Processi')!);
    // The risk areas contain commas: the list must live in a range of the hidden Liste sheet.
    const areaRule = proc.C2!;
    expect(areaRule.type).toBe('list');
    const m = /^Liste!\$([A-Z]+)\$2:\$\1\$(\d+)$/.exec(String(areaRule.formulae[0]));
    expect(m).not.toBeNull();
    const liste = wb.getWorksheet(LISTS_SHEET)!;
    const colValues = liste.getColumn(m![1]!).values.slice(2);
    expect(colValues).toEqual([...SHEET_BY_ID.processi.columns.find((c) => c.id === 'area')!.values!]);
    expect(proc.G2).toMatchObject({ type: 'list', formulae: ['"Sì,No"'] });
    const fab = validations(wb.getWorksheet('3.3 Fabbisogni')!);
    expect(fab.E2).toMatchObject({ type: 'whole', formulae: [1, 1e15] }); // posti ≥ 1
    expect(fab.B2).toMatchObject({ type: 'whole', formulae: [2000, 2100] }); // anno
  });

  it('summarises per sector and for the plan in Riepilogo', async () => {
    const { wb } = await exportFixture();
    const ws = wb.getWorksheet('Riepilogo')!;
    const header = headerOf(ws) as string[];
    const row = (label: string): Record<string, unknown> => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === label) found = r;
      });
      expect(found, label).toBeDefined();
      return Object.fromEntries(header.map((h, i) => [h, found!.getCell(i + 1).value ?? null]));
    };
    const llpp = row('Lavori pubblici');
    expect(llpp['2.2 Obiettivi (righe)']).toBe(2);
    expect(llpp['2.3 Rischi (righe)']).toBe(2);
    expect(llpp['Somma pesi obiettivi %']).toBe(90);
    expect(llpp['Costo fabbisogni 2023']).toBe(66_000);
    expect(llpp['Costo fabbisogni 2024']).toBe(20_000);
    expect(llpp['Costo fabbisogni 2025']).toBe(0);
    expect(llpp['Rischi alto']).toBe(1);
    expect(llpp['Rischi medio']).toBe(1);
    expect(llpp['Rischi molto alto']).toBe(0);
    expect(llpp['Errori']).toBe(2);
    const ss = row('Servizi sociali');
    expect(ss['Somma pesi obiettivi %']).toBe(100);
    expect(ss['Rischi molto alto']).toBe(1);
    const total = row('Totale piano');
    expect(total['2.2 Obiettivi (righe)']).toBe(3);
    expect(total['Costo fabbisogni 2023']).toBe(174_001.5);
    expect(total['Costo fabbisogni 2024']).toBe(20_000);
    expect(total['Rischi alto']).toBe(1);
    expect(total['Rischi molto alto']).toBe(1);
    expect(total['Somma pesi obiettivi %']).toBeNull();
    expect(total['Errori']).toBe(3);
    expect(total['Avvisi']).toBe(1);
  });

  it('lists every issue in Controlli, pointing at the sheet and row of the workbook', async () => {
    const { wb } = await exportFixture();
    const ws = wb.getWorksheet('Controlli')!;
    expect(headerOf(ws)).toEqual([...CONTROLS_HEADERS]);
    const rows = [2, 3, 4, 5].map((r) => (ws.getRow(r).values as unknown[]).slice(1));
    expect(rows).toEqual([
      ['Errore', 'OBJ_WEIGHT_SUM', 'Lavori pubblici', '2.2 Obiettivi', undefined, 'Peso %', 'La somma dei pesi è 90, non 100'],
      ['Errore', 'RISK_NEEDS_MEASURE', 'Lavori pubblici', '2.3 Rischi', 3, undefined, 'Il rischio R-LLPP-2 non ha misure'],
      ['Avviso', 'CELL_PATTERN', undefined, '1 Anagrafica', 6, 'PEC', 'PEC non valida'],
      ['Errore', 'RISK_NEEDS_MEASURE', 'Servizi sociali', '2.3 Rischi', 4, 'Giudizio sintetico', 'Il rischio R-SS-1 non ha misure'],
    ]);
    expect(ws.rowCount).toBe(5);
    // Row 3 of 2.3 Rischi is indeed R-LLPP-2, row 6 of the Anagrafica is the PEC.
    expect(wb.getWorksheet('2.3 Rischi')!.getCell('B3').value).toBe('R-LLPP-2');
    expect(wb.getWorksheet('1 Anagrafica')!.getCell('A6').value).toBe('PEC');
  });

  it('quotes in the Controlli message the row the Riga column gives, not the row inside the sector', async () => {
    const data = buildFixture().data();
    const issues = validatePlan(data).concat({
      rule: 'RISK_NEEDS_MEASURE',
      severity: 'error',
      room: 'servizi-sociali',
      sector: 'servizi-sociali',
      sheet: 'rischi',
      rowId: 'risk-ss-1',
      column: 'giudizio',
      message: 'Rischio R-SS-1 (riga 1): un rischio con giudizio «Alto» richiede almeno una misura di prevenzione (riga 1 del settore)',
    });
    const wb = await readBack(await collect((out) => writePlanWorkbook(data, issues, out)));
    const ws = wb.getWorksheet('Controlli')!;
    const last = (ws.getRow(ws.rowCount).values as unknown[]).slice(1);
    // R-SS-1 is the first risk of its sector but row 4 of the consolidated 2.3 Rischi.
    expect(last[4]).toBe(4);
    expect(wb.getWorksheet('2.3 Rischi')!.getCell('B4').value).toBe('R-SS-1');
    expect(last[6]).toBe('Rischio R-SS-1 (riga 4): un rischio con giudizio «Alto» richiede almeno una misura di prevenzione (riga 1 del settore)');
  });

  it('reports progress up to the plan row count', async () => {
    const data = buildFixture().data();
    // 2.1: 2, obiettivi 3, indicatori 1, processi 2, rischi 3, misure 1, settori 2, dotazione 1,
    // lavoro agile 1, fabbisogni 3, cessazioni 1, formazione 1
    expect(planRowCount(data)).toBe(21);
    const { progress } = await exportFixture();
    expect(progress.at(-1)).toEqual([planRowCount(data), planRowCount(data)]);
    expect(progress.every(([d, t], i) => t === planRowCount(data) && d >= (progress[i - 1]?.[0] ?? 0))).toBe(true);
  });

  it('exports the demo plan with the issues validation finds', async () => {
    const { planDoc, sectorDocs } = buildDemoDocs();
    const data = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
    const issues = validatePlan(data);
    const wb = await readBack(await collect((out) => writePlanWorkbook(data, issues, out)));
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(REQUIRED_ORDER);
    expect(wb.getWorksheet('Controlli')!.rowCount).toBe(issues.length + 1);
    const objectives = data.sectors.reduce((n, s) => n + s.sheets.obiettivi.length, 0);
    expect(wb.getWorksheet('2.2 Obiettivi')!.rowCount).toBe(objectives + 1);
    const names = new Set(data.sectors.map((s) => s.name));
    wb.getWorksheet('2.3 Rischi')!.eachRow((r, n) => {
      if (n > 1) expect(names.has(String(r.getCell(1).value))).toBe(true);
    });
  });
});

describe('consolidated workbook streaming', () => {
  it('waits for a slow reader, and stops with an error when the output goes away', async () => {
    const { Writable } = await import('node:stream');
    const data = buildFixture().data();
    // Enough rows to fill the queue in front of the zip several times.
    const big = data.sectors[0]!.sheets.indicatori;
    const template = big[0]!;
    for (let i = 0; i < 30_000; i++) big.push({ id: `gen-${i}`, order: `z${i}`, values: { ...template.values, nome: `Indicatore ${i} ${'x'.repeat(40)}` } });
    const chunks: Buffer[] = [];
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk);
        setTimeout(cb, 1);
      },
    });
    await writePlanWorkbook(data, [], slow);
    const wb = await readBack(Buffer.concat(chunks));
    expect(wb.getWorksheet('2.2 Indicatori')!.rowCount).toBe(30_002);

    const closing = new Writable({
      write(_chunk, _enc, cb) {
        setTimeout(cb, 5);
      },
    });
    setTimeout(() => closing.destroy(), 50);
    await expect(writePlanWorkbook(data, [], closing)).rejects.toThrow(/interrotta/);
    // Closed while the zip is being finished (after every row was written): still an error, no hang.
    const late = new Writable({
      write(_chunk, _enc, cb) {
        cb();
      },
      final() {
        late.destroy(); // never calls back: the output goes away at the very end
      },
    });
    await expect(writePlanWorkbook(buildFixture().data(), [], late)).rejects.toThrow(/interrotta/);
  });
});
