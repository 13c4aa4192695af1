/**
 * Helpers for sync-server tests: a real server on 127.0.0.1:0 with a temporary data directory, tokens,
 * stock y-websocket clients (with the `ws` polyfill), raw WebSocket connections, waiting.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { pino, type Logger } from 'pino';
import { applyChanges } from '@piao/shared/doc/rows';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import type { Principal, Role } from '../../sync-server/src/context';
import { openDataDir } from '../../sync-server/src/data-dir';
import { startServer, type RunningServer, type ServerConfig } from '../../sync-server/src/server';
import { MESSAGE_SAVED } from '../../sync-server/src/sync/protocol';

export const ENTE = 'casale-monferrato';
export const TRIENNIO = '2022-2024';

export const silentLogger: Logger = pino({ level: process.env.PIAO_TEST_LOG ?? 'silent' });

export interface PlanSeed {
  ente: string;
  triennio: string;
  sectors: string[];
}

export function room(sector: string, ente = ENTE, triennio = TRIENNIO): string {
  return roomName(ente, triennio, sector);
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'piao-test-'));
}

/** Stores a plan whose `settori` sheet lists `sectors`, as a coordinator would create it. */
export async function seedPlan(dataDir: string, plan: PlanSeed): Promise<void> {
  const dd = await openDataDir(dataDir, { logger: silentLogger });
  try {
    const doc = new Y.Doc();
    applyChanges(
      doc,
      plan.sectors.map((id) => ({ kind: 'add' as const, sheet: 'settori' as const, values: { id, denominazione: `Settore ${id}` } })),
      'test',
    );
    await dd.plans.createPlan({ ente: plan.ente, triennio: plan.triennio });
    await dd.appendUpdate(roomName(plan.ente, plan.triennio, PLAN_ROOM), Y.encodeStateAsUpdate(doc), 'seed');
  } finally {
    await dd.close();
  }
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  /** `ws://127.0.0.1:<port>/sync` — what a WebsocketProvider is given. */
  syncUrl: string;
  token(p: { role: Role; sub?: string; name?: string; ente?: string; sectors?: string[] }, ttlSeconds?: number): Promise<string>;
  /** Stops the server; removes the data directory unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export async function startTestServer(
  opts: { plans?: PlanSeed[]; dataDir?: string; config?: Partial<ServerConfig> } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await makeDataDir());
  for (const plan of opts.plans ?? []) await seedPlan(dataDir, plan);
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logger: silentLogger, ...opts.config });
  return {
    server,
    dataDir,
    syncUrl: `${server.url.replace(/^http/, 'ws')}/sync`,
    token: (p, ttl = 3600) => server.ctx.auth.sign(principal(p), ttl),
    async stop({ keepData = false } = {}) {
      await server.close();
      if (!keepData) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function principal(p: { role: Role; sub?: string; name?: string; ente?: string; sectors?: string[] }): Principal {
  const sub = p.sub ?? `${p.role}-${Math.random().toString(36).slice(2, 8)}`;
  return { sub, name: p.name ?? sub, ente: p.ente ?? ENTE, role: p.role, sectors: p.sectors ?? [] };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** State vectors of every save confirmation received (ack=1 clients). */
  saved: Uint8Array[];
  /** Reasons of every permission-denied message received. */
  denied: string[];
  /** Updates received from the server, in order. */
  received: Uint8Array[];
  destroy(): void;
}

/** A stock y-websocket client, exactly as the add-in creates it (BroadcastChannel off: one process). */
export function connectClient(
  syncUrl: string,
  roomName: string,
  token: string,
  opts: { ack?: boolean; doc?: Y.Doc; onSaved?: (sv: Uint8Array) => void } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const params: Record<string, string> = { token };
  if (opts.ack) params.ack = '1';
  const provider = new WebsocketProvider(syncUrl, roomName, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  const client: TestClient = { doc, provider, saved: [], denied: [], received: [], destroy: () => provider.destroy() };
  provider.messageHandlers[MESSAGE_SAVED] = (_enc, decoder) => {
    const sv = decoding.readVarUint8Array(decoder);
    client.saved.push(sv);
    opts.onSaved?.(sv);
  };
  provider.messageHandlers[2] = (_enc, decoder, p) => {
    authProtocol.readAuthMessage(decoder, p.doc, (_y, reason) => client.denied.push(reason));
  };
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === provider) client.received.push(u);
  });
  return client;
}

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condizione'): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > until) throw new Error(`Timeout in attesa di: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function waitSynced(c: TestClient, timeoutMs = 5000): Promise<void> {
  return waitFor(() => c.provider.synced, timeoutMs, `sync di ${c.provider.roomname}`);
}

/** True when `a` contains everything in `b` (state and deletions). */
export function docContains(a: Y.Doc, b: Y.Doc): boolean {
  return Y.snapshotContainsUpdate(Y.snapshot(a), Y.encodeStateAsUpdate(b));
}

export function sameContent(a: Y.Doc, b: Y.Doc): boolean {
  return docContains(a, b) && docContains(b, a);
}

export interface RawResult {
  /** HTTP status of a refused upgrade (undefined when the upgrade succeeded). */
  status?: number;
  ws?: WebSocket;
  /** Every message received (for a refused upgrade: none). */
  messages: Buffer[];
  closed: Promise<{ code: number; reason: string }>;
}

/** A bare `ws` connection: resolves on open or on a refused upgrade. */
export function rawConnect(url: string, headers: Record<string, string> = {}): Promise<RawResult> {
  return new Promise((resolve, reject) => {
    const messages: Buffer[] = [];
    const ws = new WebSocket(url, { headers });
    let onClose!: (v: { code: number; reason: string }) => void;
    const closed = new Promise<{ code: number; reason: string }>((r) => (onClose = r));
    ws.on('message', (data) => messages.push(Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer)));
    ws.on('close', (code, reason) => onClose({ code, reason: reason.toString() }));
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode, messages, closed });
      ws.terminate();
    });
    ws.on('open', () => resolve({ ws, messages, closed }));
    ws.on('error', (err) => {
      if (ws.readyState !== WebSocket.CLOSED) reject(err);
    });
  });
}

/** Count and total size of every stored record (to prove bad input stored nothing). */
export async function storedBytes(server: RunningServer): Promise<{ records: number; bytes: number }> {
  const rooms = await server.storage.rooms();
  return rooms.reduce((a, r) => ({ records: a.records + r.records, bytes: a.bytes + r.bytes }), { records: 0, bytes: 0 });
}
