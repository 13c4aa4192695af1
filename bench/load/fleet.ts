/**
 * A fleet of stock y-websocket clients (WebsocketProvider + the `ws` polyfill), R rooms × C clients,
 * in one process. Each client owns one row of the `obiettivi` sheet of its room and edits its cells;
 * the edited value carries the step, the author and the send time (`performance.now()` of this
 * process: one clock for sender and receivers), so every other client of the room measures the
 * latency of each delivery when the edit reaches its document.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { ORDER_KEY, keyBetween } from '../../shared/src/doc/order';
import { cpuSeconds } from '../sync/child';
import { Samples, summarize } from './stats';
import type { LoadConfig, StepResult } from './types';

const SHEET = 'obiettivi';
/** Text cells a person edits in an objective row. */
const COLUMNS = ['titolo', 'descrizione', 'responsabile', 'stakeholder'] as const;

interface BenchClient {
  index: number;
  room: number;
  rowId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  table: Y.Map<Y.Map<unknown>>;
  seq: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timeout (${timeoutMs} ms) in attesa di: ${what}`);
    await sleep(20);
  }
}

export class Fleet {
  readonly clients: BenchClient[] = [];
  private readonly perRoom: number;
  /** Deliveries received and their latencies, by step index (0 is the warm-up). */
  private readonly received: number[] = [];
  private readonly samples: Samples[] = [];
  private disconnects = 0;
  /** Told when a measured window opens and closes (the harness profiles the server over it). */
  onPhase: (phase: 'step-start' | 'step-end', step: number, rate: number) => void = () => {};

  constructor(private readonly cfg: LoadConfig) {
    this.perRoom = cfg.rooms[0]?.tokens.length ?? 0;
  }

  get size(): number {
    return this.clients.length;
  }

  /** Connects every client, 20 at a time, and waits for each to be synced. Returns the time taken. */
  async connect(): Promise<number> {
    const t0 = performance.now();
    const all: Array<{ room: number; token: string; name: string }> = [];
    this.cfg.rooms.forEach((r, room) => r.tokens.forEach((token) => all.push({ room, token, name: r.name })));
    for (let i = 0; i < all.length; i += 20) {
      const batch = all.slice(i, i + 20).map((a, j) => this.open(i + j, a.room, a.name, a.token));
      await waitUntil(() => batch.every((c) => c.provider.synced), this.cfg.connectTimeoutMs, `sync dei client ${i}–${i + batch.length - 1}`);
    }
    // Every client adds its own row; edits start once every client sees all the rows of its room.
    let order: string | null = null;
    this.clients.forEach((c) => {
      order = keyBetween(order, null);
      c.table.set(c.rowId, new Y.Map<unknown>([[ORDER_KEY, order], ['codice', `BENCH-${c.index}`], ['titolo', 'Obiettivo di prova']]));
    });
    await waitUntil(() => this.clients.every((c) => c.table.size >= this.perRoom), this.cfg.connectTimeoutMs, 'righe di tutti i client');
    return Math.round(performance.now() - t0);
  }

  private open(index: number, room: number, name: string, token: string): BenchClient {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(this.cfg.url, name, doc, {
      params: token ? { token } : {},
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      // One process hosts every client: BroadcastChannel would deliver between them behind the server's back.
      disableBc: true,
    });
    provider.on('status', (e: { status: string }) => {
      if (e.status === 'disconnected') this.disconnects++;
    });
    const table = doc.getMap(SHEET) as Y.Map<Y.Map<unknown>>;
    table.observeDeep((events, txn) => {
      if (txn.local) return;
      const now = performance.now();
      for (const ev of events) {
        if (ev.target === table || !(ev instanceof Y.YMapEvent)) continue;
        const row = ev.target as Y.Map<unknown>;
        for (const key of ev.keysChanged) {
          const v = row.get(key);
          if (typeof v !== 'string') continue;
          const parts = v.split('|');
          if (parts.length !== 4) continue;
          this.record(Number(parts[0]), now - Number(parts[3]));
        }
      }
    });
    const c: BenchClient = { index, room, rowId: `bench-row-${index}`, doc, provider, table, seq: 0 };
    this.clients.push(c);
    return c;
  }

  private record(step: number, latencyMs: number): void {
    if (!Number.isInteger(step) || step < 0) return;
    this.received[step] = (this.received[step] ?? 0) + 1;
    (this.samples[step] ??= new Samples()).push(latencyMs);
  }

  private edit(c: BenchClient, step: number): void {
    const seq = c.seq++;
    const row = c.table.get(c.rowId);
    if (!row) throw new Error(`riga del client ${c.index} assente`);
    const col = COLUMNS[seq % COLUMNS.length]!;
    row.set(col, `${step}|${c.index}|${seq}|${performance.now().toFixed(3)}`);
  }

  /**
   * Issues `rate` edits/s (open loop: edits that fall due while the process is busy go out as soon as it
   * can) for `seconds`, round-robin over the clients, then waits for the deliveries.
   */
  async step(step: number, rate: number, seconds: number): Promise<StepResult> {
    const total = Math.max(1, Math.round(rate * seconds));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    this.onPhase('step-start', step, rate);
    const disconnects0 = this.disconnects;
    const srv0 = cpuSeconds(this.cfg.serverPid);
    const own0 = process.cpuUsage();
    const t0 = performance.now();
    let issued = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor((rate * (performance.now() - t0)) / 1000));
        while (issued < due) {
          this.edit(this.clients[issued % this.clients.length]!, step);
          issued++;
        }
        if (issued >= total) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, 2);
    });
    const elapsed = (performance.now() - t0) / 1000;
    const own = process.cpuUsage(own0);
    const srv1 = cpuSeconds(this.cfg.serverPid);
    loop.disable();
    this.onPhase('step-end', step, rate);

    const expected = total * (this.perRoom - 1);
    const until = Date.now() + this.cfg.drainTimeoutMs;
    while ((this.received[step] ?? 0) < expected && Date.now() < until) await sleep(20);
    const delivered = this.received[step] ?? 0;
    const latency = summarize(this.samples[step]?.values() ?? []);
    // Late, duplicate or foreign values must not leak into the next step's numbers.
    this.samples[step] = new Samples();
    const missing = Math.max(0, expected - delivered);
    return {
      rate,
      achievedRate: Math.round(total / elapsed),
      edits: total,
      expected,
      delivered,
      missing,
      latency,
      serverCpu: srv0 === null || srv1 === null ? null : Math.round(((srv1 - srv0) / elapsed) * 100),
      loadgenCpu: Math.round(((own.user + own.system) / 1e6 / elapsed) * 100),
      loadgenLoopP99: Math.round(loop.percentile(99) / 1e5) / 10,
      disconnects: this.disconnects - disconnects0,
      pass: missing === 0 && latency.p99 < this.cfg.p99TargetMs,
    };
  }

  /** Waits until every client is connected and synced again (after an overload some may reconnect). */
  async settle(timeoutMs: number): Promise<void> {
    await waitUntil(() => this.clients.every((c) => c.provider.wsconnected && c.provider.synced), timeoutMs, 'riconnessione dei client');
    await sleep(300);
  }

  destroy(): void {
    for (const c of this.clients) {
      c.provider.destroy();
      c.doc.destroy();
    }
  }
}
