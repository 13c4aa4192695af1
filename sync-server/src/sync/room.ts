import * as Y from 'yjs';
import { applyAll } from '../storage/merge';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { DurableLog } from '../storage/durable-log';
import type { RoomState } from '../storage/types';
import { REASON_FOREIGN_CONTENT, REASON_RESYNC, REASON_STORAGE_FAILED, REASON_TOO_LARGE } from '@piao/shared/protocol/resilience';
import { awarenessMessage, permissionDeniedMessage, savedMessage, syncStep1Message, syncStep2Message, updateMessage } from './protocol';
import { docContainsUpdate, transactionProblem } from './update-guard';
import { rejectedCounter } from '../metrics';

/** A client update the server refuses to store (malformed, or one Yjs cannot apply). */
export class InvalidUpdateError extends Error {
  constructor(message = 'aggiornamento Yjs non valido') {
    super(message);
    this.name = 'InvalidUpdateError';
  }
}

/**
 * An update the server does not store although it is well-formed (foreign content, missing
 * dependencies, a size budget): its author is told why with an auth message and stays connected —
 * closing would make y-websocket reconnect and resend it at once. Server-side callers get it thrown.
 */
export class RefusedUpdateError extends Error {
  constructor(
    readonly reason: string,
    /** The update depends on structs the server lacks: the author is asked for a full sync step 2. */
    readonly resync = false,
  ) {
    super(reason);
    this.name = 'RefusedUpdateError';
  }
}

/** Default budget of a room's stored bytes (snapshot + records): far above a sector's real size. */
export const DEFAULT_MAX_ROOM_BYTES = 64 * 1024 * 1024;
/**
 * Structs waiting for missing dependencies that a room's shadow may hold. A little is legitimate (an edit
 * that overtakes the sync step 2 it depends on, which then completes it); past this the update is
 * refused and its author asked to resync (150 such updates once piled up 400 MB).
 */
export const MAX_PENDING_BYTES = 1024 * 1024;
/** How long structs may wait for their dependencies before their author is told. */
const PENDING_GRACE_MS = 2_000;
/** A client whose updates keep missing dependencies is asked to resync at most this often. */
const RESYNC_EVERY_MS = 10_000;
/** While writes fail, an author is reminded at most this often, however much it types. */
const STORAGE_NOTICE_MS = 2_000;
/** Sync step 2 answers kept per room version (most clients send one of a few state vectors). */
const REPLY_CACHE_SIZE = 16;

/** What a room needs from a connected client. */
export interface RoomPeer {
  readonly ack: boolean;
  /** Awareness client ids this peer announced, removed for everyone when it leaves. */
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Sub recorded for changes made directly on a live document by server code. */
export const SERVER_SUB = 'server';

const COMMITTED = Symbol('committed');

/**
 * One room's live state. Two documents: `doc` holds only what is committed to the log (it answers sync
 * step 1, and its updates are what clients receive), `shadow` holds committed + in-flight updates and
 * is where each incoming update is first applied — that validates it and yields the exact diff it adds,
 * which is what gets stored, then applied to `doc` and relayed once the commit returns.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<RoomPeer>();
  /** Records stored since the last snapshot (drives background compaction). */
  pending: number;
  compacting = false;
  disposed = false;
  private shadow: Y.Doc;
  private capture: Uint8Array[] | null = null;
  /** Diffs in the shadow but not yet committed, in commit order. */
  private inflight: Uint8Array[] = [];
  private ackDue = new Set<RoomPeer>();
  private ackScheduled = false;
  /** Why the update being validated is refused (set by the shadow's afterTransaction). */
  private problem: string | null = null;
  /** Stored bytes of the room (snapshot + records at load, plus every diff committed since). */
  private bytes: number;
  /** Sync step 2 answers for the current version of `doc`, by state vector. */
  private replies = new Map<string, Uint8Array>();
  private resyncAt = new WeakMap<RoomPeer, number>();
  /** Peers whose updates left structs waiting for dependencies, checked again after a grace period. */
  private waiting = new Set<RoomPeer>();
  private waitTimer: NodeJS.Timeout | null = null;
  /** Whether the update just validated left new structs waiting for dependencies. */
  private addedPending = false;
  /** Authors whose changes could not be stored: asked for them again once writes work. */
  private owed = new Set<RoomPeer>();
  private storageNoticeAt = new WeakMap<RoomPeer, number>();
  /**
   * Highest seq of the room's records read from the store (at load, then by the cluster relay): records
   * committed by another instance after it are what the relay reads (sync/cluster-relay.ts).
   */
  lastSeq: number;

