import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { RoomConnection, RoomStatus } from '../sync/room-connection';
import type { PlanSession } from '../sync/plan-session';
import type { SyncState } from '../sync/save-status';

/** Re-renders when a room's sync status changes. */
export function useRoomStatus(conn: RoomConnection | null): RoomStatus | null {
  const [status, setStatus] = useState<RoomStatus | null>(conn?.status ?? null);
  useEffect(() => {
    setStatus(conn?.status ?? null);
    return conn?.subscribe(setStatus);
  }, [conn]);
  return status;
}

/** The session's combined badge state and its open rooms, re-rendered on every change. */
export function useSessionState(session: PlanSession | null): { state: SyncState; rooms: string[] } {
  const read = () => ({ state: session?.syncState() ?? ('offline' as SyncState), rooms: session?.openRooms() ?? [] });
  const [s, setS] = useState(read);
  useEffect(() => {
    setS(read());
    if (!session) return;
    return session.subscribe(() => {
      const next = read();
      setS((prev) => (prev.state === next.state && prev.rooms.join() === next.rooms.join() ? prev : next));
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- read depends only on session
  }, [session]);
  return s;
}

/**
 * A counter that moves when any of the documents changes, at most every `delayMs` (a paste of a
 * thousand cells re-renders once, not a thousand times).
 */
export function useDocVersion(docs: ReadonlyArray<Y.Doc | undefined>, delayMs = 150): number {
  const [v, setV] = useState(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on = () => {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        setV((x) => x + 1);
      }, delayMs);
    };
    const live = docs.filter((d): d is Y.Doc => !!d);
    for (const d of live) d.on('update', on);
    setV((x) => x + 1);
    return () => {
      for (const d of live) d.off('update', on);
      if (timer !== null) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the identity of each doc is what matters
  }, [...docs, delayMs]);
  return v;
}
