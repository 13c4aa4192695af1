import type { Logger } from 'pino';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { PresenceChannel } from '../storage/types';
import type { Room } from './room';
import type { RoomManager } from './rooms';

/** Origin of awareness changes that came from another instance: they are not sent back out. */
const RELAYED = Symbol('presenza da un altra istanza');
/**
 * Origin y-protocols gives to states it drops after 30 s without renewal
 * (https://github.com/yjs/y-protocols/blob/master/awareness.js, outdatedTimeout): every instance times
 * out on its own, so these are not relayed either.
 */
const TIMEOUT = 'timeout';

/**
 * Presence (awareness) across instances: what this instance's clients publish (already filtered by
 * their PresenceGuard, identity from their token) and their departures are sent to the other instances,
 * which apply them to the same room's awareness, so their clients see them like local ones. Changes
 * are coalesced: one send in flight at a time carrying the latest state of every id changed meanwhile,
 * so a presence flood costs at most one database connection and never queues up behind a slow database.
 * An instance that loads a room asks the others for their clients' states in it, so its first client
 * sees who is there at once rather than at their next renewal (y-protocols renews every 15 s).
 */
export class PresenceRelay {
  private stop: (() => Promise<void>) | null = null;
  /** Awareness ids changed per room since the last send. */
  private readonly dirty = new Map<Room, Set<number>>();
  /** Rooms just loaded here whose states the other instances are to be asked for. */
  private readonly asks = new Set<string>();
  private sending: Promise<void> | null = null;

  constructor(
    private readonly channel: PresenceChannel,
    private readonly rooms: RoomManager,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.rooms.onLoaded((room) => this.follow(room));
    this.stop = await this.channel.subscribePresence((name, update) => this.receive(name, update));
  }

  private follow(room: Room): void {
    this.asks.add(room.name);
    this.send();
    room.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === RELAYED || origin === TIMEOUT || room.disposed) return;
      this.mark(room, [...added, ...updated, ...removed]);
    });
  }

  private mark(room: Room, ids: readonly number[]): void {
    if (ids.length === 0) return;
    let dirty = this.dirty.get(room);
    if (!dirty) {
      dirty = new Set();
      this.dirty.set(room, dirty);
    }
    for (const id of ids) dirty.add(id);
    this.send();
  }

  private send(): void {
    if (this.sending || (this.dirty.size === 0 && this.asks.size === 0) || !this.stop) return;
    const notices: Array<{ room: string; update: Uint8Array | null }> = [...this.asks].map((room) => ({ room, update: null }));
    this.asks.clear();
    for (const [room, ids] of this.dirty) {
      if (room.disposed) continue;
      // The current state of each id (null once removed, with the clock removal set), one entry each.
      for (const id of ids) if (room.awareness.meta.has(id)) notices.push({ room: room.name, update: awarenessProtocol.encodeAwarenessUpdate(room.awareness, [id]) });
    }
    this.dirty.clear();
    if (notices.length === 0) return;
    this.sending = this.channel
      .publishPresence(notices)
      .then(
        (tooLarge) => {
          if (tooLarge > 0) this.logger.warn({ tooLarge }, 'presenza troppo grande per le altre istanze: mostrata solo su questa');
        },
        // Presence is not stored: lost while the database is down, renewed by clients afterwards.
        (err: unknown) => this.logger.debug({ err }, 'presenza non inoltrata alle altre istanze'),
      )
      .finally(() => {
        this.sending = null;
        this.send();
      });
  }

  private receive(name: string, update: Uint8Array | null): void {
    const pending = this.rooms.ifLoaded(name);
    // No room here means no client here to show it to.
    if (!pending) return;
    void pending.then(
      (room) => {
        if (room.disposed) return;
        // Another instance just loaded the room: the states of this instance's own clients go out again.
        if (update === null) return this.mark(room, [...room.peers].flatMap((p) => [...p.awarenessIds]));
        try {
          awarenessProtocol.applyAwarenessUpdate(room.awareness, update, RELAYED);
        } catch (err) {
          this.logger.warn({ err, room: name }, 'presenza illeggibile da un altra istanza');
        }
      },
      () => {},
    );
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = null;
    if (stop) await stop();
    await this.sending;
  }
}
