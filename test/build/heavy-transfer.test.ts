/**
 * Defect found by the Node 24 run (issue 10 §3): the heavy worker returns a workbook or document by
 * transferring its ArrayBuffer (heavy-worker.ts). On Node 24 a Buffer made by Buffer.concat() is backed
 * by memory that cannot be transferred, so postMessage threw DataCloneError ("Cannot transfer object of
 * unsupported type") and every template, export and document download answered 503. Node documents that
 * Buffer.concat() may use the internal pool and that pooled memory is not transferable:
 * https://nodejs.org/api/buffer.html#static-method-bufferconcatlist-totallength and
 * https://nodejs.org/api/worker_threads.html#considerations-when-transferring-typedarrays-and-buffers
 * This test sends each result through a real MessageChannel with the same transfer list. On Node 20 it
 * passed before the fix too; `npm test` runs it on Node 24 as well (scripts/test-node24.mjs).
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { buildDemoDocs, DEMO_PLAN } from '@piao/shared/demo/index';
import { readPlanData } from '@piao/shared/doc/plan-data';
import { runHeavy, type HeavyJob } from '../../sync-server/src/http/heavy-worker';

function transfer(bytes: Uint8Array): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<number>((resolve, reject) => {
    port2.once('message', (m: Uint8Array) => {
      port1.close();
      resolve(m.byteLength);
    });
    try {
      port1.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
    } catch (err) {
      port1.close();
      reject(err as Error);
    }
  });
}

describe(`heavy worker results can be transferred (Node ${process.version})`, () => {
  const { planDoc, sectorDocs } = buildDemoDocs();
  const data = readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (s) => sectorDocs.get(s));
  const jobs: HeavyJob[] = [
    { id: 1, kind: 'template', data, sector: 'lavori-pubblici', key: null },
    { id: 2, kind: 'export', data, extra: [] },
    { id: 3, kind: 'document', data, format: 'docx' },
  ];
  for (const job of jobs) {
    it(`${job.kind}`, async () => {
      const r = await runHeavy(job);
      if (!r.ok) throw new Error(r.message);
      expect(r.bytes).toBeDefined();
      const size = r.bytes!.byteLength;
      expect(size).toBeGreaterThan(1000);
      expect(await transfer(r.bytes!)).toBe(size);
    }, 60_000);
  }
});
