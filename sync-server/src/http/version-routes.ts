import type { ServerResponse } from 'node:http';
import { isTriennio } from '@piao/shared';
import { diffPlans } from '@piao/shared/version/index';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { loadPlanData, type UnreadableRoom } from './plan-docs';
import { HttpError, sendJson } from './respond';
import { loader } from './workbook-routes';

/**
 * GET …/diff?from=<triennio>: what changed in this plan against another plan of the same ente, row by
 * row and cell by cell (shared/version/diff.ts) — for a plan rolled forward, what people changed since.
 * Both plans must be readable whole: a diff with a sector missing would report its rows as removed.
 */
export async function planDiff(ctx: ServerContext, p: Principal, ente: string, triennio: string, url: URL, res: ServerResponse): Promise<void> {
  const from = url.searchParams.get('from') ?? '';
  if (!isTriennio(from)) throw new HttpError(400, `Indicare il piano di confronto con ?from=AAAA-AAAA (ricevuto "${from}")`);
  await planAccess(ctx, p, ente, triennio);
  await planAccess(ctx, p, ente, from);
  const unreadable: UnreadableRoom[] = [];
  const [before, after] = [await loadPlanData(loader(ctx), ente, from, unreadable), await loadPlanData(loader(ctx), ente, triennio, unreadable)];
  if (unreadable.length > 0) throw new HttpError(503, `Confronto non possibile: ${unreadable.map((u) => `il settore ${u.sector} non è leggibile`).join('; ')}`, { unreadable });
  sendJson(res, 200, { from, to: triennio, sheets: diffPlans(before, after) });
}
