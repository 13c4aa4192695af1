import { parentPort } from 'node:worker_threads';
import type { ParseResult } from '@piao/shared/workbook/import-parse';
import { DEFAULT_GUARD_LIMITS, guardXlsx } from './import-guard';

/**
 * The import worker: guards the archive (`import-guard.ts`), then reads the workbook into plain rows.
 * It runs in a worker thread started with a heap cap (`import-runner.ts`), so a hostile file costs this
 * thread, never the server's event loop or its memory. The merge with the document happens back on
 * the main thread, right before the update is written, against the document as it is then.
 */

export interface ParseRequest {
  bytes: Uint8Array;
  maxRows?: number;
}

export async function guardAndParse(req: ParseRequest): Promise<ParseResult> {
  const maxRows = req.maxRows ?? DEFAULT_GUARD_LIMITS.maxRows;
  const guard = await guardXlsx(req.bytes, { ...DEFAULT_GUARD_LIMITS, maxRows });
  if (!guard.ok) return guard;
  // exceljs is loaded only for a file that passed the guard.
  const { parseSectorWorkbook } = await import('@piao/shared/workbook/import-parse');
  return parseSectorWorkbook(req.bytes, maxRows);
}

if (parentPort) {
  const port = parentPort;
  port.once('message', (req: ParseRequest) => {
    guardAndParse(req).then(
      (result) => port.postMessage(result),
      (err: unknown) => port.postMessage({ ok: false, message: `Errore nella lettura del file: ${err instanceof Error ? err.message : String(err)}` } satisfies ParseResult),
    );
  });
}
