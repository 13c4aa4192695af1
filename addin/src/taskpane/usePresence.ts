import { useEffect, useState } from 'react';
import type { PlanSession } from '../sync/plan-session';
import type { Me } from './api';
import { colorFor, presenceEntries, type PresenceEntry, type PresenceState } from './presence';

/**
 * Publishes where this user is (sector, sheet, row) in the plan room's awareness, and returns everyone
 * connected to the plan.
 */
export function usePresence(session: PlanSession | null, me: Me, room: string, sheet: string, rowId: string | null): PresenceEntry[] {
  const [entries, setEntries] = useState<PresenceEntry[]>([]);

  useEffect(() => {
    if (!session) return;
    const awareness = session.plan.awareness;
    const read = () => setEntries(presenceEntries(awareness.getStates(), session.plan.doc.clientID));
    awareness.on('change', read);
    read();
    return () => awareness.off('change', read);
  }, [session]);

  useEffect(() => {
    if (!session) return;
    const clients = session.openRooms().flatMap((r) => session.get(r)?.doc.clientID ?? []);
    const state: PresenceState = { user: { sub: me.sub, name: me.name, color: colorFor(me.sub) }, sector: room, sheet, rowId, clients };
    session.plan.awareness.setLocalState(state);
  }, [session, me.sub, me.name, room, sheet, rowId]);

  return entries;
}
