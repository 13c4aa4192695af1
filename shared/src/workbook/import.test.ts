import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { applyChanges, readSheet } from '../doc/rows';
import { readPlanData } from '../doc/plan-data';
import { buildDemoDocs, DEMO_PLAN } from '../demo';
import { SHEET_BY_ID } from '../schema';
import { importSectorWorkbook } from './import';
import type { ImportResult } from './import-types';
import { writePlanWorkbook } from './plan-workbook';
import { writeSectorTemplate } from './sector-template';
import { buildFixture, type Fixture } from './testing/fixture';
import { collect, readBack, toBytes } from './testing/streams';

const SECTOR = 'lavori-pubblici';

async function filledTemplate(f: Fixture, edit: (wb: ExcelJS.Workbook) => void, sector = SECTOR): Promise<Uint8Array> {
  const wb = await readBack(await collect((out) => writeSectorTemplate(f.data(), sector, out)));
  edit(wb);
  return toBytes(wb);
}

/** Excel column letter of a schema column in the template (after the hidden ID column). */
function col(sheet: keyof typeof SHEET_BY_ID, id: string): number {
  return SHEET_BY_ID[sheet].columns.findIndex((c) => c.id === id) + 2;
}

function errorsOf(r: ImportResult) {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('unreachable');
  expect(r).not.toHaveProperty('changes');
  return r.errors;
}

