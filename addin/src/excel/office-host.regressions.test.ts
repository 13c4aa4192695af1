import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets, type BindOptions } from './binder';
import { createOfficeHost } from './office-host';
import { sheetSpec, type SheetHost } from './sheet-host';
import type { BindingStatus } from './sheet-binding';
import { manualFrames } from './testing';
import { ExcelModel } from './testing/excel-model';

/**
 * Named regressions of issue 8 through the Office.js adapter and the documented model of Excel
 * (testing/excel-model.ts): defects 2, 3, 9, 10, 11, 12 and the edge cases of 16 on the binding side.
 */

const TABLE = 'PIAO_obiettivi';
const WS = '2.2 Obiettivi';
const labels = ['ID', ...getSheet('obiettivi').columns.map((c) => c.label)];
const col = (label: string) => labels.indexOf(label);

async function bound(opts: { version?: string; rows?: number; readOnly?: boolean; model?: ExcelModel; doc?: Y.Doc; extra?: Partial<BindOptions> } = {}) {
  const doc = opts.doc ?? new Y.Doc();
  if (opts.rows) {
    applyChanges(doc, Array.from({ length: opts.rows }, (_, i) => ({ kind: 'add' as const, sheet: 'obiettivi' as const, values: { codice: `C-${i}`, titolo: `Obiettivo ${i}` } })), 'test');
  }
  const ids = readSheet(doc, 'obiettivi').map((r) => r.id);
  const excel = opts.model ?? new ExcelModel(opts.version ?? '1.14');
  const host = createOfficeHost({ excel: excel.Excel, office: excel.Office });
  const frames = manualFrames();
  const statuses: BindingStatus[] = [];
  const errors: unknown[] = [];
  const binding = bindSheets({
    doc, host, sheets: ['obiettivi'], readOnly: opts.readOnly ?? false, schedule: frames.schedule,
    onStatus: (s) => statuses.push(s), onError: (e) => errors.push(e), retryDelay: () => 0, persistDelay: 0, ...opts.extra,
  });
  await binding.ready;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      await excel.settle();
      await frames.settle();
    }
  };
  await settle();
  return { doc, ids, excel, host, binding, settle, statuses, errors, frames };
}

const titleAt = (excel: ExcelModel, row: number) => excel.cell(WS, row, col('Titolo'));

describe('defect 2: Excel.run failures and cell-edit mode', () => {
  it('a remote change arriving while the user edits a cell is written when they leave it (delayForCellEdit)', async () => {
    const { doc, ids, excel, settle } = await bound({ rows: 1 });
    excel.userEnterCellEdit();
    updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Durante la modifica' }, 'remote');
    await settle();
    excel.userExitCellEdit();
    await settle();
    expect(titleAt(excel, 1)).toBe('Durante la modifica');
  });

  it('a read refused before its batch runs leaves nothing stuck: later edits of the sheet still arrive', async () => {
    const { doc, ids, excel, settle } = await bound({ rows: 2 });
    excel.failures.push({ at: 'run', code: 'GeneralException' });
    await excel.userType(WS, 1, col('Titolo'), [['Prima modifica']]);
    await settle();
    await excel.userType(WS, 2, col('Titolo'), [['Seconda modifica']]);
    await settle();
    expect(readRow(doc, 'obiettivi', ids[0]!)?.values.titolo).toBe('Prima modifica');
    expect(readRow(doc, 'obiettivi', ids[1]!)?.values.titolo).toBe('Seconda modifica');
  });

  it('reads that keep failing end in a full re-read: the edits are not lost', async () => {
    const { doc, ids, excel, settle } = await bound({ rows: 2 });
    for (let i = 0; i < 3; i++) excel.failures.push({ at: 'sync', code: 'GeneralException' });
    await excel.userType(WS, 2, col('Titolo'), [['Letta alla fine']]);
    await settle();
    expect(readRow(doc, 'obiettivi', ids[1]!)?.values.titolo).toBe('Letta alla fine');
  });

  it('a write that fails is put back, retried, and the pane hears an Italian message meanwhile', async () => {
    const { doc, ids, excel, settle, statuses } = await bound({ rows: 1 });
    excel.failures.push({ at: 'sync', code: 'GeneralException' });
    updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Riprovata' }, 'remote');
    await settle();
    expect(titleAt(excel, 1)).toBe('Riprovata');
    expect(statuses.some((s) => /Scrittura in Excel non riuscita/.test(s.problem ?? ''))).toBe(true);
    expect(statuses.at(-1)?.problem).toBeNull();
  });
});

describe('defect 3: echo suppression never swallows a user edit', () => {
  for (const version of ['1.14', '1.13']) {
    it(`ExcelApi ${version}: the user's edit of a cell we have just written reaches the document`, async () => {
      const { doc, ids, excel, settle } = await bound({ version, rows: 1 });
      updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Dal server' }, 'remote');
      await settle();
      expect(titleAt(excel, 1)).toBe('Dal server');
      await excel.userType(WS, 1, col('Titolo'), [['Subito dopo']]);
      await settle();
      expect(readRow(doc, 'obiettivi', ids[0]!)?.values.titolo).toBe('Subito dopo');
    });
  }
});
