import type * as Y from 'yjs';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { RoomConnection, type RoomConnectionOptions } from './room-connection';
import { combineSyncStates, type SyncState } from './save-status';

export type PlanSessionOptions = Omit<RoomConnectionOptions, 'room'>;

/**
 * The rooms of one plan the pane has open: always `_piano` (shared data, presence), plus every sector
 * the user has opened in this session — kept connected so live validation sees them and edits made
 * there keep syncing.
 */
export class PlanSession {
  readonly plan: RoomConnection;
  private readonly rooms = new Map<string, RoomConnection>();
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private opts: PlanSessionOptions) {
    this.plan = this.open(PLAN_ROOM);
  }

  /** Opens a room (idempotent). */
  open(room: string): RoomConnection {
    let conn = this.rooms.get(room);
    if (conn) return conn;
    conn = new RoomConnection({ ...this.opts, room });
    this.rooms.set(room, conn);
    this.unsubscribers.push(conn.subscribe(() => this.emit()));
    this.emit();
    return conn;
  }

  get(room: string): RoomConnection | undefined {
    return this.rooms.get(room);
  }

  /** Room ids open now (`_piano` first). */
  openRooms(): string[] {
    return [...this.rooms.keys()];
  }

  /** The document of an open sector room, for validation. */
  sectorDoc = (sectorId: string): Y.Doc | undefined => (sectorId === PLAN_ROOM ? undefined : this.rooms.get(sectorId)?.doc);

  /** One badge for every open room. */
  syncState(): SyncState {
    return combineSyncStates([...this.rooms.values()].map((r) => r.status.state));
  }

  /** The sign-in no longer holds (e.g. the API refused the token): every room stops and waits. */
  expire(): void {
    for (const r of this.rooms.values()) r.expire();
  }

  /** A new token for the same user: rooms opened from now on and every open room use it. */
  renewToken(token: string, tokenExp: number | null): void {
    this.opts = { ...this.opts, token, tokenExp };
    for (const r of this.rooms.values()) r.renewToken(token, tokenExp);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  destroy(): void {
    for (const u of this.unsubscribers) u();
    for (const r of this.rooms.values()) r.destroy();
    this.rooms.clear();
    this.listeners.clear();
  }
}
