import { useEffect, useRef, useState } from 'react';
import type { PiaoApi } from './api';
import { refreshDelay, tokenHints } from './auth';

/** Longest delay a browser timer accepts (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
const RETRY_MS = 60_000;

/**
 * Renews the sign-in token while the pane is open (at three quarters of its lifetime), so a long session
 * does not end in "Accesso scaduto". A failed renewal (offline) is retried every minute; once the token
 * has expired the pane's expired-sign-in flow takes over.
 */
export function useTokenRefresh(api: PiaoApi | null, token: string | null, onToken: (token: string) => void): void {
  const onTokenRef = useRef(onToken);
  onTokenRef.current = onToken;
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!api || !token) return;
    const hints = tokenHints(token);
    const delay = refreshDelay(hints, Date.now());
    if (delay === null) return;
    let stop = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const timer = setTimeout(() => {
      api.refreshToken().then(
        (r) => !stop && onTokenRef.current(r.token),
        () => {
          if (!stop && hints.exp !== null && Date.now() + RETRY_MS < hints.exp * 1000) retry = setTimeout(() => setAttempt((a) => a + 1), RETRY_MS);
        },
      );
    }, Math.min(delay, MAX_TIMER_MS));
    return () => {
      stop = true;
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, [api, token, attempt]);
}
