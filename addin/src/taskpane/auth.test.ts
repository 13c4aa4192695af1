import { describe, expect, it } from 'vitest';
import { TOKEN_KEY, refreshDelay, rememberToken, takeToken, tokenFromInput, tokenHints, type KeyValueStore } from './auth';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('takeToken', () => {
  it('takes the token from a sign-in link, remembers it and removes it from the address', () => {
    const store = memoryStore();
    const replaced: string[] = [];
    const t = takeToken(`https://localhost:3000/?token=${JWT}`, store, (u) => replaced.push(u));
    expect(t).toBe(JWT);
    expect(store.data.get(TOKEN_KEY)).toBe(JWT);
    expect(replaced).toEqual(['/']);
  });

  it('keeps the other query parameters and the hash', () => {
    const replaced: string[] = [];
    takeToken(`https://localhost:3000/?piano=x&token=${JWT}#issues`, memoryStore(), (u) => replaced.push(u));
    expect(replaced).toEqual(['/?piano=x#issues']);
  });

  it('returns the remembered token when the URL has none, without touching the address', () => {
    const store = memoryStore();
    rememberToken(store, JWT);
    const replaced: string[] = [];
    expect(takeToken('https://localhost:3000/', store, (u) => replaced.push(u))).toBe(JWT);
    expect(replaced).toEqual([]);
    rememberToken(store, null);
    expect(takeToken('https://localhost:3000/', store, () => {})).toBeNull();
  });

  it('still signs in when storage is blocked', () => {
    const blocked: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {},
    };
    expect(takeToken(`https://h/?token=${JWT}`, blocked, () => {})).toBe(JWT);
    expect(takeToken('https://h/', blocked, () => {})).toBeNull();
  });
});

describe('tokenFromInput', () => {
  it('accepts a whole link or a bare token, and nothing else', () => {
    expect(tokenFromInput(`  https://localhost:3000/?token=${JWT} `)).toBe(JWT);
    expect(tokenFromInput(JWT)).toBe(JWT);
    expect(tokenFromInput('https://localhost:3000/')).toBeNull();
    expect(tokenFromInput('ciao')).toBeNull();
    expect(tokenFromInput('')).toBeNull();
  });
});

describe('token hints and renewal', () => {
  const jwt = (payload: object) => `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

  it('reads sub, ente, exp and iat without trusting them, and nulls for a malformed token', () => {
    expect(tokenHints(jwt({ sub: 'elena.rinaldi', ente: 'casale-monferrato', exp: 2000, iat: 1000 }))).toEqual({ sub: 'elena.rinaldi', ente: 'casale-monferrato', exp: 2000, iat: 1000 });
    expect(tokenHints(jwt({ sub: 'Élena' })).sub).toBe('Élena');
    expect(tokenHints('not-a-token')).toEqual({ sub: null, ente: null, exp: null, iat: null });
  });

  it('renews at three quarters of the lifetime, at least a minute before expiry, never for a token without exp', () => {
    expect(refreshDelay({ sub: null, ente: null, iat: 0, exp: 12 * 3600 }, 0)).toBe(9 * 3600 * 1000);
    expect(refreshDelay({ sub: null, ente: null, iat: 0, exp: 120 }, 0)).toBe(60_000);
    expect(refreshDelay({ sub: null, ente: null, iat: 0, exp: 120 }, 100_000)).toBe(0);
    expect(refreshDelay({ sub: null, ente: null, iat: null, exp: null }, 0)).toBeNull();
  });
});
