import * as Y from 'yjs';
import { PLAN_ROOM, roomName } from '@piao/shared';
import { DEMO_PLAN, DEMO_SECTORS, DEMO_USERS, populateDemoPlan, type DemoUser } from '@piao/shared/demo/index';
import type { AuthService, PlanRef, PlanService } from '../context';
import { openDataDir } from '../data-dir';

/** The part of an open data directory the demo needs (openDataDir's result has it). */
export interface DemoTarget {
  plans: Pick<PlanService, 'hasPlan' | 'createPlan'>;
  loadRoomDoc(room: string): Promise<Y.Doc>;
  appendUpdate(room: string, update: Uint8Array, sub: string): Promise<unknown>;
}

/** The sub the demo content is stored under in the audit log. */
export const DEMO_SUB = 'demo';

/**
 * Creates the demo plan when it is absent. Each room's content is stored as one update by `demo`; the
 * plan is registered last, so a run cut short is completed by the next one (the demo rows have fixed
 * ids, so what was already stored is not written twice).
 */
export async function ensureDemo(target: string | DemoTarget): Promise<{ created: boolean; plan: PlanRef }> {
  if (typeof target === 'string') {
    const dd = await openDataDir(target);
    try {
      return await ensureDemo(dd);
    } finally {
      await dd.close();
    }
  }
  const plan: PlanRef = { ente: DEMO_PLAN.ente, triennio: DEMO_PLAN.triennio };
  if (await target.plans.hasPlan(plan)) return { created: false, plan };

  const docs = new Map<string, Y.Doc>();
  const pending = new Map<string, Uint8Array[]>();
  const open = async (room: string) => {
    const doc = await target.loadRoomDoc(roomName(plan.ente, plan.triennio, room));
    doc.on('update', (u: Uint8Array) => pending.get(room)!.push(u));
    docs.set(room, doc);
    pending.set(room, []);
    return doc;
  };
  const planDoc = await open(PLAN_ROOM);
  for (const s of DEMO_SECTORS) await open(s.id);
  populateDemoPlan(planDoc, (id) => {
    const doc = docs.get(id);
    if (!doc) throw new Error(`Settore demo inatteso: ${id}`);
    return doc;
  });
  // Sectors first and the plan room last: hasPlan is true as soon as `_piano` has records.
  const order = [...DEMO_SECTORS.map((s) => s.id), PLAN_ROOM];
  for (const room of order) {
    const updates = pending.get(room) ?? [];
    if (updates.length > 0) await target.appendUpdate(roomName(plan.ente, plan.triennio, room), Y.mergeUpdates(updates), DEMO_SUB);
  }
  await target.plans.createPlan(plan);
  for (const doc of docs.values()) doc.destroy();
  return { created: true, plan };
}

export interface SignInLink {
  user: DemoUser;
  url: string;
}

/** Lifetime of a demo sign-in link. */
export const DEMO_LINK_TTL_SECONDS = 30 * 24 * 3600;

/** One sign-in link per demo user: `<baseUrl>/?token=<jwt>`. */
export async function signInLinks(baseUrl: string, auth: Pick<AuthService, 'sign'>, ttlSeconds = DEMO_LINK_TTL_SECONDS): Promise<SignInLink[]> {
  const base = baseUrl.replace(/\/+$/, '');
  const out: SignInLink[] = [];
  for (const user of DEMO_USERS) {
    const token = await auth.sign({ sub: user.sub, name: user.name, ente: DEMO_PLAN.ente, role: user.role, sectors: [...user.sectors] }, ttlSeconds);
    out.push({ user, url: `${base}/?token=${encodeURIComponent(token)}` });
  }
  return out;
}
