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
