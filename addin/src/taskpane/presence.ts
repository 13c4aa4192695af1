/** What each user publishes in the plan room's awareness: who they are and where they are working. */
export interface PresenceState {
  user: { sub: string; name: string; color: string };
  /** Room the user has selected: a sector id, or `_piano`. */
  sector: string | null;
  sheet: string | null;
  rowId: string | null;
  /**
   * Yjs client ids of this user's open room documents: a remote change's author (the client whose state
   * advanced) is named through them in conflict notices.
   */
  clients?: number[];
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
      clients: Array.isArray(raw.clients) ? raw.clients.filter((c): c is number => typeof c === 'number').slice(0, 64) : [],
    };
    // The same user in two tabs at the same place is one presence.
    const key = `${entry.user.sub}|${entry.sector}|${entry.sheet}|${entry.rowId}|${entry.self}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(entry);
  }
  return out.sort((a, b) => (a.self !== b.self ? (a.self ? -1 : 1) : a.user.name.localeCompare(b.user.name, 'it')));
}

/** Other users on one row (the row form says "Elena Conti sta modificando questa riga"). */
export function othersOnRow(entries: readonly PresenceEntry[], sector: string, sheet: string, rowId: string | null): PresenceEntry[] {
  if (!rowId) return [];
  const seen = new Set<string>();
  return entries.filter((e) => {
    if (e.self || e.sector !== sector || e.sheet !== sheet || e.rowId !== rowId || seen.has(e.user.sub)) return false;
    seen.add(e.user.sub);
    return true;
  });
}

/** Other users' selected rows of one sheet: row id → the users there (for highlighting in the grid). */
export function rowsOfOthers(entries: readonly PresenceEntry[], sector: string, sheet: string): Map<string, PresenceEntry[]> {
  const out = new Map<string, PresenceEntry[]>();
  for (const e of entries) {
    if (e.self || e.sector !== sector || e.sheet !== sheet || !e.rowId) continue;
    const list = out.get(e.rowId) ?? [];
    if (!list.some((x) => x.user.sub === e.user.sub)) list.push(e);
    out.set(e.rowId, list);
  }
  return out;
}

/**
 * Who made a remote change: the users whose documents are among the change's authors; failing that
 * (a deletion advances no client's state), the other users on that row, then in that sector.
 */
export function authorNames(entries: readonly PresenceEntry[], authors: readonly number[], where: { sector: string; sheet: string; rowId: string | null }): string[] {
  const names = (list: readonly PresenceEntry[]) => [...new Set(list.map((e) => e.user.name))];
  const byClient = entries.filter((e) => !e.self && (e.clients ?? []).some((c) => authors.includes(c)));
  if (byClient.length > 0) return names(byClient);
  const onRow = othersOnRow(entries, where.sector, where.sheet, where.rowId);
  if (onRow.length > 0) return names(onRow);
  return names(entries.filter((e) => !e.self && e.sector === where.sector));
}

/**
 * A display name for an audit `sub`: the user's name when they are connected, else as remembered from
 * an earlier session (`remembered`), else the sub itself.
 */
export function nameOfSub(entries: readonly PresenceEntry[], sub: string, me: { sub: string; name: string }, remembered: (sub: string) => string | null = () => null): string {
  if (sub === me.sub) return me.name;
  return entries.find((e) => e.user.sub === sub)?.user.name ?? remembered(sub) ?? sub;
}
