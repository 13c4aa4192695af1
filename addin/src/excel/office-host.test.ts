import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, applyChanges, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { ExcelModel as FakeExcel } from './testing/excel-model';
import { createOfficeHost } from './office-host';
import { MARKS_SHEET, markColumn } from './office-marks';
import { sheetSpec } from './sheet-host';
import { manualFrames } from './testing';

const TABLE = 'PIAO_obiettivi';
const WS = '2.2 Obiettivi';
const labels = ['ID', ...getSheet('obiettivi').columns.map((c) => c.label)];
const col = (label: string) => labels.indexOf(label);

async function bound(opts: { version?: string; rows?: number; limit?: number; readOnly?: boolean } = {}) {
  const doc = new Y.Doc();
  const ids: string[] = [];
  if (opts.rows) {
    applyChanges(
      doc,
      Array.from({ length: opts.rows }, (_, i) => ({
        kind: 'add' as const,
        sheet: 'obiettivi' as const,
        values: { codice: `C-${String(i).padStart(4, '0')}`, titolo: `Obiettivo ${i}`, peso: 10, inizio: '2023-01-15' },
      })),
      'test',
    );
    ids.push(...readSheet(doc, 'obiettivi').map((r) => r.id));
  }
  const fake = new FakeExcel(opts.version ?? '1.14');
  const host = createOfficeHost({ excel: fake.Excel, office: fake.Office, maxPayloadBytes: opts.limit });
  const frames = manualFrames();
  // Snapshot saves (their own run) are left out of the round trips counted here.
  const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: opts.readOnly ?? false, schedule: frames.schedule, persistDelay: 3_600_000 });
  await binding.ready;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await fake.settle();
      await frames.settle();
    }
  };
  await settle();
  return { doc, ids, fake, host, binding, settle };
}

