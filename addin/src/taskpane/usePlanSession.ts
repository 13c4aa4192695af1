import { useEffect, useState } from 'react';
import { PlanSession } from '../sync/plan-session';
import type { PlanInfo } from './api';

/** The sync endpoint on the pane's own origin (the server serves both). */
export function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

/** The plan's rooms for this sign-in: one session per plan and token, destroyed when either changes. */
export function usePlanSession(info: PlanInfo, token: string): PlanSession | null {
  const [session, setSession] = useState<PlanSession | null>(null);
  useEffect(() => {
    const sess = new PlanSession({ serverUrl: wsBase(), ente: info.ente, triennio: info.triennio, token });
    setSession(sess);
    return () => sess.destroy();
  }, [info.ente, info.triennio, token]);
  return session;
}
