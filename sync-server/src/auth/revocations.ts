import path from 'node:path';
import Database from 'better-sqlite3';
import { AuthError, type AuthService, type Principal } from '../context';

/** The deny list lives beside the database, in its own file, written by `piao token revoke`. */
export const REVOCATIONS_FILE = 'revocations.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS revocations (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('sub', 'jti')),
  value TEXT NOT NULL,
  -- When the revocation was made, milliseconds since the epoch.
  at INTEGER NOT NULL,
  -- For a jti: when the token expires anyway (the row may be pruned after). NULL for a user.
  until INTEGER,
  reason TEXT
);
CREATE INDEX IF NOT EXISTS revocations_kind_value ON revocations (kind, value);
`;

export type RevokedBy = 'sub' | 'jti';

/**
 * Revoked tokens: one token by its `jti`, or every token of a user (`sub`) issued up to the moment of
 * the revocation (a token's `iat` has one-second resolution, so a token issued in the same second as
 * the revocation is refused too). Written by the CLI while the server runs: SQLite in WAL mode serves
 * both processes, and the server notices a change with `PRAGMA data_version` (it changes when another
 * connection commits, https://www.sqlite.org/pragma.html#pragma_data_version) — one cheap query per
 * check, so it checks on every token verification and on a timer for open connections.
 */
export class Revocations {
  private readonly db: Database.Database;
  private version = -1;
  private readonly bySub = new Map<string, number>();
  private readonly jtis = new Set<string>();

  private constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
  }

  static open(dataDir: string): Revocations {
    return new Revocations(path.join(dataDir, REVOCATIONS_FILE));
  }

  /** Every token of `sub` issued until now stops working (at the next check; open connections too). */
  revokeSub(sub: string, reason?: string): void {
    this.db.prepare('INSERT INTO revocations (kind, value, at, until, reason) VALUES (?, ?, ?, NULL, ?)').run('sub', sub, Date.now(), reason ?? null);
    this.reload(true);
  }

  /** The token with this id (and every token refreshed from it) stops working. */
  revokeJti(jti: string, reason?: string): void {
    this.db.prepare('INSERT INTO revocations (kind, value, at, until, reason) VALUES (?, ?, ?, NULL, ?)').run('jti', jti, Date.now(), reason ?? null);
    this.reload(true);
  }

  /** Reloads the list when another process changed it; true when it changed. */
  refresh(): boolean {
    return this.reload(false);
  }

  /** Why `p`'s token is revoked, or null. Reads the current list first. */
  check(p: Principal): RevokedBy | null {
    this.refresh();
    return this.checkCached(p);
  }

  /** Same as {@link check} on the list as last loaded (for sweeping many connections at once). */
  checkCached(p: Principal): RevokedBy | null {
    if (p.jti !== undefined && this.jtis.has(p.jti)) return 'jti';
    const at = this.bySub.get(p.sub);
    // A token without iat cannot prove it was issued after the revocation.
    if (at !== undefined && (p.iat === undefined || p.iat <= Math.floor(at / 1000))) return 'sub';
    return null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private reload(force: boolean): boolean {
    const v = this.db.pragma('data_version', { simple: true }) as number;
    if (!force && v === this.version) return false;
    this.version = v;
    this.bySub.clear();
    this.jtis.clear();
    const rows = this.db.prepare('SELECT kind, value, at FROM revocations').all() as { kind: RevokedBy; value: string; at: number }[];
    for (const r of rows) {
      if (r.kind === 'jti') this.jtis.add(r.value);
      else this.bySub.set(r.value, Math.max(r.at, this.bySub.get(r.value) ?? 0));
    }
    return true;
  }
}

/** Message of a refused revoked token (HTTP 401 and upgrade 401). */
export const REVOKED_MESSAGE = 'Token revocato: chiedere un nuovo link di accesso';

/** An AuthService that also refuses revoked tokens (HTTP API and WebSocket upgrades alike). */
export function withRevocations(auth: AuthService, revocations: Revocations): AuthService {
  return {
    async verify(token) {
      const p = await auth.verify(token);
      if (revocations.check(p)) throw new AuthError(401, REVOKED_MESSAGE);
      return p;
    },
    sign: (p, ttl) => auth.sign(p, ttl),
  };
}

/** How often open connections are checked against the list (a revocation takes effect within this). */
export const REVOCATION_SWEEP_MS = 1_000;

/** Closes open sessions whose token gets revoked; returns the function that stops watching. */
export function watchRevocations(
  revocations: Revocations,
  sessions: Iterable<{ readonly principal: Principal; endSession(why: 'revoked'): void }>,
  intervalMs = REVOCATION_SWEEP_MS,
): () => void {
  const timer = setInterval(() => {
    if (!revocations.refresh()) return;
    for (const s of sessions) if (revocations.checkCached(s.principal)) s.endSession('revoked');
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
