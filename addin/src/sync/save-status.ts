import * as Y from 'yjs';

/**
 * Whether the server has stored everything this client has: the "Salvato sul server" badge is shown
 * only when every clock of the local state vector is covered by the state vector the server reported
 * after committing to its database (design.md §4: stored before broadcast).
 */
export function isCoveredBy(local: ReadonlyMap<number, number>, server: ReadonlyMap<number, number>): boolean {
  for (const [client, clock] of local) {
    if (clock > (server.get(client) ?? 0)) return false;
  }
  return true;
}

/** Raises `into` to the clocks of `from` (state vectors only grow). */
export function mergeStateVector(into: Map<number, number>, from: ReadonlyMap<number, number>): void {
  for (const [client, clock] of from) if (clock > (into.get(client) ?? 0)) into.set(client, clock);
}

/** Same as {@link isCoveredBy} on encoded state vectors (`Y.encodeStateVector`). */
export function isSavedOnServer(localSv: Uint8Array, serverSv: Uint8Array | null): boolean {
  if (!serverSv) return false;
  return isCoveredBy(Y.decodeStateVector(localSv), Y.decodeStateVector(serverSv));
}

/** The states of the sync badge; `expired`: the sign-in no longer holds, edits wait on this device. */
export type SyncState = 'expired' | 'offline' | 'syncing' | 'saved';

export interface RoomSyncFacts {
  /** The WebSocket is open. */
  connected: boolean;
  /** The first sync exchange with the server completed on this connection. */
  synced: boolean;
  /** The server's last confirmed state vector covers the local one. */
  saved: boolean;
}

export function roomSyncState(f: RoomSyncFacts): SyncState {
  if (!f.connected) return 'offline';
  return f.synced && f.saved ? 'saved' : 'syncing';
}

/** One badge for several rooms: the worst of them (expired < offline < syncing < saved). */
export function combineSyncStates(states: readonly SyncState[]): SyncState {
  if (states.length === 0) return 'offline';
  if (states.includes('expired')) return 'expired';
  if (states.includes('offline')) return 'offline';
  if (states.includes('syncing')) return 'syncing';
  return 'saved';
}
