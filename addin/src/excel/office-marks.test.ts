import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readSheet } from '@piao/shared/doc/rows';
import { SHEETS, getSheet } from '@piao/shared/schema/index';
import { bindSheets } from './binder';
import { ExcelModel } from './testing/excel-model';
import { createOfficeHost } from './office-host';
import { MARKS_SHEET, MARK_COLORS, markColumn, markFormula } from './office-marks';
import { columnLetter } from './office-values';
import { manualFrames } from './testing';

/** Invalid-cell marks (issue 8, defects 8 and 16): listed by id in a hidden sheet, shown by conditional formats. */

const WS = '2.2 Obiettivi';
const labels = ['ID', ...getSheet('obiettivi').columns.map((c) => c.label)];
const col = (label: string) => labels.indexOf(label);

async function bound(rows: number) {
  const doc = new Y.Doc();
  applyChanges(doc, Array.from({ length: rows }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `C-${i}`, titolo: `T${i}` } })), 'test');
  const ids = readSheet(doc, 'obiettivi').map((r) => r.id);
  const fake = new ExcelModel('1.14');
  const host = createOfficeHost({ excel: fake.Excel, office: fake.Office });
  const frames = manualFrames();
  const binding = bindSheets({ doc, host, sheets: ['obiettivi'], readOnly: false, schedule: frames.schedule });
  await binding.ready;
  for (let i = 0; i < 3; i++) {
    await fake.settle();
    await frames.settle();
  }
  return { ids, fake, binding };
}

const issue = (rowId: string, column: string | null, severity: 'error' | 'warning' = 'error') =>
  ({ rule: 'CELL_REQUIRED' as const, severity, room: 's', sector: 's', sheet: 'obiettivi' as const, rowId, column, message: 'Manca' });

describe('invalid-cell marks', () => {
  it('never touch the user’s own fills: marking and unmarking a filled cell leaves its fill as it was', async () => {
    const { ids, fake, binding } = await bound(2);
    const ws = fake.sheet(WS);
    const cell = `1,${col('Responsabile')}`;
    ws.fills.set(cell, '#00B050'); // the user's own green
    await binding.markIssues([issue(ids[0]!, 'responsabile'), issue(ids[1]!, null, 'warning')]);
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'error'))).toBe(`${ids[0]}|Responsabile`);
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'warning'))).toBe(`${ids[1]}|#riga`);
    await binding.markIssues([]);
    expect(ws.fills.get(cell)).toBe('#00B050');
    expect(ws.fills.size).toBe(1);
    expect(fake.cell(MARKS_SHEET, 0, markColumn('obiettivi', 'error'))).toBeFalsy();
    expect(fake.sheet(MARKS_SHEET).visibility).toBe('VeryHidden');
    expect(fake.violations).toEqual([]);
  });

  it('many marks are one block per severity, and a shorter list clears what the last one listed below it', async () => {
    const { ids, fake, binding } = await bound(300);
    const requests = fake.requestBytes.length;
    await binding.markIssues(ids.map((id) => issue(id, 'titolo')));
    const list = markColumn('obiettivi', 'error');
    expect(fake.cell(MARKS_SHEET, 299, list)).toBe(`${ids[299]}|Titolo`);
    expect(fake.requestBytes.length - requests).toBe(1);
    await binding.markIssues([issue(ids[5]!, 'titolo')]);
    expect(fake.cell(MARKS_SHEET, 0, list)).toBe(`${ids[5]}|Titolo`);
    expect(fake.cell(MARKS_SHEET, 1, list)).toBeFalsy();
    expect(fake.cell(MARKS_SHEET, 299, list)).toBeFalsy();
  });

  it('the table gets one conditional format per severity over its body, keyed by the ID cell and the header label', async () => {
    const { fake } = await bound(1);
    const last = String.fromCharCode(64 + labels.length);
    const cfs = (fake.sheet(WS).conditionalFormats ?? []).filter((c) => c.address === `${WS}!A2:${last}1048576`);
    expect(cfs.filter((c) => c.property === 'fill').map((c) => c.value)).toEqual([MARK_COLORS.error, MARK_COLORS.warning]);
    const formulas = cfs.filter((c) => c.property === 'formula').map((c) => c.value);
    expect(formulas[0]).toBe(markFormula('obiettivi', 'error', { headerRow: 0, idCol: 0, col: 0 }));
    const list = columnLetter(markColumn('obiettivi', 'error'));
    expect(formulas[0]).toBe(`=OR(ISNUMBER(MATCH($A2&"|"&A$1,${MARKS_SHEET}!$${list}:$${list},0)),ISNUMBER(MATCH($A2&"|#riga",${MARKS_SHEET}!$${list}:$${list},0)))`);
  });

  it('keys never hold MATCH wildcards: no schema label contains *, ? or ~', () => {
    const labelsWithWildcards = SHEETS.flatMap((s) => s.columns.map((c) => c.label)).filter((l) => /[*?~|]/.test(l));
    expect(labelsWithWildcards).toEqual([]);
  });
});
