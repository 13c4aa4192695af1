import * as Y from 'yjs';
import { applyAll } from '../storage/merge';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from 'pino';
import type { DurableLog } from '../storage/durable-log';
import type { RoomState } from '../storage/types';
import { awarenessMessage, savedMessage, updateMessage } from './protocol';

/** A client update the server refuses to store (malformed, or one Yjs cannot apply). */
export class InvalidUpdateError extends Error {
  constructor(message = 'aggiornamento Yjs non valido') {
    super(message);
    this.name = 'InvalidUpdateError';
  }
}

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

  constructor(
    readonly name: string,
    private readonly log: DurableLog,
    state: RoomState,
    private readonly hooks: { logger: Logger; onCommitted(room: Room): void },
  ) {
    this.doc = new Y.Doc();
    const parts = state.snapshot ? [state.snapshot, ...state.updates] : state.updates;
    applyAll(this.doc, parts, COMMITTED);
    this.pending = state.updates.length;
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
    const diff = this.validate(update);
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
          // The author still has the change: closing makes its client reconnect and send it again.
          origin?.close(1011, 'salvataggio non riuscito, riprovare');
          reject(err);
        },
      });
    });
  }

  /** Whether `doc` already contains everything in `update` (a read-only client's harmless sync step 2). */
  contains(update: Uint8Array): boolean {
    try {
      return Y.snapshotContainsUpdate(Y.snapshot(this.doc), update);
    } catch {
      throw new InvalidUpdateError();
    }
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
    if (peer.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
  }

  /** Sends a save confirmation now (after the initial sync). */
  sendSaved(peer: RoomPeer): void {
    peer.send(savedMessage(this.doc));
  }

  dispose(): void {
    this.disposed = true;
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
    const captured: Uint8Array[] = [];
    this.capture = captured;
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
    if (captured.length === 0) return null;
    return captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured);
  }

  private newShadow(): Y.Doc {
    const shadow = new Y.Doc();
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc));
    for (const d of this.inflight) Y.applyUpdate(shadow, d);
    shadow.on('update', (u: Uint8Array) => this.capture?.push(u));
    return shadow;
  }

  private rebuildShadow(): void {
    const old = this.shadow;
    this.shadow = this.newShadow();
    old.destroy();
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
