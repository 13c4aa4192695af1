import { Worker } from 'node:worker_threads';
import type { ParseResult } from '@piao/shared/workbook/import-parse';

/**
 * Runs one import parse in its own worker thread with a heap cap (`resourceLimits`, Node docs
 * "worker_threads: new Worker(…, { resourceLimits })": exceeding it terminates the worker with
 * ERR_WORKER_OUT_OF_MEMORY, not the process) and a time limit. Whatever the file does, the server
 * answers with an Italian message and keeps serving.
 */

export interface RunnerLimits {
  /** Old-generation heap of the worker, MB. */
  maxOldGenerationSizeMb: number;
  timeoutMs: number;
}

export const DEFAULT_RUNNER_LIMITS: RunnerLimits = { maxOldGenerationSizeMb: 384, timeoutMs: 60_000 };

const ENTRY = new URL('./import-worker-entry.mjs', import.meta.url);

export function parseInWorker(bytes: Uint8Array, limits: RunnerLimits = DEFAULT_RUNNER_LIMITS, maxRows?: number): Promise<ParseResult> {
  return new Promise((resolve) => {
    const worker = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const settle = (r: ParseResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const seconds = Math.max(1, Math.ceil(limits.timeoutMs / 1000));
    const timer = setTimeout(
      () => settle({ ok: false, message: `La lettura del file ha superato ${seconds} ${seconds === 1 ? 'secondo' : 'secondi'} ed è stata interrotta: il modello di un settore si legge in pochi secondi. Controllare di aver caricato il file giusto.` }),
      limits.timeoutMs,
    );
    worker.once('message', (r: ParseResult) => settle(r));
    worker.once('error', (err: Error & { code?: string }) => {
      settle({
        ok: false,
        message:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'Il file richiede troppa memoria per essere letto: il modello di un settore è molto più piccolo. Controllare di aver caricato il file giusto.'
            : `Errore nella lettura del file: ${err.message}`,
      });
    });
    worker.once('exit', () => settle({ ok: false, message: 'La lettura del file si è interrotta inattesa: riprovare.' }));
    const copy = new Uint8Array(bytes); // transferred to the worker: the request's buffer stays usable
    worker.postMessage({ bytes: copy, ...(maxRows !== undefined ? { maxRows } : {}) }, [copy.buffer]);
  });
}
