import type { IncomingMessage, ServerResponse } from 'node:http';
import { PLAN_ROOM, isSlug, isTriennio, listSectors, readRecord, roomName, trasparenzaIniziale, type RowChange } from '@piao/shared';
import type { Principal, ServerContext } from '../context';
import type { PlanDeadlineInfo, PlanInfo, PlanSummary, PlansListResponse } from '@piao/shared/protocol/http-api';
import { planAccess } from './auth';
import { historyIndex, pageOf } from './history';
import { changesAsUpdate } from './plan-docs';
import { HttpError, readJson, sendJson } from './respond';
import { createPlanFrom } from './rollforward-routes';
import { deadlineIssues, planDeadline, todayInItaly } from '@piao/shared/deadline/index';
import { DEFAULT_SETTINGS, type PlanData, type RowValues } from '@piao/shared';

async function denominazione(ctx: ServerContext, ente: string, triennio: string): Promise<string> {
  const doc = await ctx.rooms.getDoc(roomName(ente, triennio, PLAN_ROOM));
  const d = readRecord(doc, 'ente').denominazione;
  return typeof d === 'string' ? d : '';
}

/** GET /api/plans: the plans of the caller's administration. */
export async function listPlans(ctx: ServerContext, p: Principal, res: ServerResponse): Promise<void> {
  const plans = (await ctx.plans.listPlans()).filter((plan) => plan.ente === p.ente);
  const out: PlanSummary[] = [];
  for (const plan of plans) out.push({ ...plan, denominazione: await denominazione(ctx, plan.ente, plan.triennio) });
  sendJson(res, 200, { plans: out } satisfies PlansListResponse);
}

/** GET /api/plans/:ente/:triennio: what the plan holds and what the caller may do in it. */
export async function planInfo(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  sendJson(res, 200, await planInfoBody(ctx, p, ente, triennio));
}

/** The adoption deadline and, when near or passed on today's date in Italy, the warning (shared/deadline). */
function deadlineInfo(ente: string, triennio: string, record: RowValues): PlanDeadlineInfo | null {
  const data: PlanData = { ente, triennio, records: { ente: record }, tables: {}, sectors: [], settings: DEFAULT_SETTINGS };
  const d = planDeadline(data);
  return d ? { ...d, warning: deadlineIssues(data, todayInItaly())[0]?.message ?? null } : null;
}

async function planInfoBody(ctx: ServerContext, p: Principal, ente: string, triennio: string): Promise<PlanInfo> {
  const { rooms } = await planAccess(ctx, p, ente, triennio);
  const planDoc = await ctx.rooms.getDoc(roomName(ente, triennio, PLAN_ROOM));
  const d = readRecord(planDoc, 'ente').denominazione;
  return {
    ente,
    triennio,
    denominazione: typeof d === 'string' ? d : '',
    sectors: listSectors(planDoc).map((s) => ({ id: s.id, denominazione: s.name })),
    access: rooms,
    me: p,
    deadline: deadlineInfo(ente, triennio, readRecord(planDoc, 'ente')),
  } satisfies PlanInfo;
}

interface NewPlan {
  ente: string;
  triennio: string;
  denominazione: string;
  sectors: Array<{ id: string; denominazione: string }>;
}

function text(v: unknown, what: string, max = 200): string {
  if (typeof v !== 'string' || v.trim() === '') throw new HttpError(400, `Campo obbligatorio mancante: ${what}`);
  if (v.length > max) throw new HttpError(400, `Il campo ${what} supera i ${max} caratteri`);
  return v.trim();
}

export function parseNewPlan(body: unknown): NewPlan {
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'Il corpo della richiesta deve essere un oggetto JSON');
  const b = body as Record<string, unknown>;
  const ente = text(b.ente, 'ente', 64);
  if (!isSlug(ente)) throw new HttpError(400, `Codice ente non valido: "${ente}" (solo minuscole, cifre e trattini)`);
  const triennio = text(b.triennio, 'triennio', 9);
  if (!isTriennio(triennio)) throw new HttpError(400, `Triennio non valido: "${triennio}" (formato AAAA-AAAA, es. 2024-2026)`);
  const denominazione = text(b.denominazione, 'denominazione');
  if (!Array.isArray(b.sectors) || b.sectors.length === 0) throw new HttpError(400, 'Indicare almeno un settore in "sectors"');
  if (b.sectors.length > 200) throw new HttpError(400, 'Troppi settori (massimo 200)');
  const seen = new Set<string>();
  const sectors = b.sectors.map((s: unknown, i: number) => {
    const r = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
    const id = text(r.id, `sectors[${i}].id`, 64);
    if (!isSlug(id)) throw new HttpError(400, `Codice settore non valido: "${id}" (solo minuscole, cifre e trattini)`);
    if (seen.has(id)) throw new HttpError(400, `Settore ripetuto: "${id}"`);
    seen.add(id);
    return { id, denominazione: text(r.denominazione, `sectors[${i}].denominazione`) };
  });
  return { ente, triennio, denominazione, sectors };
}

