import type { IncomingMessage, ServerResponse } from 'node:http';
import { roomName } from '@piao/shared';
import { summarizeIssues, validatePlan } from '@piao/shared/validate/index';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { changesAsUpdate, loadPlanData } from './plan-docs';
import { HttpError, apiHeaders, readBody, sendJson } from './respond';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest workbook an import accepts: a sector's sheets are far smaller; this only stops abuse. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

/** exceljs is loaded on the first workbook request, not at server start. */
const workbook = () => import('@piao/shared/workbook/index');

function loader(ctx: ServerContext) {
  return (room: string) => ctx.rooms.getDoc(room);
}

/** Streams a workbook into the response; after the headers are gone an error can only cut the download. */
async function streamWorkbook(ctx: ServerContext, res: ServerResponse, filename: string, write: (out: ServerResponse) => Promise<void>): Promise<void> {
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
  const data = await loadPlanData(loader(ctx), ente, triennio);
  const issues = validatePlan(data);
  await streamWorkbook(ctx, res, `PIAO-${ente}-${triennio}.xlsx`, async (out) => (await workbook()).writePlanWorkbook(data, issues, out, {}));
}

/** GET …/issues: the open validation issues of the plan. */
export async function planIssues(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const issues = validatePlan(await loadPlanData(loader(ctx), ente, triennio));
  sendJson(res, 200, { issues, summary: summarizeIssues(issues) });
}

function requireSector(sectors: readonly string[], ente: string, triennio: string, sector: string): void {
  if (!sectors.includes(sector)) throw new HttpError(404, `Il settore "${sector}" non esiste nel piano ${ente}/${triennio}`);
}

/** GET …/sectors/:sector/template.xlsx: the sector's fillable workbook with its current rows. */
export async function sectorTemplate(ctx: ServerContext, p: Principal, ente: string, triennio: string, sector: string, res: ServerResponse): Promise<void> {
  const { sectors } = await planAccess(ctx, p, ente, triennio);
  requireSector(sectors, ente, triennio, sector);
  const data = await loadPlanData(loader(ctx), ente, triennio);
  await streamWorkbook(ctx, res, `PIAO-${ente}-${triennio}-${sector}.xlsx`, async (out) => (await workbook()).writeSectorTemplate(data, sector, out));
}

/**
 * POST …/sectors/:sector/import: merges an uploaded workbook into the sector's room as one update, or
 * rejects it whole (422 with the bad cells) and stores nothing.
 */
export async function importSector(
  ctx: ServerContext,
  p: Principal,
  ente: string,
  triennio: string,
  sector: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { sectors, rooms } = await planAccess(ctx, p, ente, triennio);
  requireSector(sectors, ente, triennio, sector);
  const room = roomName(ente, triennio, sector);
  if (rooms[room] !== 'write') throw new HttpError(403, `Non hai i permessi per modificare il settore "${sector}"`);
  const body = await readBody(req, IMPORT_LIMIT_BYTES);
  if (body.length === 0) throw new HttpError(400, 'Il corpo della richiesta è vuoto: inviare il file .xlsx');
  const data = await loadPlanData(loader(ctx), ente, triennio);
  let result;
  try {
    result = await (await workbook()).importSectorWorkbook(data, sector, body);
  } catch (err) {
    ctx.logger.warn({ err, room }, 'importazione: file illeggibile');
    throw new HttpError(422, 'Il file non è una cartella di lavoro Excel (.xlsx) leggibile', { errors: [] });
  }
  if (!result.ok) {
    throw new HttpError(422, `Importazione rifiutata: ${result.errors.length} errori nel file, nessuna modifica salvata`, { errors: result.errors });
  }
  const update = changesAsUpdate(await ctx.rooms.getDoc(room), result.changes, 'import');
  if (update) await ctx.rooms.applyUpdate(room, update, p.sub);
  ctx.logger.info({ room, sub: p.sub, changes: result.changes.length }, 'importazione completata');
  sendJson(res, 200, { applied: result.summary });
}
