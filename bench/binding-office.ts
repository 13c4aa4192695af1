/**
 * Section 4, second half: the same phases through the real Office.js adapter (`createOfficeHost`) against the
 * model of Excel's documented behaviour (`addin/src/excel/testing/excel-model.ts`), which counts every
 * `Excel.run`, every `context.sync` and the bytes of every request that writes (JSON of the values plus an
 * envelope per call), and refuses a request over Excel on the web's 5 MB as Excel does. Here the numbers
 * include what the in-memory host leaves out: reading the layout and the ID column before each write, and
 * the snapshot of what the workbook holds.
 */
import * as Y from 'yjs';
import { ORDER_KEY, keyBetween } from '../shared/src/doc/order';
import { tableMap } from '../shared/src/doc/rows';
import type { CellValue } from '../shared/src/schema/types';
import { bindSheets } from '../addin/src/excel/binder';
import { createOfficeHost } from '../addin/src/excel/office-host';
import { ExcelModel } from '../addin/src/excel/testing/excel-model';
import type { BindingPhase } from './binding';

const SHEET = 'obiettivi' as const;

/** Waits for `done()`, letting the model deliver events and the binder flush, up to `timeoutMs`. */
async function until(excel: ExcelModel, done: () => boolean, flush: () => Promise<void>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`binding (Office.js): ${what} non completato entro ${timeoutMs} ms`);
    await excel.settle();
    await flush();
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function runOfficeBindingBench(opts: {
  rows: number;
  changes: number[];
  objective: (i: number) => Record<string, CellValue>;
  targets: (changes: number, ids: string[]) => Array<{ id: string; column: string }>;
  timeoutMs?: number;
}): Promise<BindingPhase[]> {
  const timeout = opts.timeoutMs ?? 120_000;
  const remote = new Y.Doc();
  const ids: string[] = [];
  remote.transact(() => {
    const table = tableMap(remote, SHEET);
    let key: string | null = null;
    for (let i = 0; i < opts.rows; i++) {
      key = keyBetween(key, null);
      const id = `riga-${i}`;
      ids.push(id);
      table.set(id, new Y.Map<CellValue>([[ORDER_KEY, key], ...Object.entries(opts.objective(i))]));
    }
  });
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote), 'remote');
  remote.on('update', (u: Uint8Array) => Y.applyUpdate(local, u, 'remote'));

  const excel = new ExcelModel('1.14');
  const host = createOfficeHost({ excel: excel.Excel, office: excel.Office });
  // Frames run as soon as asked (what requestAnimationFrame does when the pane is visible).
  const binding = bindSheets({ doc: local, host, sheets: [SHEET], readOnly: false, onError: (e) => console.error('[bench binding office]', e) });
  const flush = () => new Promise<void>((r) => setTimeout(r, 0));
  const title = 'Titolo';
  const phases: BindingPhase[] = [];
  let mark = { runs: 0, syncs: 0, requests: 0 };
  const start = () => (mark = { runs: excel.runs, syncs: excel.syncs, requests: excel.requestBytes.length });
  const measured = () => {
    const sent = excel.requestBytes.slice(mark.requests);
    return { runs: excel.runs - mark.runs, syncs: excel.syncs - mark.syncs, requests: sent.length, bytes: sent.reduce((a, b) => a + b, 0), maxPayloadBytes: Math.max(0, ...sent) };
  };
  try {
    start();
    let t0 = performance.now();
    await binding.ready;
    const body = () => excel.body(`PIAO_${SHEET}`);
    await until(excel, () => body().length === opts.rows, flush, timeout, 'caricamento');
    const header = excel.header(`PIAO_${SHEET}`).map(String);
    const correct = body().every((row, i) => row[header.indexOf('Codice')] === opts.objective(i).codice);
    phases.push({ what: `primo collegamento di un foglio di ${opts.rows.toLocaleString('it-IT')} righe (Office.js, modello di Excel)`, ms: Math.round(performance.now() - t0), ...measured(), correct });

    for (const changes of opts.changes) {
      const targets = opts.targets(changes, ids);
      const value = (i: number) => `Office ${changes} ${i}`;
      const labelOf: Record<string, string> = { titolo: title, descrizione: 'Descrizione', responsabile: 'Responsabile', dimensione: 'Dimensione del valore pubblico' };
      const done = () => {
        const rows = new Map(body().map((r) => [String(r[0]), r]));
        return targets.every((t, i) => rows.get(t.id)?.[header.indexOf(labelOf[t.column]!)] === value(i));
      };
      start();
      t0 = performance.now();
      const table = tableMap(remote, SHEET);
      remote.transact(() => targets.forEach((t, i) => table.get(t.id)!.set(t.column, value(i))));
      await until(excel, done, flush, timeout, `${changes} modifiche remote`);
      phases.push({
        what: `${changes.toLocaleString('it-IT')} celle modificate a distanza in una transazione (Office.js, modello di Excel)`,
        ms: Math.round(performance.now() - t0),
        ...measured(),
        correct: true,
      });
    }
  } finally {
    binding.dispose();
  }
  return phases;
}