/** Plans being created right now: a second request for the same plan must not add the sectors twice. */
const creating = new Set<string>();

/** POST /api/plans: a coordinator opens a new plan of their administration. */
export async function createPlan(ctx: ServerContext, p: Principal, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (p.role !== 'coordinator') throw new HttpError(403, 'Solo il coordinatore può creare un piano');
  const body = await readJson(req);
  // {"from": "<triennio>"}: the new plan is built from an existing one (rollforward-routes.ts).
  if (typeof body === 'object' && body !== null && 'from' in body) return createPlanFrom(ctx, p, body as Record<string, unknown>, res);
  const plan = parseNewPlan(body);
  if (plan.ente !== p.ente) throw new HttpError(403, `Non puoi creare piani per l'ente "${plan.ente}"`);
  const key = `${plan.ente}/${plan.triennio}`;
  if (creating.has(key) || (await ctx.plans.hasPlan(plan))) throw new HttpError(409, `Il piano ${key} esiste già`);
  creating.add(key);
  try {
    await ctx.plans.createPlan({ ente: plan.ente, triennio: plan.triennio });
    const room = roomName(plan.ente, plan.triennio, PLAN_ROOM);
    const changes: RowChange[] = [
      { kind: 'record', sheet: 'ente', values: { denominazione: plan.denominazione, triennio: plan.triennio } },
      ...plan.sectors.map((s): RowChange => ({ kind: 'add', sheet: 'settori', values: { id: s.id, denominazione: s.denominazione } })),
      // 2.3 Trasparenza starts from the standard catalogue of obligations (ANAC delibera 1310/2016 All. 1):
      // the coordinator assigns sectors and responsabili instead of typing the list (issue 12).
      ...trasparenzaIniziale().map((values): RowChange => ({ kind: 'add', sheet: 'trasparenza', values })),
    ];
    const update = changesAsUpdate(await ctx.rooms.getDoc(room), changes, 'import');
    if (update) await ctx.rooms.applyUpdate(room, update, p.sub);
  } finally {
    creating.delete(key);
  }
  ctx.logger.info({ plan: key, sub: p.sub }, 'piano creato');
  sendJson(res, 201, await planInfoBody(ctx, p, plan.ente, plan.triennio));
}

function intParam(url: URL, name: string, fallback: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new HttpError(400, `Parametro ${name} non valido: atteso un intero non negativo`);
  return Math.min(Number(raw), max);
}

export const HISTORY_DEFAULT_LIMIT = 200;
export const HISTORY_MAX_LIMIT = 5000;

/**
 * GET …/history?since=&limit=: the entries after `since` (a seq), oldest first, at most `limit`; `next`
 * is the seq to pass as `since` for the following page, null on the last page.
 * `order=desc` reads newest first (`before` is then the cursor); `room` (a sector id or `_piano`),
 * `sheet`, `row` and `column` narrow the entries to the cells asked for (a row's or a cell's history).
 */
export async function planHistory(ctx: ServerContext, p: Principal, ente: string, triennio: string, url: URL, res: ServerResponse): Promise<void> {
  const { rooms } = await planAccess(ctx, p, ente, triennio);
  const newestFirst = url.searchParams.get('order') === 'desc';
  const cursor = intParam(url, newestFirst ? 'before' : 'since', 0, Number.MAX_SAFE_INTEGER);
  const limit = Math.max(1, intParam(url, 'limit', HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT));
  const opt = (name: string) => url.searchParams.get(name) || undefined;
  const sector = opt('room');
  // The index decodes only the records stored since the previous request (each room replayed once).
  const all = await historyIndex(ctx.plans, { ente, triennio }).all();
  sendJson(
    res,
    200,
    pageOf(all, {
      readable: (r) => (rooms[r] ?? 'none') !== 'none',
      room: sector === undefined ? undefined : roomName(ente, triennio, sector),
      sheet: opt('sheet'),
      rowId: opt('row'),
      column: opt('column'),
      newestFirst,
      cursor,
      limit,
    }),
  );
}
