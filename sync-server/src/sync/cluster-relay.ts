import type { Logger } from 'pino';
import type { PresenceChannel, Storage } from '../storage/types';
import { PresenceRelay } from './presence-relay';
import type { RoomManager } from './rooms';

/**
 * Relays to this instance's clients the records other instances commit to the same store (PostgreSQL).
 * A notice (room, seq) only wakes the room up: its records after the room's last read seq are read
 * back from the store, in seq order (= commit order within a room, see storage/postgres.ts), so folded
 * or lost notices lose nothing that a later notice or a reload does not bring. Rooms not in memory are
 * skipped: they load from the store when needed. Work for one room runs one notice at a time.
 */
export class ClusterRelay {
  private stop: (() => Promise<void>) | null = null;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly queued = new Set<string>();
  private presence: PresenceRelay | null = null;

  constructor(
    private readonly storage: Storage & Partial<PresenceChannel>,
    private readonly rooms: RoomManager,
    private readonly logger: Logger,
  ) {}

  /** Starts listening; false when the store tells nobody about other instances (SQLite). */
  async start(): Promise<boolean> {
    if (!this.storage.subscribe || !this.storage.loadAfter) return false;
    this.stop = await this.storage.subscribe(
      (n) => this.wake(n.room),
      // Notices were lost while the listening connection was down: every room in memory catches up.
      () => {
        for (const name of this.rooms.loadedRooms()) this.wake(name);
      },
    );
    // Presence too, when the store can carry it (PostgreSQL NOTIFY): see presence-relay.ts.
    const { publishPresence, subscribePresence } = this.storage;
    if (publishPresence && subscribePresence) {
      this.presence = new PresenceRelay({ publishPresence: publishPresence.bind(this.storage), subscribePresence: subscribePresence.bind(this.storage) }, this.rooms, this.logger);
      await this.presence.start();
    }
    return true;
  }

  private wake(name: string): void {
    const pending = this.rooms.ifLoaded(name);
    if (!pending) return;
    // A read already waiting to start will see these records too: notices of a burst make one read.
    if (this.queued.has(name)) return;
    this.queued.add(name);
    const prev = this.chains.get(name) ?? Promise.resolve();
    const next = prev
      .then(async () => {
        this.queued.delete(name);
        const room = await pending;
        if (room.disposed) return;
        const records = await this.storage.loadAfter!(name, room.lastSeq);
        room.applyCommitted(records);
      })
      .catch((err: unknown) => this.logger.error({ err, room: name }, 'aggiornamento di un altra istanza non inoltrato'));
    this.chains.set(name, next);
    void next.finally(() => {
      if (this.chains.get(name) === next) this.chains.delete(name);
    });
  }

  async close(): Promise<void> {
    const stop = this.stop;
    this.stop = null;
    if (stop) await stop();
    await this.presence?.close();
    await Promise.all(this.chains.values());
  }
}
