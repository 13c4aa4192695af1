import { PassThrough } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import type { PlanData } from '@piao/shared/doc/plan-data';
import { validatePlan, type Issue } from '@piao/shared/validate/index';

/**
 * Validation and export of a plan, in a worker thread of the heavy pool (heavy-pool.ts): on a
 * 100,000-row sector they held the event loop for seconds and health checks timed out (issue 14 item 10).
 * Input and output are structured-cloneable; the workbook comes back as bytes (transferred, not copied).
 */

export type HeavyJob =
  | { id: number; kind: 'issues'; data: PlanData }
  | { id: number; kind: 'export'; data: PlanData; /** Issues first in the workbook (unreadable rooms). */ extra: Issue[] }
  | { id: number; kind: 'template'; data: PlanData; sector: string; /** Signs the template's base (template-key.ts). */ key: Uint8Array | null }
  | { id: number; kind: 'document'; data: PlanData; format: 'pdf' | 'docx' };

export type HeavyResult =
  | { id: number; ok: true; issues: Issue[]; bytes?: Uint8Array }
  | { id: number; ok: false; message: string };

/** What a workbook writer streams, gathered into one buffer. */
async function collect(write: (out: PassThrough) => Promise<void>): Promise<Uint8Array> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await write(out);
  if (!out.writableEnded) out.end();
  await ended;
  return owned(Buffer.concat(chunks));
}

/**
 * A copy with its own ArrayBuffer, so postMessage can transfer it: on Node 24 a Buffer.concat() result
 * (pooled memory) cannot be transferred, DataCloneError (https://nodejs.org/api/worker_threads.html
 * #considerations-when-transferring-typedarrays-and-buffers; test/build/heavy-transfer.test.ts).
 */
function owned(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

export async function runHeavy(job: HeavyJob): Promise<HeavyResult> {
  if (job.kind === 'document') return { id: job.id, ok: true, issues: [], bytes: owned(await (await import('../document/render')).renderDocument(job.data, job.format)) };
  const book = await import('@piao/shared/workbook/index');
  if (job.kind === 'template') {
    const { templateSigner } = await import('./template-key');
    const opts = job.key ? { signBase: templateSigner(job.key).sign } : {};
    return { id: job.id, ok: true, issues: [], bytes: await collect((out) => book.writeSectorTemplate(job.data, job.sector, out, opts)) };
  }
  const issues = validatePlan(job.data);
  if (job.kind === 'issues') return { id: job.id, ok: true, issues };
  const all = [...job.extra, ...issues];
  return { id: job.id, ok: true, issues, bytes: await collect((out) => book.writePlanWorkbook(job.data, all, out, {})) };
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (job: HeavyJob) => {
    runHeavy(job).then(
      (r) => port.postMessage(r, r.ok && r.bytes ? [r.bytes.buffer as ArrayBuffer] : []),
      (err: unknown) => port.postMessage({ id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies HeavyResult),
    );
  });
}
