import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyChanges, readRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { bindSheets, type BindOptions } from './binder';
import { createOfficeHost } from './office-host';
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

describe('defect 9: rows that move between the read and the write of one request', () => {
  it('a sort between the two requests of a write: the cells go back and the value lands on its row', async () => {
    const { doc, ids, excel, settle } = await bound({ rows: 3 });
    // The user sorts right after the adapter has read where the rows are (between two syncs).
    excel.betweenSyncs = () => {
      excel.betweenSyncs = null;
      void excel.userSort(TABLE, 'Codice', 'desc');
    };
    updateRow(doc, 'obiettivi', ids[0]!, { titolo: 'Solo la prima' }, 'remote');
    await settle();
    const byId = Object.fromEntries(excel.body(TABLE).map((r) => [r[0], r[col('Titolo')]]));
    expect(byId).toEqual({ [ids[0]!]: 'Solo la prima', [ids[1]!]: 'Obiettivo 1', [ids[2]!]: 'Obiettivo 2' });
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Solo la prima', 'Obiettivo 1', 'Obiettivo 2']);
  });
});

describe('defect 11: deleting rows of a filtered table', () => {
  it('a remote deletion empties the row instead (no InsertDeleteConflict loop); the other rows stay', async () => {
    const { doc, ids, excel, settle, errors } = await bound({ rows: 3 });
    excel.userFilter(TABLE, 'Titolo', (v) => v !== 'Obiettivo 2');
    applyChanges(doc, [{ kind: 'delete', sheet: 'obiettivi', id: ids[1]! }], 'remote');
    await settle();
    const rows = excel.body(TABLE).filter((r) => r.some((v) => v !== ''));
    expect(rows.map((r) => r[0])).toEqual([ids[0], ids[2]]);
    expect(errors.filter((e) => (e as { code?: string }).code === 'InsertDeleteConflict')).toEqual([]);
    expect(readSheet(doc, 'obiettivi').map((r) => r.id)).toEqual([ids[0], ids[2]]);
  });
});

describe('defect 12: selection presence', () => {
  it('reads the header and the selected row\u2019s ID cell, not the whole ID column', async () => {
    const { ids, excel, host, settle } = await bound({ rows: 2000 });
    const seen: unknown[] = [];
    host.onSelection((s) => seen.push(s));
    const before = excel.responseBytes.length;
    await excel.userSelect(WS, 1500, col('Titolo'));
    await settle();
    expect(seen).toEqual([{ sheet: 'obiettivi', rowId: ids[1499], column: 'titolo' }]);
    const read = excel.responseBytes.slice(before).reduce((a, b) => a + b, 0);
    expect(read).toBeLessThan(3000);
  });
});

describe('defect 16: edge cases of the binding', () => {
  it('handlers are removed through Excel.run(eventResult.context)', async () => {
    const { excel, host, binding } = await bound({ rows: 1 });
    binding.dispose();
    await host.dispose?.();
    expect(excel.sheet(WS).changed).toHaveLength(0);
    expect(excel.sheet(WS).selection).toHaveLength(0);
    expect(excel.violations).toEqual([]);
  });

  it('a protected read-only sheet with a row typed while the pane was closed loads without AccessDenied', async () => {
    const excel = new ExcelModel('1.14');
    const doc = new Y.Doc();
    applyChanges(doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'A', titolo: 'Nel piano' } }], 'test');
    const first = await bound({ model: excel, doc, readOnly: true });
    first.binding.dispose();
    await first.host.dispose?.();
    // Protection stops the user in Excel; a copy edited elsewhere can still hold a row without id.
    excel.sheet(WS).protected = false;
    await excel.userType(WS, 2, col('Codice'), [['B', 'Scritto fuori']]);
    excel.sheet(WS).protected = true;
    const second = await bound({ model: excel, doc, readOnly: true });
    expect(second.errors).toEqual([]);
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['A']);
    expect(excel.sheet(WS).protected).toBe(true);
    expect(excel.body(TABLE).filter((r) => r.some((v) => v !== '')).map((r) => r[col('Codice')])).toEqual(['A']);
  });
});

