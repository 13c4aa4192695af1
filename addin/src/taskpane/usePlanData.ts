import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { readPlanData, settingsFrom } from '@piao/shared/doc/plan-data';
import { readRecord } from '@piao/shared/doc/rows';
import type { PlanSettings } from '@piao/shared/schema/types';
import { validatePlan } from '@piao/shared/validate/index';
import type { Issue } from '@piao/shared/validate/issue';
import type { PlanSession } from '../sync/plan-session';
import type { PiaoApi } from './api';
import { mergeIssues } from './issues-model';

/** A counter that moves (at most every `delayMs`) whenever a document of an open room changes. */
export function useSessionVersion(session: PlanSession | null, rooms: readonly string[], delayMs = 200): number {
  const [v, setV] = useState(0);
  const key = rooms.join('|');
  useEffect(() => {
    if (!session) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on = () => {
      if (timer === null) timer = setTimeout(() => ((timer = null), setV((x) => x + 1)), delayMs);
    };
    const docs = rooms.map((r) => session.get(r)?.doc).filter((d): d is Y.Doc => !!d);
    for (const d of docs) d.on('update', on);
    setV((x) => x + 1);
    return () => {
      for (const d of docs) d.off('update', on);
      if (timer !== null) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `rooms`
  }, [session, key, delayMs]);
  return v;
}

/** Rooms whose local copy can be validated: synced with the server once, or loaded with content offline. */
export function trustedRooms(session: PlanSession | null, rooms: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const r of rooms) {
    const c = session?.get(r);
    if (!c) continue;
    const st = c.status;
    if (st.everSynced || (st.localLoaded && c.doc.share.size > 0)) out.add(r);
  }
  return out;
}

export interface PlanIssues {
  issues: Issue[];
  source: 'live' | 'server';
  settings: PlanSettings;
}

/**
 * The plan's issues: validated live in the pane over the rooms it has, completed with the server's list
 * (refreshed after the server confirms a save, and every 30 s) for what the pane cannot see.
 */
export function usePlanIssues(args: {
  session: PlanSession | null;
  api: PiaoApi;
  ente: string;
  triennio: string;
  rooms: readonly string[];
  sectorIds: readonly string[];
  version: number;
  saved: boolean;
}): PlanIssues {
  const { session, api, ente, triennio, rooms, sectorIds, version, saved } = args;
  const [server, setServer] = useState<Issue[] | null>(null);

  useEffect(() => {
    let stop = false;
    const load = () =>
      api.issues(ente, triennio).then(
        (list) => !stop && setServer(list),
        () => undefined, // offline or refused: the live list stands alone
      );
    const first = setTimeout(load, saved ? 600 : 0);
    const every = setInterval(load, 30_000);
    return () => {
      stop = true;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [api, ente, triennio, saved]);

  return useMemo(() => {
    const planDoc = session?.plan.doc;
    const settings = planDoc ? settingsFrom(readRecord(planDoc, 'impostazioni')) : settingsFrom(undefined);
    const trusted = trustedRooms(session, rooms);
    if (!session || !planDoc || !trusted.has(PLAN_ROOM)) return { issues: server ?? [], source: 'server' as const, settings };
    let live: Issue[] = [];
    try {
      live = validatePlan(readPlanData(ente, triennio, planDoc, (id) => (trusted.has(id) ? session.sectorDoc(id) : undefined)));
    } catch {
      return { issues: server ?? [], source: 'server' as const, settings };
    }
    const allOpen = sectorIds.every((id) => trusted.has(id));
    return { issues: mergeIssues(live, server, trusted, allOpen), source: 'live' as const, settings };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` stands for the documents' content
  }, [session, server, ente, triennio, rooms.join('|'), sectorIds.join('|'), version]);
}
