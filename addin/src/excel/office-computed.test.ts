import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readSheet, readRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { createOfficeHost } from './office-host';
import { manualFrames } from './testing';
import { ExcelModel } from './testing/excel-model';

/**
 * Issue 8, defect 7: computed columns are Excel formulas, so no write of ours follows a user edit and
 * Ctrl+Z undoes the user's edit, not a computed value we wrote after it (the model keeps one undo record
 * per user edit and per add-in sync, as Excel does).
 */

const def = getSheet('dotazione');
const WS = def.title;
const labels = ['ID', ...def.columns.map((c) => c.label)];
const col = (id: string) => labels.indexOf(def.columns.find((c) => c.id === id)!.label);

async function bound() {
  const doc = new Y.Doc();
  applyChanges(doc, [{ kind: 'add', sheet: 'dotazione', values: { area: 'Area dei funzionari e dell’elevata qualificazione', uomini: 3, donne: 4 } }], 'test');
  const id = readSheet(doc, 'dotazione')[0]!.id;
  const excel = new ExcelModel('1.14');
  const host = createOfficeHost({ excel: excel.Excel, office: excel.Office });
  const frames = manualFrames();
  const binding = bindSheets({ doc, host, sheets: ['dotazione'], readOnly: false, schedule: frames.schedule });
  await binding.ready;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await excel.settle();
      await frames.settle();
    }
  };
  await settle();
  return { doc, id, excel, host, settle };
}

describe('computed columns as formulas', () => {
  it('the total is a formula Excel recalculates; the user’s edit is followed by no write, and Ctrl+Z undoes that edit', async () => {
    const { doc, id, excel, settle } = await bound();
    const ws = excel.sheet(WS);
    expect(String(ws.cells.get(`1,${col('totale')}`))).toMatch(/^=N\(RC\[-2\]\)\+N\(RC\[-1\]\)$/);
    expect(excel.cell(WS, 1, col('totale'))).toBe(7);

    await excel.userType(WS, 1, col('uomini'), [[10]]);
    await settle();
    expect(readRow(doc, 'dotazione', id)?.values.uomini).toBe(10);
    expect(excel.cell(WS, 1, col('totale'))).toBe(14);

    // Ctrl+Z takes back the user's own edit (no computed value of ours was written after it).
    await excel.userUndo();
    await settle();
    expect(excel.cell(WS, 1, col('uomini'))).toBe(3);
    expect(excel.cell(WS, 1, col('totale'))).toBe(7);
    expect(readRow(doc, 'dotazione', id)?.values.uomini).toBe(3);
    expect(excel.violations).toEqual([]);
  });

  it('a total typed over is put back to the formula; a remote row gets the formula too', async () => {
    const { doc, id, excel, settle } = await bound();
    await excel.userType(WS, 1, col('totale'), [[99]]);
    await settle();
    expect(String(excel.sheet(WS).cells.get(`1,${col('totale')}`))).toMatch(/^=/);
    expect(excel.cell(WS, 1, col('totale'))).toBe(7);
    expect(readRow(doc, 'dotazione', id)?.values).not.toHaveProperty('totale');

    applyChanges(doc, [{ kind: 'add', sheet: 'dotazione', values: { area: 'Area degli istruttori', uomini: 1, donne: 1 } }], 'remote');
    await settle();
    expect(excel.cell(WS, 2, col('totale'))).toBe(2);
    expect(String(excel.sheet(WS).cells.get(`2,${col('totale')}`))).toMatch(/^=/);
    expect(excel.violations).toEqual([]);
  });
});


describe('computed columns of a one-record sheet', () => {
  it('capacità assunzionale: Rapporto (a fraction shown as %) and Spazio assunzionale are formulas on the record row', async () => {
    const sheet = getSheet('capacita_assunzionale');
    const title = sheet.title;
    const heads = ['ID', ...sheet.columns.map((c) => c.label)];
    const at = (id: string) => heads.indexOf(sheet.columns.find((c) => c.id === id)!.label);
    const doc = new Y.Doc();
    applyChanges(doc, [{ kind: 'record', sheet: 'capacita_assunzionale', values: { spesa_personale: 27, entrate_correnti_media: 100, fcde: 0, soglia: 27.6 } }], 'test');
    const excel = new ExcelModel('1.14');
    const host = createOfficeHost({ excel: excel.Excel, office: excel.Office });
    const frames = manualFrames();
    const binding = bindSheets({ doc, host, sheets: ['capacita_assunzionale'], readOnly: false, schedule: frames.schedule });
    await binding.ready;
    const settle = async () => {
      for (let i = 0; i < 4; i++) {
        await excel.settle();
        await frames.settle();
      }
    };
    await settle();
    expect(excel.cell(title, 1, at('rapporto'))).toBe(0.27);
    expect(excel.cell(title, 1, at('spazio_assunzionale'))).toBeCloseTo(0.6, 9);
    await excel.userType(title, 1, at('spesa_personale'), [[20]]);
    await settle();
    expect(excel.cell(title, 1, at('rapporto'))).toBe(0.2);
    expect(excel.cell(title, 1, at('spazio_assunzionale'))).toBeCloseTo(7.6, 9);
    expect(String(excel.sheet(title).cells.get(`1,${at('rapporto')}`))).toMatch(/^=/);
    expect(excel.violations).toEqual([]);
  });
});