describe('Office.js adapter against office-addin-mock', () => {
  it('creates the worksheet and table: Italian header, hidden ID column first, formats and validation, four syncs (one to learn whether the sheet exists and is protected)', async () => {
    const fake = new FakeExcel();
    const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    await host.ensureSheet(sheetSpec(getSheet('obiettivi')));
    expect(fake.calls).toEqual([`worksheets.add(${WS})`, 'tables.add', 'worksheets.add(PIAO_segni)', 'onChanged.add', 'onSelectionChanged.add']);
    expect(host.stats).toMatchObject({ runs: 1, syncs: 4 });
    expect(fake.syncs).toBe(4);
    expect(fake.header(TABLE)).toEqual(labels);
    const ws = fake.sheet(WS);
    expect([...ws.hiddenColumns]).toEqual([0]);
    expect(ws.frozenRows).toBe(1);
    expect(ws.validations.get(`${WS}!F2:F1048576`)).toEqual({ list: { inCellDropDown: true, source: 'Strategico,Operativo,Gestionale,Trasversale anticorruzione/trasparenza' } });
    expect(ws.validations.get(`${WS}!I2:I1048576`)).toEqual({ decimal: { formula1: 0, formula2: 1, operator: 'Between' } }); // percent cells hold fractions
    expect(ws.validations.get(`${WS}!J2:J1048576`)).toMatchObject({ date: { operator: 'Between' } });
    expect(ws.numberFormats).toContainEqual({ address: `${WS}!I2:I1048576`, format: '0.0#%' });
    expect(ws.numberFormats).toContainEqual({ address: `${WS}!B2:B1048576`, format: '@' });
    expect(fake.violations).toEqual([]);

    // A reloaded pane re-binds the existing table and registers its handlers again, creating nothing.
    const again = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    fake.calls.length = 0;
    await again.ensureSheet(sheetSpec(getSheet('obiettivi')));
    expect(fake.calls).toEqual(['onChanged.add', 'onSelectionChanged.add']);
    expect(fake.tables).toHaveLength(1);
  });

  it('stores lists with commas in the hidden list sheet', async () => {
    const fake = new FakeExcel();
    const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    await host.ensureSheet(sheetSpec(getSheet('processi')));
    expect(fake.sheet('PIAO_elenchi').visibility).toBe('VeryHidden');
    const rules = [...fake.sheet('2.3 Processi').validations.values()] as Array<{ list?: { source: string } }>;
    expect(rules.some((r) => r.list?.source.startsWith('=PIAO_elenchi!$A$1:$A$'))).toBe(true);
    expect(fake.cell('PIAO_elenchi', 1, 0)).toBe('Contratti pubblici');
  });

  it('refuses Excel builds below EXCEL_API_MIN (1.13: Table.resize), in Italian', async () => {
    // Regression (issue 8, defect 5): a 1.12 build (no Table.resize) used to pass the 1.7 check.
    const fake = new FakeExcel('1.12');
    const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    await expect(host.ensureSheet(sheetSpec(getSheet('obiettivi')))).rejects.toThrow(/ExcelApi 1\.13/);
    expect(fake.runs).toBe(0);
  });

  for (const version of ['1.14', '1.13']) {
    describe(`bound to a document (ExcelApi ${version})`, () => {
      it('loads rows by id, dates as serials; user edits reach the document; our own writes are not echoed', async () => {
        const { doc, ids, fake, host, settle } = await bound({ version, rows: 2 });
        const body = fake.body(TABLE);
        expect(body.map((r) => r[0])).toEqual(ids);
        expect(body[0]![col('Inizio')]).toBe(44941);
        expect(fake.violations).toEqual([]);

        const origins: unknown[] = [];
        doc.on('afterTransaction', (t: Y.Transaction) => origins.push(t.origin));
        await fake.userType(WS, 1, col('Titolo'), [['Nuovo titolo']]);
        await settle();
        expect(readRow(doc, 'obiettivi', ids[0]!)?.values.titolo).toBe('Nuovo titolo');
        expect(origins).toEqual(['excel']);

        // A remote change: one run to write it, and its change event is recognised as ours.
        const runs = host.stats.runs;
        updateRow(doc, 'obiettivi', ids[1]!, { titolo: 'Dal server' }, 'remote');
        await settle();
        expect(fake.cell(WS, 2, col('Titolo'))).toBe('Dal server');
        expect(host.stats.runs - runs).toBe(1);
        expect(origins).toEqual(['excel', 'remote']);
        expect(fake.violations).toEqual([]);
      });

      it('a row typed under the table gets its id written back and becomes a document row', async () => {
        const { doc, fake, settle } = await bound({ version, rows: 1 });
        await fake.userType(WS, 2, col('Codice'), [['NUOVO-1', 'Scritto in Excel']]);
        await settle();
        const id = fake.cell(WS, 2, 0);
        expect(typeof id).toBe('string');
        expect(readRow(doc, 'obiettivi', String(id))?.values).toEqual({ codice: 'NUOVO-1', titolo: 'Scritto in Excel' });
        expect(fake.violations).toEqual([]);
      });

      it('sorting the table changes nothing in the document; deleting a row deletes it', async () => {
        const { doc, ids, fake, settle } = await bound({ version, rows: 3 });
        let updates = 0;
        doc.on('update', () => updates++);
        await fake.userSort(TABLE, 'Codice', 'desc');
        await settle();
        expect(fake.body(TABLE).map((r) => r[0])).toEqual([...ids].reverse());
        // The rows written at load are part of the table (Table.resize, ExcelApi 1.13).
        expect(fake.table(TABLE).rows).toBe(4);
        expect(fake.calls).toContain('table.resize');
        expect(updates).toBe(0);
        await fake.userDeleteRows(WS, 1, 1); // the first row after the sort: ids[2]
        await settle();
        expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([ids[0], ids[1]]);
        expect(fake.violations).toEqual([]);
      });
    });
  }

  it('1,000 remote cell changes: one run, two syncs, request under the limit', async () => {
    const { doc, ids, fake, host, settle } = await bound({ rows: 1000 });
    const before = { runs: host.stats.runs, syncs: host.stats.syncs, fakeSyncs: fake.syncs };
    ids.forEach((id, i) => updateRow(doc, 'obiettivi', id, { titolo: `Rinominato ${i}` }, 'remote'));
    await settle();
    expect(host.stats.runs - before.runs).toBe(1);
    expect(host.stats.syncs - before.syncs).toBe(2);
    expect(fake.syncs - before.fakeSyncs).toBe(2);
    expect(Math.max(...fake.requestBytes)).toBeLessThan(4_000_000);
    expect(fake.body(TABLE).map((r) => r[col('Titolo')])).toEqual(ids.map((_, i) => `Rinominato ${i}`));
    expect(fake.violations).toEqual([]);
  });

  it('a large remote import is appended below the table in chunks under the limit, then the table is resized', async () => {
    const limit = 100_000;
    const { doc, fake, host, settle } = await bound({ limit });
    const before = { syncs: host.stats.syncs, requests: fake.requestBytes.length };
    const long = 'Testo lungo della descrizione. '.repeat(8);
    applyChanges(doc, Array.from({ length: 1500 }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `I-${i}`, descrizione: long } })), 'import');
    await settle();
    const requests = fake.requestBytes.slice(before.requests);
    expect(requests.length).toBeGreaterThan(3);
    expect(Math.max(...requests)).toBeLessThanOrEqual(limit);
    // Every sync carries writes: the first one the snapshot of the rows in flight with the layout read (HostBatch.state).
    expect(host.stats.syncs - before.syncs).toBe(requests.length);
    expect(fake.calls).toContain('table.resize');
    expect(fake.calls).not.toContain('rows.add');
    expect(fake.table(TABLE).rows).toBe(1501);
    expect(fake.body(TABLE)).toHaveLength(1500);
  });

  it('marks invalid cells with a fill and clears them; selects rows; protects read-only sheets', async () => {
    const { ids, fake, host, binding } = await bound({ rows: 2 });
    await binding.markIssues([
      { rule: 'CELL_REQUIRED', severity: 'error', room: 's', sector: 's', sheet: 'obiettivi', rowId: ids[1]!, column: 'responsabile', message: 'Manca' },
    ]);
    // Marks are listed by row id in the hidden sheet, shown by conditional formats (office-marks.ts).
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'error'))).toBe(`${ids[1]}|Responsabile`);
    await binding.markIssues([]);
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'error'))).toBeFalsy();
    expect(fake.sheet(WS).fills.size).toBe(0);
    await binding.select('obiettivi', ids[1]!, 'titolo');
    expect(fake.selected).toEqual({ sheet: WS, address: `C3` });
    const seen: unknown[] = [];
    host.onSelection((s) => seen.push(s));
    await fake.userSelect(WS, 1, col('Peso %'));
    await fake.settle();
    expect(seen).toEqual([{ sheet: 'obiettivi', rowId: ids[0], column: 'peso' }]);
    await host.setReadOnly('obiettivi', true);
    expect(fake.sheet(WS).protected).toBe(true);
    await host.setReadOnly('obiettivi', false);
    expect(fake.sheet(WS).protected).toBe(false);
    expect(fake.violations).toEqual([]);
  });

  it('read-only: the sheet stays protected, and remote changes and marks still get written', async () => {
    const { doc, ids, fake, binding, settle } = await bound({ rows: 1, readOnly: true });
    expect(fake.sheet(WS).protected).toBe(true);
    updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Dal coordinatore' }, 'remote');
    await settle();
    await binding.markIssues([{ rule: 'CELL_REQUIRED', severity: 'warning', room: 's', sector: 's', sheet: 'obiettivi', rowId: ids[0]!, column: null, message: 'Avviso' }]);
    expect(fake.cell(WS, 1, col('Titolo'))).toBe('Dal coordinatore');
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'warning'))).toBe(`${ids[0]}|#riga`);
    expect(fake.sheet(WS).protected).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('a new table of an empty document reuses the empty first row for the first remote row', async () => {
    const { doc, fake, settle } = await bound();
    const id = addRow(doc, 'obiettivi', { codice: 'PRIMO' }, 'remote');
    await settle();
    expect(fake.body(TABLE).map((r) => r[0])).toEqual([id]);
  });
});
