import { describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { SHEET_BY_ID } from '../schema';
import { LISTS_SHEET, README_SHEET, SECTOR_SHEET_DEFS } from './layout';
import { TEMPLATE_SPARE_ROWS, writeSectorTemplate } from './sector-template';
import { buildFixture } from './testing/fixture';
import { collect, readBack, validations } from './testing/streams';

async function template(sector = 'lavori-pubblici'): Promise<ExcelJS.Workbook> {
  return readBack(await collect((out) => writeSectorTemplate(buildFixture().data(), sector, out)));
}

describe('sector template', () => {
  it('has a read-me, the nine sector sheets in workbook order, and the hidden lists', async () => {
    const wb = await template();
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      README_SHEET,
      '2.2 Obiettivi',
      '2.2 Indicatori',
      '2.3 Processi',
      '2.3 Rischi',
      '2.3 Misure',
      '3.2 Lavoro agile',
      '3.3 Fabbisogni',
      '3.3 Cessazioni',
      '3.4 Formazione',
      LISTS_SHEET,
    ]);
    expect(SECTOR_SHEET_DEFS).toHaveLength(9);
    expect(wb.getWorksheet(LISTS_SHEET)!.state).toBe('veryHidden');
    const readme = wb.getWorksheet(README_SHEET)!;
    const text: string[] = [];
    readme.eachRow((r) => text.push((r.values as unknown[]).slice(1).join(' | ')));
    expect(text).toContain('Codice settore | lavori-pubblici');
    expect(text).toContain('Settore | Lavori pubblici');
    expect(text.join('\n')).toMatch(/NON vengono eliminate/);
  });

  it('holds the sector rows with their ids in a first hidden, locked ID column', async () => {
    const wb = await template();
    const ws = wb.getWorksheet('2.2 Obiettivi')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['ID', ...SHEET_BY_ID.obiettivi.columns.map((c) => c.label)]);
    expect(ws.getColumn(1).hidden).toBe(true);
    expect(ws.getCell('A2').value).toBe('obj-llpp-1');
    expect(ws.getCell('A3').value).toBe('obj-llpp-2');
    expect(ws.getCell('B2').value).toBe('LLPP-01');
    expect(ws.rowCount).toBe(3); // only this sector's rows
    // Locked is Excel's default (no protection element at all); unlocked must be explicit.
    expect(ws.getCell('A2').protection?.locked).not.toBe(false);
    expect(ws.getCell('B2').protection).toMatchObject({ locked: false });
    // Columns keep their style for the rows a manager adds: ID locked, the rest unlocked.
    expect(ws.getColumn(1).style.protection?.locked).not.toBe(false);
    expect(ws.getColumn(2).style.protection).toMatchObject({ locked: false });
    expect((ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection).toMatchObject({ sheet: true, autoFilter: true, insertRows: true });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('keeps dropdowns and number rules on the spare rows below the data', async () => {
    const wb = await template();
    const ws = wb.getWorksheet('2.2 Obiettivi')!;
    const rules = validations(ws);
    const last = 3 + TEMPLATE_SPARE_ROWS;
    expect(rules[`F${last}`]).toMatchObject({ type: 'list' }); // Tipo
    expect(rules[`I${last}`]).toMatchObject({ type: 'decimal', formulae: [0, 100] }); // Peso
    expect(rules[`F${last + 1}`]).toBeUndefined();
    const ind = validations(wb.getWorksheet('2.2 Indicatori')!);
    // An indicator's objective lists the objectives of the template itself, live.
    expect(ind.B2).toMatchObject({ type: 'list', formulae: ["'2.2 Obiettivi'!$B$2:$B$5000"], errorStyle: 'warning' });
  });

  it('refuses a sector that is not in the plan', async () => {
    await expect(collect((out) => writeSectorTemplate(buildFixture().data(), 'nessuno', out))).rejects.toThrow(/non presente/);
  });
});
