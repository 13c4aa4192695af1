/**
 * Section 2: cold load. A sector room of 10,000 rows stored in SQLite, (a) compacted into a snapshot and
 * (b) as 50,000 uncompacted update records; our server started fresh in its own process; time from
 * connect to synced for a fresh stock client, rows checked, server heap/RSS per loaded room, and a CPU
 * profile of the server over each load.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { applyChanges, readSheet } from '../shared/src/doc/rows';
import { PLAN_ROOM, roomName } from '../shared/src/doc/rooms';
import { SECTOR_SHEET_IDS } from '../shared/src/schema/index';
import { openDataDir } from '../sync-server/src/data-dir';
import { buildHistory } from './history';
import { startChild, type Child, type ChildMessage } from './sync/child';
import { readProfileFile, type ProfileSummary } from './sync/profile';

const LAUNCH = fileURLToPath(new URL('./sync/launch-ours.ts', import.meta.url));
const ENTE = 'comune-carico';
const TRIENNIO = '2024-2026';

export interface ColdLoadOptions {
  workDir: string;
  rows: number;
  updates: number;
  /** Compacted copies loaded one after the other (memory per room is their median). */
  compactedRooms: number;
  /** Longest wait for one client to be synced. */
  timeoutMs: number;
  log(line: string): void;
}

export interface RoomLoad {
  room: string;
  /** Connect → synced for a fresh client, ms (null: not synced within the timeout). */
  syncedMs: number | null;
  rowsSeen: number;
  heapMb: number;
  rssMb: number;
}