describe('sector template import', () => {
  it('round trip: an edited row updates only its changed cells, a new row is added, nothing is deleted', async () => {
    const f = buildFixture();
    const bytes = await filledTemplate(f, (wb) => {
      const ob = wb.getWorksheet('2.2 Obiettivi')!;
      ob.getRow(3).getCell(col('obiettivi', 'peso')).value = 40;
      ob.getRow(3).getCell(col('obiettivi', 'titolo')).value = '  Trasparenza e accesso civico ';
      const added = ob.getRow(4);
      added.getCell(col('obiettivi', 'codice')).value = 'LLPP-03';
      added.getCell(col('obiettivi', 'titolo')).value = 'Piste ciclabili';
      added.getCell(col('obiettivi', 'obiettivo_strategico')).value = '04.02';
      added.getCell(col('obiettivi', 'tipo')).value = 'operativo'; // case is forgiven
      added.getCell(col('obiettivi', 'responsabile')).value = 'Ing. Rossi';
      added.getCell(col('obiettivi', 'peso')).value = '30 %';
      added.getCell(col('obiettivi', 'inizio')).value = '15/03/2023';
      added.getCell(col('obiettivi', 'fine')).value = new Date(Date.UTC(2023, 11, 31));
      const fab = wb.getWorksheet('3.3 Fabbisogni')!;
      fab.getRow(2).getCell(col('fabbisogni', 'costo_unitario')).value = '34.500,50';
      fab.getRow(2).getCell(col('fabbisogni', 'costo_totale')).value = 1; // computed: ignored
      wb.getWorksheet('2.3 Misure')!.getRow(2).getCell(col('misure', 'termine')).value = null; // clearing an optional cell
    });
    const result = await importSectorWorkbook(f.data(), SECTOR, bytes);
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    expect(result.changes).toEqual([
      { kind: 'update', sheet: 'obiettivi', id: 'obj-llpp-2', values: { titolo: 'Trasparenza e accesso civico', peso: 40 } },
      {
        kind: 'add',
        sheet: 'obiettivi',
        id: expect.any(String),
        values: { codice: 'LLPP-03', titolo: 'Piste ciclabili', obiettivo_strategico: '04.02', tipo: 'Operativo', responsabile: 'Ing. Rossi', peso: 30, inizio: '2023-03-15', fine: '2023-12-31' },
      },
      { kind: 'update', sheet: 'misure', id: 'mis-llpp-1', values: { termine: null } },
      { kind: 'update', sheet: 'fabbisogni', id: 'fab-llpp-1', values: { costo_unitario: 34_500.5 } },
    ]);
    expect(result.summary).toMatchObject({ added: 1, updated: 3, deleted: 0, notInFile: 0, otherSector: 0 });
    expect(result.summary.unchanged).toBe(12 - 3);
    expect(result.summary.sheets['2.2 Obiettivi']).toMatchObject({ added: 1, updated: 1, unchanged: 1 });

    const doc = f.sectors.get(SECTOR)!;
    applyChanges(doc, result.changes, 'import');
    const rows = readSheet(doc, 'obiettivi');
    expect(rows.map((r) => r.values.codice)).toEqual(['LLPP-01', 'LLPP-02', 'LLPP-03']);
    expect(rows[1]!.values).toMatchObject({ titolo: 'Trasparenza e accesso civico', peso: 40, tipo: 'Trasversale anticorruzione/trasparenza' });
    expect(rows[2]!.id).toBe((result.changes[1] as { id: string }).id);
    expect(readSheet(doc, 'misure')[0]!.values.termine).toBeUndefined();

    // The same file again (the manager's copy never learns the new row's ID): the row without ID is
    // recognised by its content as already present, so nothing is added twice.
    const again = await importSectorWorkbook(f.data(), SECTOR, bytes);
    expect(again).toMatchObject({ ok: true, changes: [], summary: { added: 0, updated: 0 } });
    // A different row that takes an existing code is still refused.
    const clash = await filledTemplate(f, (wb) => {
      const r = wb.getWorksheet('2.2 Obiettivi')!.getRow(5);
      r.getCell(col('obiettivi', 'codice')).value = 'LLPP-03';
      r.getCell(col('obiettivi', 'titolo')).value = 'Altro titolo';
      r.getCell(col('obiettivi', 'obiettivo_strategico')).value = '04.02';
      r.getCell(col('obiettivi', 'tipo')).value = 'Operativo';
      r.getCell(col('obiettivi', 'responsabile')).value = 'Ing. Rossi';
      r.getCell(col('obiettivi', 'peso')).value = 10;
    });
    expect(errorsOf(await importSectorWorkbook(f.data(), SECTOR, clash))).toEqual([
      { sheet: '2.2 Obiettivi', row: 5, column: 'Codice', message: expect.stringMatching(/«LLPP-03» compare anche alla riga 4/) },
    ]);
  });

  it('an unedited template imports as no change; rows removed from the file are kept and counted', async () => {
    const f = buildFixture();
    const unchanged = await importSectorWorkbook(f.data(), SECTOR, await filledTemplate(f, () => {}));
    expect(unchanged).toMatchObject({ ok: true, changes: [], summary: { added: 0, updated: 0, unchanged: 12, notInFile: 0 } });
    const removed = await importSectorWorkbook(f.data(), SECTOR, await filledTemplate(f, (wb) => wb.getWorksheet('2.3 Rischi')!.spliceRows(2, 1)));
    expect(removed.ok).toBe(true);
    if (!removed.ok) return;
    expect(removed.changes).toEqual([]);
    expect(removed.summary).toMatchObject({ notInFile: 1, deleted: 0 });
    expect(removed.summary.message).toMatch(/Una riga del piano non è nel file e resta invariata/);
  });

  it('does not block on a wrong value already in the document that the file leaves as it is', async () => {
    const f = buildFixture();
    applyChanges(f.sectors.get(SECTOR)!, [{ kind: 'update', sheet: 'obiettivi', id: 'obj-llpp-1', values: { peso: 150, titolo: null } }], 'test');
    const untouched = await importSectorWorkbook(f.data(), SECTOR, await filledTemplate(f, () => {}));
    expect(untouched).toMatchObject({ ok: true, changes: [] });
    const touched = await filledTemplate(f, (wb) => {
      wb.getWorksheet('2.2 Obiettivi')!.getRow(2).getCell(col('obiettivi', 'peso')).value = 120;
    });
    expect(errorsOf(await importSectorWorkbook(f.data(), SECTOR, touched))).toEqual([
      { sheet: '2.2 Obiettivi', row: 2, column: 'Peso %', message: expect.stringMatching(/120/) },
    ]);
  });

  it('reports every bad cell with sheet, row and column, and returns no changes', async () => {
    const f = buildFixture();
    const bytes = await filledTemplate(f, (wb) => {
      const ob = wb.getWorksheet('2.2 Obiettivi')!;
      ob.getRow(2).getCell(col('obiettivi', 'peso')).value = 'molto';
      ob.getRow(2).getCell(col('obiettivi', 'tipo')).value = 'Fondamentale';
      ob.getRow(3).getCell(col('obiettivi', 'titolo')).value = '';
      ob.getRow(3).getCell(col('obiettivi', 'peso')).value = 150;
      ob.getRow(4).getCell(col('obiettivi', 'titolo')).value = 'Riga valida ma inutile: il file è rifiutato per intero';
      ob.getRow(4).getCell(col('obiettivi', 'codice')).value = 'LLPP-09';
      ob.getRow(4).getCell(col('obiettivi', 'obiettivo_strategico')).value = '04.02';
      ob.getRow(4).getCell(col('obiettivi', 'tipo')).value = 'Operativo';
      ob.getRow(4).getCell(col('obiettivi', 'responsabile')).value = 'X';
      ob.getRow(4).getCell(col('obiettivi', 'peso')).value = 10;
      const ri = wb.getWorksheet('2.3 Rischi')!;
      ri.getRow(2).getCell(1).value = 'riga-che-non-esiste';
      const fab = wb.getWorksheet('3.3 Fabbisogni')!;
      fab.getRow(2).getCell(col('fabbisogni', 'posti')).value = 2.5;
      fab.getRow(3).getCell(col('fabbisogni', 'decorrenza')).value = '31/02/2024';
    });
    const errors = errorsOf(await importSectorWorkbook(f.data(), SECTOR, bytes));
    expect(errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
      ['2.2 Obiettivi', 2, 'Tipo'],
      ['2.2 Obiettivi', 2, 'Peso %'],
      ['2.2 Obiettivi', 3, 'Titolo'],
      ['2.2 Obiettivi', 3, 'Peso %'],
      ['2.3 Rischi', 2, 'ID'],
      ['3.3 Fabbisogni', 2, 'Posti'],
      ['3.3 Fabbisogni', 3, 'Decorrenza'],
    ]);
    const msg = (i: number): string => errors[i]!.message;
    expect(msg(0)).toMatch(/«Fondamentale» non è tra i valori ammessi/);
    expect(msg(1)).toMatch(/«molto» non è un numero/);
    expect(msg(2)).toMatch(/«Titolo» è obbligatorio/);
    expect(msg(3)).toMatch(/150.*0.*100/);
    expect(msg(4)).toMatch(/L'ID «riga-che-non-esiste» non corrisponde a nessuna riga/);
    expect(msg(5)).toMatch(/non è un numero intero/);
    expect(msg(6)).toMatch(/non è una data valida/);
  });

  it('simplified regime at 50 employees or fewer (D.P.R. 81/2022): a performance objective without its title is stored, at 51 it is refused', async () => {
    // Same threshold as validation (validate/context.ts: dipendenti_31_12 <= 50).
    const importWith = async (dipendenti: number) => {
      const f = buildFixture();
      applyChanges(f.plan, [{ kind: 'record', sheet: 'ente', values: { dipendenti_31_12: dipendenti } }], 'test');
      const bytes = await filledTemplate(f, (wb) => {
        wb.getWorksheet('2.2 Obiettivi')!.getRow(3).getCell(col('obiettivi', 'titolo')).value = '';
      });
      return importSectorWorkbook(f.data(), SECTOR, bytes);
    };
    const at50 = await importWith(50);
    expect(at50.ok, JSON.stringify(at50)).toBe(true);
    const at51 = await importWith(51);
    expect(errorsOf(at51).map((e) => e.column)).toContain('Titolo');
  });

  it('rejects a missing required column, a repeated ID and a template of another sector', async () => {
    const f = buildFixture();
    const noTitle = await filledTemplate(f, (wb) => {
      wb.getWorksheet('2.2 Obiettivi')!.getRow(1).getCell(col('obiettivi', 'titolo')).value = 'Nome';
    });
    expect(errorsOf(await importSectorWorkbook(f.data(), SECTOR, noTitle))).toEqual([
      { sheet: '2.2 Obiettivi', row: 1, column: 'Titolo', message: expect.stringMatching(/Manca la colonna obbligatoria «Titolo»/) },
    ]);
    const copied = await filledTemplate(f, (wb) => {
      const ws = wb.getWorksheet('2.3 Rischi')!;
      ws.getRow(4).values = (ws.getRow(2).values as ExcelJS.CellValue[]).slice();
    });
    const dup = errorsOf(await importSectorWorkbook(f.data(), SECTOR, copied));
    expect(dup).toEqual([{ sheet: '2.3 Rischi', row: 4, column: 'ID', message: expect.stringMatching(/compare anche alla riga 2/) }]);
    const twice = await filledTemplate(f, (wb) => {
      const ws = wb.getWorksheet('2.3 Processi')!;
      for (const r of [3, 4]) {
        ws.getRow(r).getCell(col('processi', 'codice')).value = 'P-NUOVO';
        ws.getRow(r).getCell(col('processi', 'area')).value = 'Altro';
        ws.getRow(r).getCell(col('processi', 'processo')).value = `Processo ${r}`;
        ws.getRow(r).getCell(col('processi', 'responsabile')).value = 'Ing. Rossi';
      }
    });
    expect(errorsOf(await importSectorWorkbook(f.data(), SECTOR, twice))).toEqual([
      { sheet: '2.3 Processi', row: 4, column: 'Codice', message: expect.stringMatching(/compare anche alla riga 3/) },
    ]);
    const other = await filledTemplate(f, () => {}, 'servizi-sociali');
    expect(errorsOf(await importSectorWorkbook(f.data(), SECTOR, other))).toEqual([
      { sheet: '', row: 0, column: '', message: expect.stringMatching(/modello del settore «Servizi sociali»/) },
    ]);
  });

  it('reads any workbook with the same headers: English labels, extra columns, other sectors skipped', async () => {
    const f = buildFixture();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('3.4 Formazione');
    ws.addRow(['Settore', 'Course title', 'Field', 'Delivery', 'Hours', 'Participants', 'Commenti']);
    ws.addRow(['Lavori pubblici', 'Sicurezza cantieri', 'Salute e sicurezza', 'Mista', 6, 12, 'da confermare']);
    ws.addRow(['Servizi sociali', 'Privacy', 'Privacy', 'A distanza', 2, 3, '']);
    const result = await importSectorWorkbook(f.data(), SECTOR, await toBytes(wb));
    expect(result).toMatchObject({
      ok: true,
      changes: [{ kind: 'add', sheet: 'formazione', values: { titolo: 'Sicurezza cantieri', ambito: 'Salute e sicurezza', modalita: 'Mista', ore: 6, partecipanti: 12 } }],
      summary: { added: 1, otherSector: 1, notInFile: 1 },
    });
  });

  it('imports the consolidated workbook without duplicating the rows it has no IDs for', async () => {
    const f = buildFixture();
    const exported = await collect((out) => writePlanWorkbook(f.data(), [], out));
    const result = await importSectorWorkbook(f.data(), SECTOR, exported);
    expect(result).toMatchObject({ ok: true, changes: [], summary: { added: 0, updated: 0 } });
    // Edited in the consolidated file, a row without ID is a new row, and its code clashes: refused.
    const edited = await collect((out) => writePlanWorkbook(f.data(), [], out));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(edited as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('2.2 Obiettivi')!;
    const titolo = ws.getRow(1).values as unknown[];
    ws.getRow(2).getCell(titolo.indexOf('Titolo')).value = 'Titolo cambiato';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const errors = errorsOf(await importSectorWorkbook(f.data(), SECTOR, bytes));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => /già usato/.test(e.message))).toBe(true);
  });

  it('every demo sector survives template → import unchanged (values read back equal the document)', async () => {
    const { planDoc, sectorDocs } = buildDemoDocs();
    const data = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
    expect(data.sectors.length).toBeGreaterThan(1);
    for (const sector of data.sectors) {
      const bytes = await collect((out) => writeSectorTemplate(data, sector.id, out));
      const result = await importSectorWorkbook(data, sector.id, bytes);
      const rows = Object.values(sector.sheets).reduce((n, r) => n + r.length, 0);
      expect(result, sector.id).toMatchObject({ ok: true, changes: [], summary: { unchanged: rows, added: 0, updated: 0 } });
    }
  });

  it('gives one clear error for files that are not a workbook, and never throws', async () => {
    const f = buildFixture();
    const one = async (bytes: Uint8Array | ArrayBuffer, pattern: RegExp): Promise<void> => {
      const errors = errorsOf(await importSectorWorkbook(f.data(), SECTOR, bytes));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ sheet: '', row: 0, column: '' });
      expect(errors[0]!.message).toMatch(pattern);
    };
    await one(new TextEncoder().encode('non sono un file excel'), /non è una cartella di lavoro Excel/);
    await one(new Uint8Array(0), /vuoto/);
    await one(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /\.xls/);
    const zip = new JSZip();
    zip.file('documento.txt', 'ciao');
    await one(await zip.generateAsync({ type: 'uint8array' }), /archivio ZIP ma non una cartella di lavoro/);
    const good = await toBytes(await readBack(await collect((out) => writeSectorTemplate(f.data(), SECTOR, out))));
    await one(good.slice(0, Math.floor(good.length / 2)), /danneggiato/);
    const foreign = new ExcelJS.Workbook();
    foreign.addWorksheet('Foglio1').addRow(['a', 'b']);
    await one(await toBytes(foreign), /Nessun foglio riconosciuto/);
    await one((await toBytes(foreign)).buffer as ArrayBuffer, /Nessun foglio riconosciuto/);
    const unknownSector = await importSectorWorkbook(f.data(), 'nessuno', good);
    expect(errorsOf(unknownSector)[0]!.message).toMatch(/non fa parte del piano/);
  });
});
