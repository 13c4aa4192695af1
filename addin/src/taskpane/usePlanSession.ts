import { useEffect, useRef, useState } from 'react';
import { PlanSession } from '../sync/plan-session';
import { ApiError, type PiaoApi, type PlanInfo } from './api';
import { tokenExpiry, tokenHints } from './auth';

/** The sync endpoint on the pane's own origin (the server serves both). */
export function wsBase(): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

/** How often an offline session asks the API whether its token still holds. */
const PROBE_MS = 15_000;

/**
 * The plan's rooms for this sign-in: one session per plan, destroyed when the plan changes. A new token
 * for the same user (signing in again after "Accesso scaduto") is handed to the open session, so the
 * edits kept meanwhile go out with it.
 */
export function usePlanSession(info: PlanInfo, token: string): PlanSession | null {
  const [session, setSession] = useState<PlanSession | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  useEffect(() => {
    const t = tokenRef.current;
    const sess = new PlanSession({ serverUrl: wsBase(), ente: info.ente, triennio: info.triennio, token: t, tokenExp: tokenExpiry(t), cacheOwner: tokenHints(t).sub });
    setSession(sess);
    return () => sess.destroy();
  }, [info.ente, info.triennio]);
  const applied = useRef<{ session: PlanSession; token: string } | null>(null);
  useEffect(() => {
    if (!session) return;
    if (!applied.current || applied.current.session !== session) applied.current = { session, token: tokenRef.current };
    if (applied.current.token === token) return;
    applied.current = { session, token };
    session.renewToken(token, tokenExpiry(token));
  }, [session, token]);
  return session;
}

/**
 * A refused reconnect (HTTP 401 at the upgrade) reaches the browser only as a failed socket. While the
 * session is offline but the browser is online, ask the API: a 401/403 means the sign-in no longer
 * holds (revoked, or a clock too far off to notice the expiry), so the rooms stop and the badge says so.
 */
export function useSignInProbe(session: PlanSession | null, api: PiaoApi, offline: boolean): void {
  useEffect(() => {
    if (!session || !offline) return;
    let stop = false;
    const probe = () => {
      if (typeof navigator !== 'undefined' && navigator.onLine === false) return;
      api.listPlans().then(
        () => undefined,
        (err: unknown) => {
          if (!stop && err instanceof ApiError && (err.status === 401 || err.status === 403)) session.expire();
        },
      );
    };
    const first = setTimeout(probe, 3_000);
    const every = setInterval(probe, PROBE_MS);
    return () => {
      stop = true;
      clearTimeout(first);
      clearInterval(every);
    };
  }, [session, api, offline]);
}
