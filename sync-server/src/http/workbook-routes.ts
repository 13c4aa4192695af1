import type { ServerResponse } from 'node:http';
import { summarizeIssues, validatePlan } from '@piao/shared/validate/index';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { loadPlanData, unreadableIssues, type UnreadableRoom } from './plan-docs';
import { apiHeaders, sendJson } from './respond';

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

/** GET …/export.xlsx: the consolidated workbook, built from the live documents. */
export async function exportPlan(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const unreadable: UnreadableRoom[] = [];
  const data = await loadPlanData(loader(ctx), ente, triennio, unreadable);
  // A sector that cannot be read is named in the workbook's issues; the rest is exported.
  const issues = [...unreadableIssues(unreadable), ...validatePlan(data)];
  await streamWorkbook(ctx, res, `PIAO-${ente}-${triennio}.xlsx`, async (out) => (await workbook()).writePlanWorkbook(data, issues, out, {}));
}

/** GET …/issues: the open validation issues of the plan. */
export async function planIssues(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const unreadable: UnreadableRoom[] = [];
  const data = await loadPlanData(loader(ctx), ente, triennio, unreadable);
  const issues = [...unreadableIssues(unreadable), ...validatePlan(data)];
  sendJson(res, 200, { issues, summary: summarizeIssues(issues), unreadable });
}
