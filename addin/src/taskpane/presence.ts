/** What each user publishes in the plan room's awareness: who they are and where they are working. */
export interface PresenceState {
  user: { sub: string; name: string; color: string };
  /** Room the user has selected: a sector id, or `_piano`. */
  sector: string | null;
  sheet: string | null;
  rowId: string | null;
}

export interface PresenceEntry extends PresenceState {
  clientId: number;
  self: boolean;
}

const PALETTE = ['#0f6cbd', '#c50f1f', '#107c10', '#8764b8', '#ca5010', '#038387', '#986f0b', '#e3008c'];

/** A colour per user, stable across sessions and clients. */
export function colorFor(sub: string): string {
  let h = 0;
  for (let i = 0; i < sub.length; i++) h = (h * 31 + sub.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

function isPresence(v: unknown): v is PresenceState {
  if (typeof v !== 'object' || v === null) return false;
  const u = (v as { user?: unknown }).user;
  return typeof u === 'object' && u !== null && typeof (u as { name?: unknown }).name === 'string' && typeof (u as { sub?: unknown }).sub === 'string';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * Everyone connected to the plan, from awareness states (which any y-websocket client may write, so
 * malformed ones are skipped), one entry per user and place, self first, then by name.
 */
export function presenceEntries(states: ReadonlyMap<number, unknown>, selfClientId: number): PresenceEntry[] {
  const out: PresenceEntry[] = [];
  const seen = new Set<string>();
  for (const [clientId, raw] of states) {
    if (!isPresence(raw)) continue;
    const entry: PresenceEntry = {
      clientId,
      self: clientId === selfClientId,
      user: { sub: raw.user.sub, name: raw.user.name, color: str(raw.user.color) ?? colorFor(raw.user.sub) },
      sector: str(raw.sector),
      sheet: str(raw.sheet),
      rowId: str(raw.rowId),
    };
    // The same user in two tabs at the same place is one presence.
    const key = `${entry.user.sub}|${entry.sector}|${entry.sheet}|${entry.rowId}|${entry.self}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out.sort((a, b) => (a.self !== b.self ? (a.self ? -1 : 1) : a.user.name.localeCompare(b.user.name, 'it')));
}
