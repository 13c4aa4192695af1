import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as awarenessProtocol from 'y-protocols/awareness';
import type { Principal } from '../context';
import type { ClientIdRegistry } from './client-ids';

/**
 * Presence entries one connection may own. A stock y-websocket client publishes exactly one (its
 * awareness clientID); a little slack, and no more: 20,000 entries from one socket were once relayed
 * to everyone.
 */
export const MAX_PRESENCE_IDS = 2;
/** Largest JSON state of one presence entry (the pane's is about 150 bytes). */
export const MAX_PRESENCE_STATE_BYTES = 4 * 1024;
/** Document client ids one presence state may list (one per open room of the plan; rooms are few). */
export const MAX_LISTED_CLIENTS = 64;
/** A client-chosen colour is kept when it looks like one. */
const COLOR = /^#[0-9a-fA-F]{3,8}$/;

/** The room a guard works in: its name (for client-id ownership) and its awareness. */
export interface PresenceRoom {
  readonly name: string;
  readonly awareness: awarenessProtocol.Awareness;
}

/** Claims of presence ids in each room, by the guard (one per connection) that owns them. */
const claimsByRoom = new WeakMap<PresenceRoom, Map<number, PresenceGuard>>();

export class MalformedPresenceError extends Error {}

interface Entry {
  id: number;
  clock: number;
  state: unknown;
}

/**
 * Polices what one connection publishes as presence (issue 14, item 2). The y-protocols awareness
 * message is a list of (clientID, clock, JSON state)
 * (https://github.com/yjs/y-protocols/blob/master/awareness.js, encodeAwarenessUpdate) and the stock
 * server applies it as is, so anyone could publish any name or `sub`, or take over another client's
 * entry with a higher clock. Here:
 * - a connection owns the ids it announced first, up to {@link MAX_PRESENCE_IDS}; entries for ids owned
 *   by another connection are dropped — stock clients echo everyone's presence back (y-websocket
 *   broadcasts every awareness change, remote ones included), so this is routine, not an attack. Only
 *   the same user may take an id over (a reconnect while the old socket is not yet closed);
 * - an id that is a Yjs client id another user wrote document structs under is never granted, and a
 *   granted id is claimed for this user in the document too: presence reveals client ids, and must
 *   not be a way to reserve or take someone's;
 * - the `user` field of every state is set from the token (sub, name, role; the colour is kept);
 * - states larger than {@link MAX_PRESENCE_STATE_BYTES} are dropped.
 */
export class PresenceGuard {
  /** Presence ids this connection owns. */
  readonly ids = new Set<number>();

  constructor(
    private readonly room: PresenceRoom,
    readonly principal: Principal,
    /** The connection's own record of its ids (the room removes those states when it leaves). */
    private readonly peerIds: Set<number>,
    private readonly clientIds?: ClientIdRegistry,
  ) {}

  /** The part of an awareness update this connection may publish, re-encoded; null when nothing is left. */
  filter(update: Uint8Array): Uint8Array | null {
    const kept: Entry[] = [];
    for (const e of decode(update)) {
      const entry = this.admit(e);
      if (entry) kept.push(entry);
    }
    return kept.length === 0 ? null : encode(kept);
  }

  /** Gives up every claim (the connection closed). */
  release(): void {
    const claims = claimsByRoom.get(this.room);
    for (const id of this.ids) if (claims?.get(id) === this) claims.delete(id);
    this.ids.clear();
  }

  private admit(e: Entry): Entry | null {
    if (e.state !== null && (typeof e.state !== 'object' || Array.isArray(e.state))) return null;
    if (!this.wouldApply(e)) return null;
    const claims = this.claims();
    const owner = claims.get(e.id);
    if (owner !== this) {
      if (e.state === null) return null;
      if (owner !== undefined) {
        if (owner.principal.sub !== this.principal.sub || this.ids.size >= MAX_PRESENCE_IDS) return null;
        // The same user from a new connection (the old socket has not noticed it is gone yet).
        owner.ids.delete(e.id);
        owner.peerIds.delete(e.id);
      } else {
        if (this.ids.size >= MAX_PRESENCE_IDS) return null;
        const docOwner = this.clientIds?.claim(this.room.name, e.id, this.principal.sub) ?? this.principal.sub;
        if (docOwner !== this.principal.sub) return null;
      }
      claims.set(e.id, this);
      this.ids.add(e.id);
    }
    if (e.state === null) return e;
    const raw = e.state as Record<string, unknown>;
    const state: Record<string, unknown> = { ...raw, user: this.user(raw.user) };
    if ('clients' in raw) state.clients = this.ownClients(raw.clients);
    if (JSON.stringify(state).length > MAX_PRESENCE_STATE_BYTES) return null;
    return { ...e, state };
  }

  /** The identity shown for this connection: always the token's, whatever the client wrote. */
  private user(claimed: unknown): Record<string, unknown> {
    const color = claimed && typeof claimed === 'object' ? (claimed as Record<string, unknown>).color : undefined;
    const { sub, name, role } = this.principal;
    return typeof color === 'string' && COLOR.test(color) ? { sub, name, role, color } : { sub, name, role };
  }

  /**
   * The document client ids a state may list (the pane names the author of a change by them): numbers
   * only, at most {@link MAX_LISTED_CLIENTS}, and never an id another user wrote under in this plan.
   */
  private ownClients(listed: unknown): number[] {
    if (!Array.isArray(listed)) return [];
    const plan = this.room.name.split('/').slice(0, 2).join('/') + '/';
    const ids = listed.filter((c): c is number => Number.isSafeInteger(c) && c >= 0).slice(0, MAX_LISTED_CLIENTS);
    return ids.filter((c) => !this.clientIds?.ownedByOtherInPlan(plan, c, this.principal.sub));
  }

  /** Same test as y-protocols' applyAwarenessUpdate: older clocks (echoes of past states) change nothing. */
  private wouldApply(e: Entry): boolean {
    const clock = this.room.awareness.meta.get(e.id)?.clock ?? 0;
    return clock < e.clock || (clock === e.clock && e.state === null && this.room.awareness.states.has(e.id));
  }

  private claims(): Map<number, PresenceGuard> {
    let claims = claimsByRoom.get(this.room);
    if (!claims) {
      claims = new Map();
      claimsByRoom.set(this.room, claims);
    }
    return claims;
  }
}

function decode(update: Uint8Array): Entry[] {
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    const out: Entry[] = [];
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const json = decoding.readVarString(d);
      // Oversized states are skipped before parsing: a 1 MiB state costs nothing but its read.
      out.push({ id, clock, state: json.length > MAX_PRESENCE_STATE_BYTES ? undefined : JSON.parse(json) });
    }
    if (decoding.hasContent(d)) throw new Error('dati in eccesso');
    return out;
  } catch {
    throw new MalformedPresenceError('messaggio di presenza non valido');
  }
}

function encode(entries: Entry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.id);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, JSON.stringify(x.state));
  }
  return encoding.toUint8Array(e);
}
