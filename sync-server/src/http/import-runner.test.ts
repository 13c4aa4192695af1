/**
 * The import worker's failure paths: whatever the file does to the worker (memory, time), the caller
 * gets an Italian message and the process goes on. Node documents that a worker exceeding
 * `resourceLimits` is terminated with ERR_WORKER_OUT_OF_MEMORY, not the process
 * (https://nodejs.org/api/worker_threads.html#new-workerfilename-options).
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseInWorker } from './import-runner';

async function bigWorkbook(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('2.3 Misure');
  ws.addRow(['ID', 'Codice', 'Descrizione', 'Stato']);
  for (let i = 0; i < rows; i++) ws.addRow([null, `M-${i}`, `Descrizione della misura ${i}`, 'Attuata']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('parseInWorker', () => {
  it('reads a workbook into plain rows off the main thread', async () => {
    const r = await parseInWorker(await bigWorkbook(50));
    expect(r.ok && r.book.sheets.map((s) => [s.sheetId, s.rows.length])).toEqual([['misure', 50]]);
  });

  it('a worker out of memory is a clear refusal, and this process carries on', async () => {
    const r = await parseInWorker(await bigWorkbook(15_000), { maxOldGenerationSizeMb: 24, timeoutMs: 60_000 });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/troppa memoria/) });
    // The next import gets a fresh worker.
    expect((await parseInWorker(await bigWorkbook(5))).ok).toBe(true);
  }, 60_000);

  it('a worker past its time limit is stopped with a clear message', async () => {
    const r = await parseInWorker(await bigWorkbook(2_000), { maxOldGenerationSizeMb: 384, timeoutMs: 50 });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/ha superato 1 secondo ed è stata interrotta/) });
  });
});
