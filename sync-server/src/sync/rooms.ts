import type { Logger } from 'pino';
import type { RoomService } from '../context';
import { roomsLoadedGauge } from '../metrics';
import type { DurableLog } from '../storage/durable-log';
import type { RoomState, Storage } from '../storage/types';
import * as Y from 'yjs';
import { buildRoomDoc } from './load-doc';
import { Room, type RoomPeer } from './room';

/**
 * A room whose stored records cannot be read back (a corrupt record): it stays unloaded and says which
 * record, while every other room of the plan keeps working (issue 14 item 16).
 */
export class RoomUnreadableError extends Error {
  constructor(
    readonly room: string,
    message: string,
  ) {
    super(message);
    this.name = 'RoomUnreadableError';
  }
}

/** A room found unreadable is not read again before this long (each attempt reads its whole log). */
const UNREADABLE_RETRY_MS = 30_000;

export interface RoomManagerOptions {
  logger: Logger;
  /** A room with no client is unloaded from memory after this long (its stored state is untouched). */
  idleUnloadMs: number;
  /** Compact a room in the background once this many records are stored after its snapshot. */
  compactThreshold: number;
  /** Stored bytes a room may reach; past it updates are refused with a clear reason (default 64 MiB). */
  maxRoomBytes?: number;
}

/** Records left uncompacted when a room is unloaded are merged if at least this many. */
const COMPACT_ON_UNLOAD = 20;
/**
 * Compaction waits for a quiet moment in the room: merging stalls the event loop for tens of ms, which
 * during a burst of edits lands straight in everyone's latency (bench/RESULTS.md §1). Past this many
 * thresholds' worth of records it runs anyway, so a room that never rests still gets compacted.
 */
const COMPACT_QUIET_MS = 1000;
const COMPACT_FORCE_FACTOR = 10;

/** The loaded rooms: loading on first use, idle unload, background compaction. */
export class RoomManager implements RoomService {
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly idleTimers = new Map<Room, NodeJS.Timeout>();
  private readonly compactions = new Set<Promise<unknown>>();
  private readonly quietTimers = new Map<Room, NodeJS.Timeout>();
  private readonly unreadable = new Map<string, { err: RoomUnreadableError; at: number }>();
  private closed = false;
  private readonly loadedListeners = new Set<(room: Room) => void>();

  constructor(
    private readonly storage: Storage,
    private readonly log: DurableLog,
    private readonly opts: RoomManagerOptions,
  ) {
    // Clients whose changes a failed commit did not store are asked for them again.
    log.onRecovered(() => {
      for (const room of this.loaded.values()) room.resyncOwed();
    });
  }

  /** Calls `listener` with every room this manager loads from now on (the cluster relay follows its presence). */
  onLoaded(listener: (room: Room) => void): void {
    this.loadedListeners.add(listener);
  }

  get size(): number {
    return this.loaded.size;
  }

  /** Rooms currently in memory (for tests and diagnostics). */
  loadedRooms(): string[] {
    return [...this.loaded.keys()];
  }

  async getRoom(name: string): Promise<Room> {
    if (this.closed) throw new Error('Server in chiusura');
    const room = this.loaded.get(name);
    if (room) return room;
    const broken = this.unreadable.get(name);
    if (broken && Date.now() - broken.at < UNREADABLE_RETRY_MS) throw broken.err;
    let p = this.loading.get(name);
    if (!p) {
      p = this.load(name).finally(() => this.loading.delete(name));
      this.loading.set(name, p);
    }
    return p;
  }

  /** The room if it is in memory or being loaded, else null (never loads it). */
  ifLoaded(name: string): Promise<Room> | null {
    const room = this.loaded.get(name);
    if (room) return Promise.resolve(room);
    return this.loading.get(name) ?? null;
  }

  async getDoc(name: string): Promise<Y.Doc> {
    const room = await this.getRoom(name);
    if (room.peers.size === 0) this.scheduleIdle(room);
    return room.doc;
  }

  async applyUpdate(name: string, update: Uint8Array, sub: string): Promise<void> {
    const room = await this.getRoom(name);
    try {
      await room.submit(update, sub, null);
    } finally {
      if (room.peers.size === 0) this.scheduleIdle(room);
    }
  }

  /** Joins a peer to a loaded room (synchronously, right after getRoom resolved). */
  attach(room: Room, peer: RoomPeer): void {
    if (room.disposed) throw new Error(`Stanza ${room.name} già scaricata`);
    this.cancelIdle(room);
    room.addPeer(peer);
  }

  detach(room: Room, peer: RoomPeer): void {
    room.removePeer(peer);
    if (room.peers.size === 0) this.scheduleIdle(room);
  }

  /** Compacts a room's log now (also used by tests); the live document is not touched. */
  async compact(name: string): Promise<number> {
    const room = this.loaded.get(name);
    if (room) room.compacting = true;
    try {
      const r = await this.storage.compact(name);
      if (room) room.pending = Math.max(0, room.pending - r.merged);
      return r.merged;
    } finally {
      if (room) room.compacting = false;
    }
  }

