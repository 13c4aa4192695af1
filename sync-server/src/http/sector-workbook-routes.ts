import type { IncomingMessage, ServerResponse } from 'node:http';
import { roomName } from '@piao/shared';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { changesAsUpdate, loadPlanData } from './plan-docs';
import { HttpError, readBody, sendJson } from './respond';
import { loader, streamWorkbook, workbook } from './workbook-routes';

/** Largest workbook an import accepts: a sector's sheets are far smaller; this only stops abuse. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

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
