import type { PresenceEntry } from './presence';

/**
 * Names of the people this browser has seen in presence, remembered across sessions: the audit log
 * stores only who (`sub`), so the history can name someone who is not connected right now.
 */
const KEY = 'piao.knownNames';
export const MAX_KNOWN_NAMES = 500;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function read(store: Store | undefined): Record<string, string> {
  try {
    const raw = store?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** Adds the users in `entries` (newest last, the oldest forgotten past the cap); true when it changed. */
export function rememberNames(entries: readonly PresenceEntry[], store: Store | undefined = globalThis.localStorage): boolean {
  const names = read(store);
  let changed = false;
  for (const e of entries) {
    if (names[e.user.sub] === e.user.name) continue;
    delete names[e.user.sub];
    names[e.user.sub] = e.user.name.slice(0, 200);
    changed = true;
  }
  if (!changed) return false;
  const kept = Object.entries(names).slice(-MAX_KNOWN_NAMES);
  try {
    store?.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Only a convenience: a full or disabled storage leaves subs unnamed.
  }
  return true;
}

export function knownName(sub: string, store: Store | undefined = globalThis.localStorage): string | null {
  return read(store)[sub] ?? null;
}
