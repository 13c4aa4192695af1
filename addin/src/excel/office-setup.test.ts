import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { ExcelModel, type ModelSheet } from './testing/excel-model';
import { createOfficeHost } from './office-host';
import { setupSettingKey } from './office-setup';
import { LIST_SHEET, PERCENT_FORMAT, PERCENT_WHOLE_FORMAT } from './office-validation';
import { sheetSpec } from './sheet-host';
import { manualFrames } from './testing';

/** Issue 8, defects 6, 13, 16 (widths, validation): what `ensureSheet` applies and what it leaves alone. */

const WS = '2.2 Obiettivi';
const labels = ['ID', ...getSheet('obiettivi').columns.map((c) => c.label)];
const col = (label: string) => labels.indexOf(label);

describe('setupSheet', () => {
  it('creates and fills the veryHidden list sheet before any list rule names it (defect 6)', async () => {
    const fake = new ExcelModel();
    // When Excel applies a list rule, the cells its source names must already exist and hold the list.
    const seen: string[] = [];
    const push = fake.sheets.push.bind(fake.sheets);
    fake.sheets.push = (...added: ModelSheet[]) => {
      for (const sheet of added) {
        const set = sheet.validations.set.bind(sheet.validations);
        sheet.validations.set = (address: string, rule: unknown) => {
          const source = (rule as { list?: { source?: unknown } }).list?.source;
          if (typeof source === 'string' && source.startsWith(`=${LIST_SHEET}!`)) {
            const lists = fake.sheets.find((s) => s.name === LIST_SHEET);
            seen.push(lists ? String(lists.cells.get('0,0') ?? 'vuota') : 'foglio mancante');
          }
          return set(address, rule);
        };
      }
      return push(...added);
    };
    const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    await host.ensureSheet(sheetSpec(getSheet('processi')));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((v) => v === 'foglio mancante' || v === 'vuota')).toEqual([]);
    expect(fake.sheet(LIST_SHEET).visibility).toBe('VeryHidden');
    // List cells are Text-formatted and hold the values as they are (no apostrophe).
    expect(fake.sheet(LIST_SHEET).numberFormats.every((f) => f.format === '@')).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it('re-binding keeps the user’s column widths and own validation; our formats are applied once (defect 16)', async () => {
    const fake = new ExcelModel();
    await createOfficeHost({ excel: fake.Excel, office: fake.Office }).ensureSheet(sheetSpec(getSheet('obiettivi')));
    const ws = fake.sheet(WS);
    const titolo = col('Titolo');
    expect(ws.widths?.get(titolo)).toBeGreaterThan(0);
    expect(fake.settings.has(setupSettingKey('PIAO_obiettivi'))).toBe(true);
    // The user widens a column and adds their own validation to a free-text column.
    ws.widths!.set(titolo, 333);
    const note = `${WS}!${String.fromCharCode(65 + col('Stakeholder'))}2:${String.fromCharCode(65 + col('Stakeholder'))}1048576`;
    ws.validations.set(note, { textLength: { formula1: 0, formula2: 200, operator: 'Between' } });
    const formats = ws.numberFormats.length;
    const rules = new Map(ws.validations);

    // The pane is reloaded: a new host re-binds the same workbook.
    await createOfficeHost({ excel: fake.Excel, office: fake.Office }).ensureSheet(sheetSpec(getSheet('obiettivi')));
    expect(ws.widths?.get(titolo)).toBe(333);
    expect(ws.validations).toEqual(rules);
    expect(ws.numberFormats.length).toBe(formats);
    expect(fake.violations).toEqual([]);
  });

  it('a workbook bound before the record existed gets our formats once more, then is left alone', async () => {
    const fake = new ExcelModel();
    await createOfficeHost({ excel: fake.Excel, office: fake.Office }).ensureSheet(sheetSpec(getSheet('obiettivi')));
    fake.settings.clear();
    const ws = fake.sheet(WS);
    const formats = ws.numberFormats.length;
    await createOfficeHost({ excel: fake.Excel, office: fake.Office }).ensureSheet(sheetSpec(getSheet('obiettivi')));
    expect(ws.numberFormats.length).toBeGreaterThan(formats);
    const again = ws.numberFormats.length;
    await createOfficeHost({ excel: fake.Excel, office: fake.Office }).ensureSheet(sheetSpec(getSheet('obiettivi')));
    expect(ws.numberFormats.length).toBe(again);
  });
});

describe('percent columns (defect 13)', () => {
  async function bound(rows: number) {
    const doc = new Y.Doc();
    applyChanges(
      doc,
      Array.from({ length: rows }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `C-${i}`, titolo: `Obiettivo ${i}`, peso: 10 } })),
      'test',
    );
    const ids = readSheet(doc, 'obiettivi').map((r) => r.id);
    const fake = new ExcelModel('1.14');
    const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
    const frames = manualFrames();
    const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule });
    await binding.ready;
    const settle = async () => {
      for (let i = 0; i < 3; i++) {
        await fake.settle();
        await frames.settle();
      }
    };
    await settle();
    return { doc, ids, fake, settle };
  }

  it('cells hold fractions with a % format; "50%" typed in Excel (0.5) stores 50; the document’s 27.5 is written 0.275', async () => {
    const { doc, ids, fake, settle } = await bound(2);
    const peso = col('Peso %');
    const ws = fake.sheet(WS);
    const address = `${WS}!${String.fromCharCode(65 + peso)}2:${String.fromCharCode(65 + peso)}1048576`;
    expect(ws.numberFormats).toContainEqual({ address, format: PERCENT_FORMAT });
    expect(ws.conditionalFormats).toContainEqual({ address, property: 'numberFormat', value: PERCENT_WHOLE_FORMAT });
    expect(ws.validations.get(address)).toEqual({ decimal: { formula1: 0, formula2: 1, operator: 'Between' } });
    expect(fake.cell(WS, 1, peso)).toBe(0.1);

    // Typing "50%" (or 50 in a cell formatted as a percentage) stores the fraction 0.5 in Excel.
    await fake.userType(WS, 1, peso, [[0.5]]);
    await settle();
    expect(readRow(doc, 'obiettivi', ids[0]!)?.values.peso).toBe(50);
    expect(fake.cell(WS, 1, peso)).toBe(0.5);

    updateRow(doc, 'obiettivi', ids[1]!, { peso: 27.5 }, 'remote');
    await settle();
    expect(fake.cell(WS, 2, peso)).toBe(0.275);
    expect(readRow(doc, 'obiettivi', ids[1]!)?.values.peso).toBe(27.5);
    expect(fake.violations).toEqual([]);
  });
});
