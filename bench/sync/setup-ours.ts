/**
 * Prepares a data directory for our server: the plan, its `_piano` room listing the sectors (the server
 * refuses rooms of sectors the plan does not list), and one coordinator token per benchmark client.
 */
import * as Y from 'yjs';
import { applyChanges } from '../../shared/src/doc/rows';
import { PLAN_ROOM, roomName } from '../../shared/src/doc/rooms';
import { openDataDir } from '../../sync-server/src/data-dir';

export const BENCH_ENTE = 'comune-bench';
export const BENCH_TRIENNIO = '2024-2026';

export const sectorId = (i: number): string => `settore-${String(i + 1).padStart(2, '0')}`;

/** Creates the plan with `sectors` sectors; returns `tokens[room][client]` for `clientsPerRoom` clients. */
export async function prepareOurDataDir(
  dataDir: string,
  opts: { sectors: number; clientsPerRoom: number; ttlSeconds?: number },
): Promise<{ rooms: string[]; tokens: string[][] }> {
  const dd = await openDataDir(dataDir);
  try {
    const plan = { ente: BENCH_ENTE, triennio: BENCH_TRIENNIO };
    const ids = Array.from({ length: opts.sectors }, (_, i) => sectorId(i));
    const doc = new Y.Doc();
    applyChanges(doc, ids.map((id) => ({ kind: 'add' as const, sheet: 'settori' as const, values: { id, denominazione: `Settore ${id}` } })), 'test');
    await dd.plans.createPlan(plan);
    await dd.appendUpdate(roomName(plan.ente, plan.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(doc), 'bench');
    const rooms = ids.map((id) => roomName(plan.ente, plan.triennio, id));
    const tokens: string[][] = [];
    for (let r = 0; r < rooms.length; r++) {
      const row: string[] = [];
      for (let c = 0; c < opts.clientsPerRoom; c++) {
        const sub = `bench-${r}-${c}`;
        row.push(await dd.auth.sign({ sub, name: `Utente ${r}-${c}`, ente: plan.ente, role: 'coordinator', sectors: [] }, opts.ttlSeconds ?? 3600));
      }
      tokens.push(row);
    }
    return { rooms, tokens };
  } finally {
    await dd.close();
  }
}
