import type { IncomingMessage } from 'node:http';
import { AuthError, type Access, type Principal, type ServerContext } from '../context';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import { HttpError } from './respond';

/**
 * The signed-in user of a request. The token comes from `Authorization: Bearer`; `?token=` is accepted
 * only where the caller says so (download links the browser opens, which cannot carry a header).
 */
export async function principalOf(ctx: ServerContext, req: IncomingMessage, url: URL, allowQueryToken = false): Promise<Principal> {
  const header = req.headers.authorization;
  let token: string | null = null;
  if (typeof header === 'string' && header !== '') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HttpError(401, 'Intestazione Authorization non valida: usare "Bearer <token>"');
    token = m[1]!;
  } else if (allowQueryToken) {
    token = url.searchParams.get('token');
  }
  if (!token) throw new HttpError(401, 'Accesso non autorizzato: manca il token', {}, { 'www-authenticate': 'Bearer' });
  try {
    return await ctx.auth.verify(token);
  } catch (err) {
    if (err instanceof AuthError) throw new HttpError(err.status, err.message, {}, err.status === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {});
    throw new HttpError(401, 'Token non valido', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
  }
}

export interface PlanAccess {
  sectors: string[];
  /** Access of the caller to each room of the plan, keyed by full room name. */
  rooms: Record<string, Access>;
}

/**
 * What the caller may do in a plan. A plan of another administration answers 404 exactly like a plan
 * that does not exist, so nobody learns which plans other enti have.
 */
export async function planAccess(ctx: ServerContext, p: Principal, ente: string, triennio: string): Promise<PlanAccess> {
  if (p.ente !== ente || !(await ctx.plans.hasPlan({ ente, triennio }))) {
    throw new HttpError(404, `Piano ${ente}/${triennio} non trovato`);
  }
  const sectors = await ctx.planSectors({ ente, triennio });
  const rooms: Record<string, Access> = {};
  for (const r of [PLAN_ROOM, ...sectors]) {
    const name = roomName(ente, triennio, r);
    rooms[name] = ctx.access(p, name, sectors);
  }
  if (rooms[roomName(ente, triennio, PLAN_ROOM)] === 'none') {
    throw new HttpError(403, 'Non hai accesso a questo piano');
  }
  return { sectors, rooms };
}