  /** Closes every connection with `code`, waits for the log to drain, unloads every room. */
  async close(code: number, reason: string): Promise<void> {
    this.closed = true;
    for (const room of this.loaded.values()) for (const p of [...room.peers]) p.close(code, reason);
    // Let calls already past getRoom (e.g. an import awaiting it) enqueue their records first.
    await new Promise((r) => setImmediate(r));
    await this.log.close();
    await Promise.allSettled([...this.compactions]);
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    for (const room of this.loaded.values()) this.unload(room);
  }

  private async load(name: string): Promise<Room> {
    const state = await this.storage.load(name);
    if (this.closed) throw new Error('Server in chiusura');
    let room: Room;
    try {
      // Built in slices with turns of the event loop between them (concurrent getRoom calls share this load).
      const doc = await buildRoomDoc(state);
      if (this.closed) {
        doc.destroy();
        throw new Error('Server in chiusura');
      }
      room = new Room(
        name,
        this.log,
        state,
        {
          logger: this.opts.logger.child({ room: name }),
          onCommitted: (r) => this.compactWhenQuiet(r),
          maxRoomBytes: this.opts.maxRoomBytes,
        },
        doc,
      );
    } catch (cause) {
      if (this.closed) throw cause;
      const err = unreadableRoom(name, state, cause);
      this.opts.logger.error({ err: cause, room: name }, err.message);
      this.unreadable.set(name, { err, at: Date.now() });
      throw err;
    }
    this.unreadable.delete(name);
    this.loaded.set(name, room);
    for (const listener of this.loadedListeners) listener(room);
    roomsLoadedGauge.inc();
    this.scheduleIdle(room);
    return room;
  }

  private scheduleIdle(room: Room): void {
    if (this.closed || room.disposed) return;
    this.cancelIdle(room);
    const t = setTimeout(() => {
      this.idleTimers.delete(room);
      if (room.peers.size > 0) return;
      // Updates still waiting for their commit must be applied before the room goes.
      if (room.busy) return this.scheduleIdle(room);
      this.maybeCompact(room, COMPACT_ON_UNLOAD);
      this.unload(room);
    }, this.opts.idleUnloadMs);
    t.unref();
    this.idleTimers.set(room, t);
  }

  private cancelIdle(room: Room): void {
    const t = this.idleTimers.get(room);
    if (t) clearTimeout(t);
    this.idleTimers.delete(room);
  }

  private unload(room: Room): void {
    if (room.disposed) return;
    this.cancelIdle(room);
    const quiet = this.quietTimers.get(room);
    if (quiet) clearTimeout(quiet);
    this.quietTimers.delete(room);
    if (this.loaded.get(room.name) === room) this.loaded.delete(room.name);
    room.dispose();
    roomsLoadedGauge.dec();
    this.opts.logger.debug({ room: room.name }, 'stanza scaricata dalla memoria');
  }

  private compactWhenQuiet(room: Room): void {
    const threshold = this.opts.compactThreshold;
    if (room.compacting || room.pending < threshold || this.closed) return;
    const pending = this.quietTimers.get(room);
    if (pending) clearTimeout(pending);
    if (room.pending >= threshold * COMPACT_FORCE_FACTOR) {
      this.quietTimers.delete(room);
      return this.maybeCompact(room, threshold);
    }
    const t = setTimeout(() => {
      this.quietTimers.delete(room);
      if (!room.disposed) this.maybeCompact(room, threshold);
    }, COMPACT_QUIET_MS);
    t.unref();
    this.quietTimers.set(room, t);
  }

  private maybeCompact(room: Room, threshold: number): void {
    if (room.compacting || room.pending < threshold || this.closed) return;
    room.compacting = true;
    // Off the commit path: the merge runs on a later turn, between group commits.
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.storage.compact(room.name))
      .then((r) => {
        room.pending = Math.max(0, room.pending - r.merged);
        this.opts.logger.debug({ room: room.name, merged: r.merged }, 'log compattato');
      })
      .catch((err) => this.opts.logger.error({ err, room: room.name }, 'compattazione non riuscita'))
      .finally(() => {
        room.compacting = false;
        this.compactions.delete(job);
      });
    this.compactions.add(job);
  }
}

/** Names the first record that cannot be applied (replaying the stored parts one by one). */
function unreadableRoom(name: string, state: RoomState, cause: unknown): RoomUnreadableError {
  const parts = state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
  const doc = new Y.Doc();
  let bad = -1;
  for (let i = 0; i < parts.length && bad < 0; i++) {
    try {
      Y.applyUpdate(doc, parts[i]!);
    } catch {
      bad = i;
    }
  }
  doc.destroy();
  const which =
    bad < 0
      ? `i suoi record non si applicano (${cause instanceof Error ? cause.message : String(cause)})`
      : state.snapshot && bad === 0
        ? "la sua istantanea compattata è danneggiata"
        : `il record n. ${state.snapshot ? bad : bad + 1} dopo ${state.snapshot ? `l'istantanea (seq ${state.snapshotSeq})` : "l'inizio del log"} è danneggiato`;
  return new RoomUnreadableError(
    name,
    `La stanza ${name} non è leggibile: ${which}. Le altre stanze funzionano; ripristinare il database dalla copia di sicurezza (docs/security.md, «Backup e ripristino»).`,
  );
}
