import type { ServerResponse } from 'node:http';
import { PLAN_ROOM, isTriennio, roomName } from '@piao/shared';
import { nextPlanChanges, rollForward, RollForwardError, type RollForwardOptions } from '@piao/shared/rollforward/index';
import type { Principal, ServerContext } from '../context';
import { changesAsUpdate, loadPlanData, type UnreadableRoom } from './plan-docs';
import type { PlanFromResponse } from '@piao/shared/protocol/http-api';
import { HttpError, sendJson } from './respond';
import { loader } from './workbook-routes';

/** New plans being rolled forward right now: a second request for the same plan waits its turn and gets 409. */
const creating = new Set<string>();

function field(b: Record<string, unknown>, name: string, fallback?: string): string {
  const v = b[name] ?? fallback;
  if (typeof v !== 'string' || v.trim() === '') throw new HttpError(400, `Campo obbligatorio mancante: ${name}`);
  return v.trim();
}

function options(b: Record<string, unknown>): RollForwardOptions {
  if (b.conferma === undefined || b.conferma === null) return {};
  const c = b.conferma as Record<string, unknown>;
  if (typeof c !== 'object' || typeof c.atto !== 'string' || c.atto.length > 300) {
    throw new HttpError(400, 'Il campo conferma deve essere {"atto": "estremi dell\'atto che conferma la sottosezione anticorruzione"}');
  }
  return { conferma: { atto: c.atto } };
}

/**
 * POST /api/plans with `{"triennio": "2023-2025", "from": "2022-2024"}` (coordinator only, `ente` defaults
 * to theirs): the new plan from the previous one (shared/rollforward). The source must be readable whole
 * (an unreadable sector would silently vanish from the new plan); the answer lists the plan and the
 * flags (targets to set, moved staffing rows, missing DUP codes) that are also in its `Riporti` sheet.
 */
export async function createPlanFrom(ctx: ServerContext, p: Principal, b: Record<string, unknown>, res: ServerResponse): Promise<void> {
  const ente = field(b, 'ente', p.ente);
  if (ente !== p.ente) throw new HttpError(403, `Non puoi creare piani per l'ente "${ente}"`);
  const triennio = field(b, 'triennio');
  const from = field(b, 'from');
  if (!isTriennio(triennio)) throw new HttpError(400, `Triennio non valido: "${triennio}" (formato AAAA-AAAA, es. 2024-2026)`);
  if (!isTriennio(from)) throw new HttpError(400, `Triennio di origine non valido: "${from}"`);
  const opts = options(b);
  if (!(await ctx.plans.hasPlan({ ente, triennio: from }))) throw new HttpError(404, `Piano ${ente}/${from} non trovato`);
  const key = `${ente}/${triennio}`;
  if (creating.has(key) || (await ctx.plans.hasPlan({ ente, triennio }))) throw new HttpError(409, `Il piano ${key} esiste già`);
  creating.add(key);
  try {
    const unreadable: UnreadableRoom[] = [];
    const source = await loadPlanData(loader(ctx), ente, from, unreadable);
    if (unreadable.length > 0) {
      throw new HttpError(503, `Nuovo piano non creato: ${unreadable.map((u) => `il settore ${u.sector} del piano ${from} non è leggibile`).join('; ')}`, { unreadable });
    }
    let next;
    try {
      next = rollForward(source, triennio, opts);
    } catch (err) {
      if (err instanceof RollForwardError) throw new HttpError(400, err.message);
      throw err;
    }
    const { plan, sectors } = nextPlanChanges(next);
    await ctx.plans.createPlan({ ente, triennio });
    // The plan room first: it lists the sectors, which makes their rooms part of the plan.
    const write = async (room: string, changes: Parameters<typeof changesAsUpdate>[1]) => {
      const update = changesAsUpdate(await ctx.rooms.getDoc(room), changes, 'import');
      if (update) await ctx.rooms.applyUpdate(room, update, p.sub);
    };
    await write(roomName(ente, triennio, PLAN_ROOM), plan);
    for (const [sector, changes] of sectors) await write(roomName(ente, triennio, sector), changes);
    ctx.logger.info({ plan: key, from, sub: p.sub, flags: next.flags.length }, 'piano creato dal precedente');
    sendJson(res, 201, {
      ente,
      triennio,
      from,
      sectors: next.sectors.map((s) => ({ id: s.id, denominazione: s.name })),
      conferma: opts.conferma?.atto ?? null,
      flags: next.flags,
    } satisfies PlanFromResponse);
  } finally {
    creating.delete(key);
  }
}
