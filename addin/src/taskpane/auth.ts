/** Where the sign-in token is remembered between visits (the pane reopens without the link). */
export const TOKEN_KEY = 'piao.token';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * The token inside what a user pastes: a whole sign-in link (`https://…/?token=…`) or the bare token.
 * Null when it is neither.
 */
export function tokenFromInput(input: string): string | null {
  const s = input.trim();
  if (s === '') return null;
  if (JWT.test(s)) return s;
  try {
    const t = new URL(s).searchParams.get('token');
    return t && JWT.test(t) ? t : null;
  } catch {
    return null;
  }
}

/**
 * Takes the token from the address bar when the pane was opened from a sign-in link, remembers it,
 * and removes it from the address (so it is not bookmarked, shared or kept in history). Without one in
 * the URL, returns the remembered token.
 */
export function takeToken(
  href: string,
  store: KeyValueStore | null,
  replaceUrl: (url: string) => void,
): string | null {
  const url = new URL(href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    url.searchParams.delete('token');
    replaceUrl(url.pathname + (url.search === '?' ? '' : url.search) + url.hash);
    try {
      store?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be blocked (private mode, partitioned iframes): the session still works.
    }
    return fromUrl;
  }
  try {
    return store?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

export function rememberToken(store: KeyValueStore | null, token: string | null): void {
  try {
    if (token) store?.setItem(TOKEN_KEY, token);
    else store?.removeItem(TOKEN_KEY);
  } catch {
    // See takeToken.
  }
}

/** What the pane reads from a token it holds: never trusted (the server verifies), only to guide the UI. */
export interface TokenHints {
  sub: string | null;
  ente: string | null;
  /** Expiry, seconds since the epoch. */
  exp: number | null;
  /** Issue time, seconds since the epoch. */
  iat: number | null;
}

/** Decodes a JWT's payload without verifying it; nulls for what is missing or malformed. */
export function tokenHints(token: string): TokenHints {
  const none: TokenHints = { sub: null, ente: null, exp: null, iat: null };
  const part = token.split('.')[1];
  if (!part) return none;
  try {
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
    const p = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (ch) => ch.charCodeAt(0)))) as Record<string, unknown>;
    return {
      sub: typeof p.sub === 'string' ? p.sub : null,
      ente: typeof p.ente === 'string' ? p.ente : null,
      exp: typeof p.exp === 'number' && Number.isFinite(p.exp) ? p.exp : null,
      iat: typeof p.iat === 'number' && Number.isFinite(p.iat) ? p.iat : null,
    };
  } catch {
    return none;
  }
}

/** The token's expiry (seconds since the epoch), or null when it carries none. */
export const tokenExpiry = (token: string): number | null => tokenHints(token).exp;

/**
 * When to renew a token while the pane is open (ms from `nowMs`): at three quarters of its lifetime, and
 * at least a minute before it expires; null when it carries no expiry (nothing to renew).
 */
export function refreshDelay(h: TokenHints, nowMs: number): number | null {
  if (h.exp === null) return null;
  const expMs = h.exp * 1000;
  const at = h.iat !== null && h.iat < h.exp ? Math.min(h.iat * 1000 + 0.75 * (expMs - h.iat * 1000), expMs - 60_000) : expMs - 60_000;
  return Math.max(0, at - nowMs);
}