describe('defect 16: a Total row', () => {
  it('is not read as a data row: it gets no id and never reaches the document', async () => {
    const first = await bound({ rows: 2 });
    first.binding.dispose();
    await first.host.dispose?.();
    first.excel.userShowTotals(TABLE, 'Totale');
    // The pane opens again: the whole sheet is read.
    const { doc, excel, settle } = await bound({ model: first.excel, doc: first.doc });
    await excel.userType(WS, 1, col('Titolo'), [['Dopo i totali']]);
    await settle();
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Dopo i totali', 'Obiettivo 1']);
    const t = excel.table(TABLE);
    expect(excel.cell(WS, t.row + t.rows - 1, t.col)).toBe('');
  });
});

describe('defect 16: notes under the table and appends', () => {
  const NOTE = 'Nota: da rivedere a marzo';
  const filled = (excel: ExcelModel) => excel.body(TABLE).filter((r) => r.some((v) => v !== ''));
  const noteRow = (excel: ExcelModel) => {
    for (let r = 0; r < 50; r++) if (excel.cell(WS, r, col('Titolo')) === NOTE) return r;
    return -1;
  };

  it('a note typed far below the table gets no id, is no row, and a remote row lands right under the table', async () => {
    const first = await bound({ rows: 2 });
    first.binding.dispose();
    await first.host.dispose?.();
    // Table: header row 0, rows 1-2. A note three rows further down, typed while the pane was closed.
    await first.excel.userType(WS, 6, col('Titolo'), [[NOTE]]);
    const { doc, excel, settle } = await bound({ model: first.excel, doc: first.doc });
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Obiettivo 0', 'Obiettivo 1']);
    expect(excel.cell(WS, 6, col('ID'))).toBe('');
    applyChanges(doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'N', titolo: 'Nuova' } }], 'remote');
    await settle();
    expect(excel.cell(WS, 3, col('Titolo'))).toBe('Nuova');
    const t = excel.table(TABLE);
    expect(t.row + t.rows).toBe(4);
    expect(noteRow(excel)).toBeGreaterThan(3);
    expect(excel.cell(WS, noteRow(excel), col('ID'))).toBe('');
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Obiettivo 0', 'Obiettivo 1', 'Nuova']);
  });

  it('a note typed while the pane is open is not taken as a row either', async () => {
    const { doc, excel, settle } = await bound({ rows: 1 });
    await excel.userType(WS, 5, col('Titolo'), [[NOTE]]);
    await settle();
    expect(readSheet(doc, 'obiettivi')).toHaveLength(1);
    expect(excel.cell(WS, 5, col('ID'))).toBe('');
  });

  it('a row typed directly under the table still becomes a row', async () => {
    const { doc, excel, settle } = await bound({ rows: 1 });
    await excel.userType(WS, 2, col('Codice'), [['S', 'Sotto']]);
    await settle();
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Obiettivo 0', 'Sotto']);
    expect(excel.cell(WS, 2, col('ID'))).not.toBe('');
  });

  it('with a Total row, a remote row is inserted inside the table above it, never under it', async () => {
    const first = await bound({ rows: 2 });
    first.binding.dispose();
    await first.host.dispose?.();
    first.excel.userShowTotals(TABLE, 'Totale');
    const { doc, excel, settle } = await bound({ model: first.excel, doc: first.doc });
    applyChanges(doc, [{ kind: 'add', sheet: 'obiettivi', values: { codice: 'N', titolo: 'Nuova' } }], 'remote');
    await settle();
    const t = excel.table(TABLE);
    expect(t.totals).toBe(true);
    expect(excel.bodyRows(t)).toBe(3);
    expect(excel.cell(WS, 3, col('Titolo'))).toBe('Nuova');
    // The total row is still the table's last row, and nothing sits under it.
    expect(excel.cell(WS, t.row + t.rows - 1, t.col + 1)).toBe('Totale');
    expect(excel.cell(WS, t.row + t.rows, col('Titolo'))).toBe('');
    expect(filled(excel).map((r) => r[col('Titolo')])).toEqual(['Obiettivo 0', 'Obiettivo 1', 'Nuova']);
    expect(readSheet(doc, 'obiettivi').map((r) => r.values.titolo)).toEqual(['Obiettivo 0', 'Obiettivo 1', 'Nuova']);
  });
});
