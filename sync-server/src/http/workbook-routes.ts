import type { ServerResponse } from 'node:http';
import type * as Y from 'yjs';
import type { PlanData } from '@piao/shared/doc/plan-data';
import { summarizeIssues, type Issue } from '@piao/shared/validate/index';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { loadPlanData, unreadableIssues, type UnreadableRoom } from './plan-docs';
import { docVersion } from './doc-versions';
import { heavyPool } from './heavy-pool';
import { HttpError, apiHeaders, sendJson } from './respond';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** exceljs is loaded on the first workbook request, not at server start. */
export const workbook = () => import('@piao/shared/workbook/index');

export function loader(ctx: ServerContext) {
  return (room: string) => ctx.rooms.getDoc(room);
}

/** Streams a workbook into the response; after the headers are gone an error can only cut the download. */
export async function streamWorkbook(ctx: ServerContext, res: ServerResponse, filename: string, write: (out: ServerResponse) => Promise<void>): Promise<void> {
  res.writeHead(200, apiHeaders({ 'content-type': XLSX, 'content-disposition': `attachment; filename="${filename}"` }));
  try {
    await write(res);
    if (!res.writableEnded) res.end();
  } catch (err) {
    ctx.logger.error({ err, filename }, 'scrittura della cartella di lavoro interrotta');
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

/** The plan read from the live documents, and a key that changes whenever any of them does. */
async function planSnapshot(ctx: ServerContext, ente: string, triennio: string): Promise<{ data: PlanData; unreadable: UnreadableRoom[]; key: string }> {
  const docs: Y.Doc[] = [];
  const load = loader(ctx);
  const unreadable: UnreadableRoom[] = [];
  const data = await loadPlanData(async (room) => {
    const doc = await load(room);
    docs.push(doc);
    return doc;
  }, ente, triennio, unreadable);
  // Read in the same turn as the data: no update can land in between.
  const key = [...docs.map(docVersion), ...unreadable.map((u) => `!${u.sector}`)].join(',');
  return { data, unreadable, key };
}

interface Cached {
  key: string;
  issues?: Promise<Issue[]>;
  workbook?: Promise<Uint8Array>;
}

/** Per server, per plan: the issues and the workbook of the last version asked for. */
const caches = new WeakMap<object, Map<string, Cached>>();

function cached(ctx: ServerContext, plan: string, key: string): Cached {
  let byPlan = caches.get(ctx);
  if (!byPlan) caches.set(ctx, (byPlan = new Map()));
  let c = byPlan.get(plan);
  if (!c || c.key !== key) byPlan.set(plan, (c = { key }));
  return c;
}

/** A failed computation is not kept: the next request tries again. */
function remember<T>(c: Cached, field: 'issues' | 'workbook', p: Promise<T>): Promise<T> {
  (c as unknown as Record<string, Promise<T> | undefined>)[field] = p;
  p.catch(() => {
    if ((c as unknown as Record<string, Promise<T> | undefined>)[field] === p) delete c[field];
  });
  return p;
}

/**
 * GET …/export.xlsx: the consolidated workbook, built from the live documents in a worker thread
 * (heavy-pool.ts) and kept for the current version of the plan; identical requests share one build.
 */
export async function exportPlan(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const { data, unreadable, key } = await planSnapshot(ctx, ente, triennio);
  const c = cached(ctx, `${ente}/${triennio}`, key);
  const bytes = await (c.workbook ??
    remember(c, 'workbook', heavyPool(ctx).run({ kind: 'export', data, extra: unreadableIssues(unreadable) }).then((r) => r.bytes!)));
  res.writeHead(200, apiHeaders({ 'content-type': XLSX, 'content-disposition': `attachment; filename="PIAO-${ente}-${triennio}.xlsx"`, 'content-length': String(bytes.byteLength) }));
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * The fillable template of one sector (GET …/sectors/:sector/template.xlsx, sector-workbook-routes.ts),
 * written in the heavy pool and kept for the current version of the plan.
 */
export async function sectorTemplateBytes(ctx: ServerContext, ente: string, triennio: string, sector: string): Promise<Uint8Array> {
  const { data, unreadable, key } = await planSnapshot(ctx, ente, triennio);
  // An empty template for a sector that could not be read would invite re-typing what is stored.
  const broken = unreadable.find((u) => u.sector === sector);
  if (broken) throw new HttpError(503, broken.message, {}, { 'retry-after': '30' });
  const c = cached(ctx, `${ente}/${triennio}#${sector}`, key);
  return c.workbook ?? remember(c, 'workbook', heavyPool(ctx).run({ kind: 'template', data, sector, key: ctx.templateKey ?? null }).then((r) => r.bytes!));
}

/** Sends a finished workbook. */
export function sendWorkbook(res: ServerResponse, filename: string, bytes: Uint8Array): void {
  res.writeHead(200, apiHeaders({ 'content-type': XLSX, 'content-disposition': `attachment; filename="${filename}"`, 'content-length': String(bytes.byteLength) }));
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** GET …/issues: the open validation issues of the plan (validated in a worker, cached per version). */
export async function planIssues(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const { data, unreadable, key } = await planSnapshot(ctx, ente, triennio);
  const c = cached(ctx, `${ente}/${triennio}`, key);
  const found = await (c.issues ?? remember(c, 'issues', heavyPool(ctx).run({ kind: 'issues', data }).then((r) => r.issues)));
  const issues = [...unreadableIssues(unreadable), ...found];
  sendJson(res, 200, { issues, summary: summarizeIssues(issues), unreadable });
}
