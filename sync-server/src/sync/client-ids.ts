import * as Y from 'yjs';
import type { DurableLog, LogEntry } from '../storage/durable-log';
import type { Storage } from '../storage/types';

/** Log records read per step when rebuilding a room's table. */
const HISTORY_PAGE = 2_000;

/** One room's Yjs client ids and the principal (`sub`) that first wrote structs under each. */
interface RoomOwners {
  owners: Map<number, string>;
  /** Highest history seq already read into `owners`. */
  seq: number;
  /** The history read in progress, if any (one per room at a time). */
  reading: Promise<void> | null;
  /** The whole history was read once; only a store other processes append to can have more since. */
  read: boolean;
}

/**
 * Binds Yjs client ids to principals ("Saved can lie", issue 14 item 3). A Yjs update identifies its
 * structs by (client id, clock); a writer who reuses another user's client id can occupy clocks the
 * other user's offline edits will later need, and those edits are then dropped as already known while
 * the victim's state vector says they are stored. The owner of a client id is the `sub` of the first
 * stored record with structs under it — derivable from the durable log, where every record keeps its
 * `sub` (`Y.parseUpdateMeta` lists the client ids of a record's structs without integrating it). The
 * table is read from the log once per room and then kept current from every record enqueued to it
 * (connections, imports, server code), and — on a store other processes append to (`subscribe`) —
 * from records they appended meanwhile (`ready` reads the log again from the last seq seen).
 *
 * Deleting or changing another user's content is ordinary editing (delete sets and new structs of the
 * editor's own id): only the creation of structs under a foreign id is refused.
 */
export class ClientIdRegistry {
  private readonly rooms = new Map<string, RoomOwners>();

  constructor(private readonly storage: Pick<Storage, 'history' | 'subscribe'>) {}

  /** Makes the registry learn from every record enqueued to `log` (whoever enqueues it). */
  observe(log: DurableLog): void {
    const enqueue = log.enqueue.bind(log);
    // Wrapping the instance keeps the log and the room code unaware of this table.
    log.enqueue = (entry: LogEntry) => {
      this.learn(entry.room, entry.update, entry.sub);
      enqueue(entry);
    };
  }

  /** Resolves once every record stored for `room` so far is in the table. */
  ready(room: string): Promise<void> {
    const r = this.entry(room);
    if (r.reading) return r.reading;
    // After the first read every record this process stores passes through `observe`; reading the log
    // again on each connection cost 100 connections to one cold room 19 history scans (issue 14 item
    // 10). Only a store shared with other processes (`subscribe`: PostgreSQL) can have records this
    // process did not see, so only there is the log read again from the last seq seen.
    if (r.read && !this.storage.subscribe) return Promise.resolve();
    r.reading = this.readHistory(room, r)
      .then(() => void (r.read = true))
      .finally(() => (r.reading = null));
    return r.reading;
  }

  /** The principal that owns `client` in `room`, if any. */
  ownerOf(room: string, client: number): string | undefined {
    return this.entry(room).owners.get(client);
  }

  /**
   * Whether another principal than `sub` owns `client` in any room of the plan `planPrefix`
   * (`ente/triennio/`). Presence lists the document client ids of a user's open rooms so that the pane
   * can name the author of a change: an id owned by someone else there would misattribute their edits.
   */
  ownedByOtherInPlan(planPrefix: string, client: number, sub: string): boolean {
    for (const [room, r] of this.rooms) {
      if (!room.startsWith(planPrefix)) continue;
      const owner = r.owners.get(client);
      if (owner !== undefined && owner !== sub) return true;
    }
    return false;
  }

  /** Claims `client` for `sub` when nobody owns it; returns the owner afterwards. */
  claim(room: string, client: number, sub: string): string {
    const owners = this.entry(room).owners;
    const owner = owners.get(client);
    if (owner !== undefined) return owner;
    owners.set(client, sub);
    return sub;
  }

  /**
   * Client ids under which `update` creates structs that `doc` (the committed state) lacks and that
   * another principal owns. When there are none, the new ids are claimed for `sub` at once (so two
   * writers racing for one id before either commits cannot both win). Throws on an undecodable update.
   */
  foreignClients(room: string, update: Uint8Array, sub: string, doc: Y.Doc): number[] {
    const { to } = Y.parseUpdateMeta(update);
    const owners = this.entry(room).owners;
    const foreign: number[] = [];
    const fresh: number[] = [];
    for (const [client, end] of to) {
      // Structs the room already holds are duplicates, not writes (a client's sync step 2 may carry them).
      if (end <= Y.getState(doc.store, client)) continue;
      const owner = owners.get(client);
      if (owner === undefined) fresh.push(client);
      else if (owner !== sub) foreign.push(client);
    }
    if (foreign.length === 0) for (const c of fresh) owners.set(c, sub);
    return foreign;
  }

  private learn(room: string, update: Uint8Array, sub: string): void {
    let to: Map<number, number>;
    try {
      ({ to } = Y.parseUpdateMeta(update));
    } catch {
      return; // Records reaching the log were validated; nothing to learn from one that is not.
    }
    const owners = this.entry(room).owners;
    for (const client of to.keys()) if (!owners.has(client)) owners.set(client, sub);
  }

  private entry(room: string): RoomOwners {
    let r = this.rooms.get(room);
    if (!r) {
      r = { owners: new Map(), seq: 0, reading: null, read: false };
      this.rooms.set(room, r);
    }
    return r;
  }

  private async readHistory(room: string, r: RoomOwners): Promise<void> {
    // Records come oldest first: the first writer of an id is the one that stays its owner. Read in
    // pages with a turn of the event loop between them: 50,000 records take most of a second, which
    // must not stall every other room (and the health check) in one block.
    for (;;) {
      const entries = await this.storage.history({ roomPrefix: room, sinceSeq: r.seq, limit: HISTORY_PAGE });
      for (const e of entries) {
        if (e.seq > r.seq) r.seq = e.seq;
        if (e.room === room) this.learn(room, e.update, e.sub);
      }
      if (entries.length < HISTORY_PAGE) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
