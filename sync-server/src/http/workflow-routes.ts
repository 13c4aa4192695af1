import type { IncomingMessage, ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { PLAN_ROOM, applyChanges, roomName, type RowChange } from '@piao/shared';
import { PLAN_TARGET, checkMove, workflowStates, type WorkflowMove } from '@piao/shared/workflow/index';
import { planHash } from '@piao/shared/version/index';
import type { Principal, ServerContext } from '../context';
import type { MoveResponse, WorkflowInfo } from '@piao/shared/protocol/http-api';
import { planAccess } from './auth';
import { heavyPool } from './heavy-pool';
import { loadPlanData, type UnreadableRoom } from './plan-docs';
import { HttpError, readJson, sendJson } from './respond';
import { loader } from './workbook-routes';
import { freezeVersion } from './frozen-versions';

/**
 * The moves live in the `_piano` room as a top-level map `workflow` of rows (move number → cells), the
 * shape the update guard admits (sync/update-guard.ts) — not a registered sheet, so the workbook, the
 * grid and validation leave it alone; everyone who reads the plan receives it with the room. The server
 * appends after checking roles and steps (shared/workflow). Known limit: a coordinator's client could
 * write rows there too, as into any sheet of the room.
 */
const LOG = 'workflow';
const FIELDS = ['target', 'from', 'to', 'sub', 'at', 'note', 'atto', 'data', 'hash', 'versione'] as const;

function readLog(doc: Y.Doc): WorkflowMove[] {
  const rows = [...doc.getMap<Y.Map<unknown>>(LOG).values()].filter((r): r is Y.Map<unknown> => r instanceof Y.Map);
  return rows
    .map((r) => ({ n: Number(r.get('n')), move: Object.fromEntries(FIELDS.map((f) => [f, r.get(f) ?? null])) as unknown as WorkflowMove }))
    .sort((a, b) => a.n - b.n)
    .map((r) => r.move);
}

function appendMove(doc: Y.Doc, move: WorkflowMove): string {
  const log = doc.getMap<Y.Map<unknown>>(LOG);
  const n = log.size + 1;
  const key = `mossa-${String(n).padStart(4, '0')}`;
  const row = new Y.Map<unknown>();
  log.set(key, row);
  row.set('n', n);
  for (const f of FIELDS) row.set(f, move[f]);
  return key;
}

/** One cell of a move row, as an update of a copy of the room (like the move itself). */
async function setCell(ctx: ServerContext, room: string, key: string, field: string, value: string, sub: string): Promise<void> {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(await ctx.rooms.getDoc(room)));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u));
    copy.getMap<Y.Map<unknown>>(LOG).get(key)?.set(field, value);
    if (update) await ctx.rooms.applyUpdate(room, update, sub);
  } finally {
    copy.destroy();
  }
}

/** GET …/workflow: the state of the plan and of each sector, and every move. */
export async function getWorkflow(ctx: ServerContext, p: Principal, ente: string, triennio: string, res: ServerResponse): Promise<void> {
  const { sectors } = await planAccess(ctx, p, ente, triennio);
  const log = readLog(await ctx.rooms.getDoc(roomName(ente, triennio, PLAN_ROOM)));
  // Once adopted: whether the live content is still the adopted one (same canonical SHA-256).
  const adopted = [...log].reverse().find((m) => m.target === PLAN_TARGET && m.to === 'Adottata');
  const adoption = adopted?.hash ? { hash: adopted.hash, currentHash: await planHash(await loadPlanData(loader(ctx), ente, triennio)) } : null;
  sendJson(res, 200, { ...workflowStates(log, sectors), moves: log, adoption: adoption && { ...adoption, changed: adoption.hash !== adoption.currentHash } } satisfies WorkflowInfo);
}

/** Open validation errors per sector, counted on the live plan (a room that cannot be read counts as one). */
async function sectorErrors(ctx: ServerContext, ente: string, triennio: string): Promise<Map<string, number>> {
  const unreadable: UnreadableRoom[] = [];
  const data = await loadPlanData(loader(ctx), ente, triennio, unreadable);
  const { issues } = await heavyPool(ctx).run({ kind: 'issues', data });
  const out = new Map<string, number>();
  for (const i of issues) if (i.severity === 'error' && i.sector) out.set(i.sector, (out.get(i.sector) ?? 0) + 1);
  for (const u of unreadable) out.set(u.sector, (out.get(u.sector) ?? 0) + 1);
  return out;
}

/**
 * POST …/workflow `{"target": "<settore>|_piano", "to": "<stato>", "note"?, "atto"?, "data"?}`: one move,
 * recorded with who and when. Adoption also writes the deliberation into the ente sheet, so the
 * document's cover names it.
 */
export async function postWorkflow(ctx: ServerContext, p: Principal, ente: string, triennio: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { sectors } = await planAccess(ctx, p, ente, triennio);
  const body = await readJson(req);
  if (typeof body !== 'object' || body === null) throw new HttpError(400, 'Il corpo della richiesta deve essere un oggetto JSON');
  const b = body as Record<string, unknown>;
  if (typeof b.target !== 'string' || typeof b.to !== 'string') throw new HttpError(400, 'Indicare "target" (settore o _piano) e "to" (nuovo stato)');
  const room = roomName(ente, triennio, PLAN_ROOM);
  const errors = b.to === 'Inviata dal settore' ? await sectorErrors(ctx, ente, triennio) : new Map<string, number>();
  const doc = await ctx.rooms.getDoc(room);
  const result = checkMove(
    readLog(doc),
    { target: b.target, to: b.to, note: b.note, atto: b.atto, data: b.data },
    { role: p.role, sectors: p.sectors, sub: p.sub, now: new Date().toISOString(), planSectors: sectors, sectorErrors: (s) => errors.get(s) ?? 0 },
  );
  if (!result.ok) throw new HttpError(result.status, result.message);
  const move = result.move;
  const changes: RowChange[] =
    move.to === 'Adottata' ? [{ kind: 'record', sheet: 'ente', values: { estremi_approvazione: `deliberazione di Giunta n. ${move.atto}`, data_approvazione: move.data } }] : [];
  // The move (and the adoption's cells) as one update of a copy of the room, stored like any edit.
  let moveKey = '';
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array) => (update = update ? Y.mergeUpdates([update, u]) : u));
    copy.transact(() => {
      moveKey = appendMove(copy, move);
      if (changes.length > 0) applyChanges(copy, changes, 'import');
    }, 'import');
    await ctx.rooms.applyUpdate(room, update!, p.sub);
  } finally {
    copy.destroy();
  }
  if (move.to === 'Adottata' && move.versione !== null) {
    move.hash = await freezeVersion(ctx, ente, triennio, sectors, move.versione, p.sub);
    await setCell(ctx, room, moveKey, 'hash', move.hash, p.sub);
  }
  ctx.logger.info({ plan: `${ente}/${triennio}`, target: move.target, to: move.to, sub: p.sub }, 'stato del piano cambiato');
  const log = readLog(await ctx.rooms.getDoc(room));
  sendJson(res, 200, { ...workflowStates(log, sectors), move } satisfies MoveResponse);
}