export interface ColdLoadResult {
  rows: number;
  updates: number;
  ops: ReturnType<typeof buildHistory>['ops'];
  /** Size of the stored snapshot (compacted) and of the 50,000 records (uncompacted), bytes. */
  snapshotBytes: number;
  logBytes: number;
  compacted: RoomLoad[];
  uncompacted: RoomLoad;
  /** A second fresh client on the already loaded compacted room: the transfer alone. */
  warmSyncedMs: number | null;
  /** The same history applied in order to one document in one transaction (what a load could do), ms. */
  applyInOrderMs: number;
  /** Memory of a single Y.Doc holding the room's content (this process, after GC), MB. */
  oneDocMb: number;
  timeoutMs: number;
  profiles: { compacted: ProfileSummary; uncompacted: ProfileSummary | null };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function countRows(doc: Y.Doc): number {
  return SECTOR_SHEET_IDS.reduce((n, id) => n + readSheet(doc, id).length, 0);
}

/** Connects a fresh stock client and resolves when it is synced (or null after `timeoutMs`). */
async function freshClient(url: string, room: string, token: string, timeoutMs: number): Promise<{ ms: number | null; rows: number; close(): void }> {
  const doc = new Y.Doc();
  const t0 = performance.now();
  const provider = new WebsocketProvider(url, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const until = Date.now() + timeoutMs;
  while (!provider.synced && Date.now() < until) await sleep(5);
  const ms = provider.synced ? Math.round(performance.now() - t0) : null;
  return {
    ms,
    rows: ms === null ? 0 : countRows(doc),
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

async function memMb(server: Child): Promise<{ heap: number; rss: number }> {
  const m = await server.request<ChildMessage & { heapUsed: number; arrayBuffers: number; rss: number }>({ type: 'mem' }, 'mem', 60_000);
  return { heap: (m.heapUsed + m.arrayBuffers) / 2 ** 20, rss: m.rss / 2 ** 20 };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Heap + ArrayBuffers held by one Y.Doc loaded from `state`, measured in this process after full GCs. */
function oneDocMb(state: Uint8Array): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const used = () => {
    gc();
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const after = used();
  doc.destroy();
  return r1((after - before) / 2 ** 20);
}

export async function runColdLoad(opts: ColdLoadOptions): Promise<ColdLoadResult> {
  const t0 = performance.now();
  const history = buildHistory({ rows: opts.rows, updates: opts.updates });
  const applyStart = performance.now();
  const check = new Y.Doc();
  check.transact(() => {
    for (const u of history.updates) Y.applyUpdate(check, u);
  });
  const applyInOrderMs = Math.round(performance.now() - applyStart);
  check.destroy();

  const compactedIds = Array.from({ length: opts.compactedRooms }, (_, i) => `compattato-${i + 1}`);
  const uncompactedId = 'non-compattato';
  const dataDir = path.join(opts.workDir, 'dati-carico');
  const dd = await openDataDir(dataDir);
  let token: string;
  let snapshotBytes = 0;
  let oneDocMbValue = 0;
  const logBytes = history.updates.reduce((n, u) => n + u.byteLength, 0);
  try {
    const planDoc = new Y.Doc();
    applyChanges(planDoc, [...compactedIds, uncompactedId].map((id) => ({ kind: 'add' as const, sheet: 'settori' as const, values: { id, denominazione: id } })), 'test');
    await dd.plans.createPlan({ ente: ENTE, triennio: TRIENNIO });
    await dd.appendUpdate(roomName(ENTE, TRIENNIO, PLAN_ROOM), Y.encodeStateAsUpdate(planDoc), 'bench');

    const records = (room: string, updates: Uint8Array[]) => updates.map((update, i) => ({ room, sub: `utente-${i % 7}`, at: Date.now(), update }));
    const uncompacted = roomName(ENTE, TRIENNIO, uncompactedId);
    for (let i = 0; i < history.updates.length; i += 5_000) await dd.storage.append(records(uncompacted, history.updates.slice(i, i + 5_000)));
    // Compacted exactly as the server does it: the whole history stored, then storage.compact.
    for (const id of compactedIds) {
      const room = roomName(ENTE, TRIENNIO, id);
      for (let i = 0; i < history.updates.length; i += 5_000) await dd.storage.append(records(room, history.updates.slice(i, i + 5_000)));
      await dd.storage.compact(room);
      snapshotBytes = (await dd.storage.load(room)).snapshot?.byteLength ?? 0;
    }
    oneDocMbValue = oneDocMb(Y.encodeStateAsUpdate(history.doc));
    token = await dd.auth.sign({ sub: 'bench-carico', name: 'Bench', ente: ENTE, role: 'coordinator', sectors: [] }, 3600);
  } finally {
    await dd.close();
  }
  opts.log(`  dati pronti in ${Math.round(performance.now() - t0)} ms (${history.rows} righe, ${history.updates.length} aggiornamenti)`);

  const { child: server, ready } = await startChild(LAUNCH, [dataDir], { logFile: path.join(opts.workDir, 'server-carico.log'), execArgv: ['--expose-gc'] });
  const url = `ws://127.0.0.1:${Number(ready.port)}/sync`;
  const open: Array<{ close(): void }> = [];
  try {
    // The plan room is loaded first (every upgrade reads the plan's sectors), so it is not in the numbers.
    const plan = await freshClient(url, roomName(ENTE, TRIENNIO, PLAN_ROOM), token, 30_000);
    open.push(plan);
    if (plan.ms === null) throw new Error('stanza _piano non sincronizzata');

    const load = async (id: string, profileFile: string | null): Promise<RoomLoad> => {
      const before = await memMb(server);
      if (profileFile) await server.request({ type: 'prof-start' }, 'prof-started', 10_000);
      const c = await freshClient(url, roomName(ENTE, TRIENNIO, id), token, opts.timeoutMs);
      open.push(c);
      // A server still busy loading answers nothing until it is done: do not wait for it.
      if (c.ms === null) return { room: id, syncedMs: null, rowsSeen: 0, heapMb: Number.NaN, rssMb: Number.NaN };
      if (profileFile) await server.request({ type: 'prof-stop', file: profileFile }, 'prof', 60_000);
      const after = await memMb(server);
      const r: RoomLoad = { room: id, syncedMs: c.ms, rowsSeen: c.rows, heapMb: r1(after.heap - before.heap), rssMb: r1(after.rss - before.rss) };
      opts.log(`  ${id}: sincronizzato in ${c.ms ?? `oltre ${opts.timeoutMs}`} ms, ${c.rows} righe, +${r.heapMb} MB heap nel server`);
      return r;
    };
    const compactedProfile = path.join(opts.workDir, 'carico-compattato.cpuprofile');
    const compacted: RoomLoad[] = [];
    for (const [i, id] of compactedIds.entries()) compacted.push(await load(id, i === 0 ? compactedProfile : null));
    const warm = await freshClient(url, roomName(ENTE, TRIENNIO, compactedIds[0]!), token, opts.timeoutMs);
    open.push(warm);
    const uncompactedProfile = path.join(opts.workDir, 'carico-non-compattato.cpuprofile');
    const uncompacted = await load(uncompactedId, uncompactedProfile);
    return {
      rows: history.rows,
      updates: history.updates.length,
      ops: history.ops,
      snapshotBytes,
      logBytes,
      compacted,
      uncompacted,
      warmSyncedMs: warm.ms,
      applyInOrderMs,
      oneDocMb: oneDocMbValue,
      timeoutMs: opts.timeoutMs,
      profiles: {
        compacted: readProfileFile(compactedProfile),
        uncompacted: uncompacted.syncedMs === null ? null : readProfileFile(uncompactedProfile),
      },
    };
  } finally {
    for (const c of open) c.close();
    await server.stop();
  }
}