  constructor(
    readonly name: string,
    private readonly log: DurableLog,
    state: RoomState,
    private readonly hooks: { logger: Logger; onCommitted(room: Room): void; maxRoomBytes?: number },
    /** The document already built from `state` (sync/load-doc.ts builds it without blocking the loop). */
    prepared?: Y.Doc,
  ) {
    const parts = state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
    this.doc = prepared ?? new Y.Doc();
    if (!prepared) applyAll(this.doc, parts, COMMITTED);
    this.bytes = parts.reduce((n, p) => n + p.byteLength, 0);
    this.pending = state.updates.length;
    this.lastSeq = state.lastSeq;
    this.shadow = this.newShadow();
    this.doc.on('update', this.onDocUpdate);
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwareness);
  }

  /** True while updates of this room wait for their commit. */
  get busy(): boolean {
    return this.inflight.length > 0;
  }

  /**
   * Validates an update and queues it for the durable log; once committed it is applied to `doc` and
   * relayed to every other peer. Throws InvalidUpdateError synchronously on bad input. Resolves at
   * commit (immediately when the update adds nothing); rejects if the commit fails.
   */
  submit(update: Uint8Array, sub: string, origin: RoomPeer | null): Promise<void> {
    const failing = this.log.failureReason;
    // While writes fail nothing new is taken in (a disk-full server once made its clients reconnect and
    // resend 22 times in 5 s): the author is told, keeps the change, and is asked for it on recovery.
    if (failing !== null && !this.contains(update)) {
      if (!origin) throw new RefusedUpdateError(failing);
      this.owe(origin, failing);
      return Promise.resolve();
    }
    let diff: Uint8Array | null;
    try {
      diff = this.validate(update);
    } catch (err) {
      if (!(err instanceof RefusedUpdateError) || !origin) throw err;
      this.refuse(origin, err);
      return Promise.resolve();
    }
    if (origin && this.addedPending) this.watchPending(origin);
    if (!diff) {
      if (origin?.ack) this.ackAfterInflight(origin);
      return Promise.resolve();
    }
    this.inflight.push(diff);
    return new Promise((resolve, reject) => {
      this.log.enqueue({
        room: this.name,
        sub,
        at: Date.now(),
        update: diff,
        onCommitted: () => {
          this.dropInflight(diff);
          this.pending++;
          this.bytes += diff.byteLength;
          try {
            Y.applyUpdate(this.doc, diff, COMMITTED);
          } catch (err) {
            // Cannot happen for a diff the shadow produced; if it does, say so loudly.
            this.hooks.logger.error({ err, room: this.name }, 'aggiornamento salvato ma non applicabile al documento');
          }
          this.broadcast(updateMessage(diff), origin);
          if (origin?.ack) this.ackDue.add(origin);
          this.scheduleAcks();
          this.hooks.onCommitted(this);
          resolve();
        },
        onFailed: (err) => {
          this.dropInflight(diff);
          this.rebuildShadow();
          // The author still has the change: it is told, and asked for it again once writes work
          // (closing made its client reconnect and resend in a tight loop while the disk stayed full).
          if (origin) this.owe(origin, this.log.failureReason ?? REASON_STORAGE_FAILED, true);
          reject(err);
        },
      });
    });
  }

  /**
   * Records another instance committed (read from the store, oldest first): applied to `doc` and the
   * shadow and relayed to every peer, as a local commit is. Records already read, or whose content the
   * room already holds (this instance's own commits), are skipped.
   */
  applyCommitted(records: ReadonlyArray<{ seq: number; update: Uint8Array }>): void {
    for (const r of records) {
      if (r.seq <= this.lastSeq) continue;
      this.lastSeq = r.seq;
      if (this.contains(r.update)) continue;
      Y.applyUpdate(this.doc, r.update, COMMITTED);
      try {
        Y.applyUpdate(this.shadow, r.update);
      } catch {
        this.rebuildShadow();
      }
      this.pending++;
      this.bytes += r.update.byteLength;
      this.broadcast(updateMessage(r.update), null);
      this.hooks.onCommitted(this);
    }
  }

  /**
   * Whether `doc` already contains everything in `update` (a read-only client's harmless sync step 2).
   * O(update): a viewer flooding tiny updates no longer costs a whole-document snapshot each.
   */
  contains(update: Uint8Array): boolean {
    try {
      return docContainsUpdate(this.doc, update);
    } catch {
      throw new InvalidUpdateError();
    }
  }

  /** The sync step 2 answering a client's state vector, encoded once per version of the room. */
  syncStep2(stateVector: Uint8Array): Uint8Array {
    const key = Buffer.from(stateVector.buffer, stateVector.byteOffset, stateVector.byteLength).toString('base64');
    let reply = this.replies.get(key);
    if (!reply) {
      reply = syncStep2Message(this.doc, stateVector);
      if (this.replies.size >= REPLY_CACHE_SIZE) this.replies.clear();
      this.replies.set(key, reply);
    }
    return reply;
  }

  /** Bytes of structs waiting in the shadow for missing dependencies (bounded by MAX_PENDING_BYTES). */
  get pendingBytes(): number {
    return pendingBytes(this.shadow);
  }

  /** Stored bytes of the room (its size budget is checked against this). */
  get storedBytes(): number {
    return this.bytes;
  }

  applyAwareness(update: Uint8Array, peer: RoomPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  awarenessStates(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length === 0 ? null : awarenessMessage(this.awareness, ids);
  }

  addPeer(peer: RoomPeer): void {
    this.peers.add(peer);
  }

  removePeer(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    this.ackDue.delete(peer);
    this.owed.delete(peer);
    this.waiting.delete(peer);
    if (peer.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
  }

  /** Sends a save confirmation now (after the initial sync). */
  sendSaved(peer: RoomPeer): void {
    peer.send(savedMessage(this.doc));
  }

  dispose(): void {
    this.disposed = true;
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.awareness.destroy();
    this.doc.off('update', this.onDocUpdate);
    this.shadow.destroy();
  }

  private validate(update: Uint8Array): Uint8Array | null {
    try {
      // Decoding first rejects garbage without touching the shadow.
      Y.decodeUpdate(update);
    } catch {
      throw new InvalidUpdateError();
    }
    const max = this.hooks.maxRoomBytes ?? DEFAULT_MAX_ROOM_BYTES;
    // A reconnecting client's sync step 2 may repeat what the room holds: that is no growth.
    if (this.bytes + update.byteLength > max && !this.contains(update)) {
      throw new RefusedUpdateError(
        `${REASON_TOO_LARGE}: la stanza ${this.name} ha raggiunto ${mib(this.bytes)} (al massimo ${mib(max)}); modifica non salvata`,
      );
    }
    const captured: Uint8Array[] = [];
    const pendingBefore = pendingBytes(this.shadow);
    this.addedPending = false;
    this.capture = captured;
    this.problem = null;
    try {
      Y.applyUpdate(this.shadow, update);
    } catch {
      // A failed apply may leave the shadow half-integrated: rebuild it from what is known good.
      this.capture = null;
      this.rebuildShadow();
      throw new InvalidUpdateError();
    } finally {
      this.capture = null;
    }
    const problem = this.problem;
    this.problem = null;
    const pendingAfter = pendingBytes(this.shadow);
    if (problem || pendingAfter > MAX_PENDING_BYTES) {
      // Nothing of it is stored; the shadow goes back to what is committed or in flight (this also
      // drops the pending structs, which would otherwise pile up in memory without bound).
      this.rebuildShadow();
      if (problem) throw new RefusedUpdateError(`${REASON_FOREIGN_CONTENT}: ${problem}; modifica non salvata`);
      throw new RefusedUpdateError(REASON_RESYNC, true);
    }
    // Only this update's author is watched: structs another client left waiting are not its concern.
    this.addedPending = pendingAfter > pendingBefore;
    if (captured.length === 0) return null;
    return captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
  }

  private newShadow(): Y.Doc {
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
    for (const d of this.inflight) Y.applyUpdate(shadow, d);
    shadow.on('update', (u: Uint8Array) => this.capture?.push(u));
    shadow.on('afterTransaction', (tr: Y.Transaction) => {
      if (this.capture && this.problem === null) this.problem = transactionProblem(tr);
    });
    return shadow;
  }

  private rebuildShadow(): void {
    const old = this.shadow;
    this.shadow = this.newShadow();
    old.destroy();
  }

  /** Once writes work again: every author whose changes were not stored sends them again (sync step 2). */
  resyncOwed(): void {
    const msg = syncStep1Message(this.doc);
    for (const p of this.owed) if (this.peers.has(p)) p.send(msg);
    this.owed.clear();
  }

  private owe(peer: RoomPeer, reason: string, always = false): void {
    this.owed.add(peer);
    const now = Date.now();
    if (!always && now - (this.storageNoticeAt.get(peer) ?? 0) < STORAGE_NOTICE_MS) return;
    this.storageNoticeAt.set(peer, now);
    peer.send(permissionDeniedMessage(reason));
  }

  /** Tells the author why its update was not stored; asks for a full sync when it missed dependencies. */
  private refuse(peer: RoomPeer, err: RefusedUpdateError): void {
    this.hooks.logger.warn({ room: this.name, reason: err.reason }, 'aggiornamento rifiutato');
    rejectedCounter.inc({ reason: err.resync ? 'resync' : 'refused' });
    peer.send(permissionDeniedMessage(err.reason));
    if (!err.resync) return;
    const now = Date.now();
    if (now - (this.resyncAt.get(peer) ?? 0) < RESYNC_EVERY_MS) return;
    this.resyncAt.set(peer, now);
    // y-websocket answers a sync step 1 with a step 2 of everything the server lacks.
    peer.send(syncStep1Message(this.doc));
  }

  /**
   * An update that waits for dependencies is normal for a moment (an edit that overtakes the sync step 2
   * it depends on); still waiting after the grace period, it will never apply on its own (its author
   * lacks them too, e.g. after a refused update): the author is told and asked to resync, never left
   * believing it was stored.
   */
  private watchPending(peer: RoomPeer): void {
    this.waiting.add(peer);
    if (this.waitTimer) return;
    this.waitTimer = setTimeout(() => {
      this.waitTimer = null;
      const peers = [...this.waiting];
      this.waiting.clear();
      if (this.disposed || pendingBytes(this.shadow) === 0) return;
      for (const p of peers) if (this.peers.has(p)) this.refuse(p, new RefusedUpdateError(REASON_RESYNC, true));
    }, PENDING_GRACE_MS);
    this.waitTimer.unref();
  }

  private dropInflight(diff: Uint8Array): void {
    const i = this.inflight.indexOf(diff);
    if (i >= 0) this.inflight.splice(i, 1);
  }

  /** An ack=1 peer sent nothing new: confirm once whatever is in flight has committed. */
  private ackAfterInflight(peer: RoomPeer): void {
    if (this.inflight.length === 0) peer.send(savedMessage(this.doc));
    else this.ackDue.add(peer);
  }

  private scheduleAcks(): void {
    if (this.ackScheduled || this.ackDue.size === 0) return;
    this.ackScheduled = true;
    // Runs after the whole commit batch has been applied: one confirmation per peer per batch.
    queueMicrotask(() => {
      this.ackScheduled = false;
      if (this.ackDue.size === 0 || this.disposed) return;
      const msg = savedMessage(this.doc);
      for (const p of this.ackDue) p.send(msg);
      this.ackDue.clear();
    });
  }

  private broadcast(message: Uint8Array, except: RoomPeer | null): void {
    for (const p of this.peers) if (p !== except) p.send(message);
  }

  /**
   * Server code that writes the live document directly (instead of RoomService.applyUpdate) still gets
   * its change stored; it is relayed only after the commit.
   */
  private onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.replies.clear();
    if (origin === COMMITTED) return;
    this.hooks.logger.warn({ room: this.name }, 'modifica diretta del documento: salvata dopo, usare applyUpdate');
    try {
      Y.applyUpdate(this.shadow, update);
    } catch {
      this.rebuildShadow();
    }
    this.log.enqueue({
      room: this.name,
      sub: SERVER_SUB,
      at: Date.now(),
      update,
      onCommitted: () => {
        this.pending++;
        this.broadcast(updateMessage(update), null);
        this.scheduleAcks();
        this.hooks.onCommitted(this);
      },
      onFailed: () => {},
    });
  };

  private onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const peer = origin && this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : null;
    if (peer) {
      for (const id of added) peer.awarenessIds.add(id);
      for (const id of updated) peer.awarenessIds.add(id);
      for (const id of removed) peer.awarenessIds.delete(id);
    }
    this.broadcast(awarenessMessage(this.awareness, changed), peer);
  };
}

function mib(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Bytes of structs and deletions the document holds until their dependencies arrive. */
function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store;
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}
