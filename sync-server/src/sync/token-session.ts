import type { Logger } from 'pino';
import type { Principal } from '../context';

/** Why a session ends before its socket does. */
export type SessionEnd = 'expired' | 'revoked';

/** setTimeout cannot wait longer than 2^31-1 ms; a year-long token is waited for in steps. */
const MAX_TIMER_MS = 2 ** 30;

/**
 * The token behind one open connection (issue 14, item 1): the connection must end at the token's
 * `exp` — before, an expired token kept working for as long as its socket stayed open — unless a fresh
 * token of the same user arrives on it first (message 101, see `@piao/shared/protocol/identity`).
 */
export class TokenSession {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    /** Mutated on renewal (exp, iat, jti): revocation checks and presence read the current token. */
    readonly principal: Principal,
    private readonly end: (why: SessionEnd) => void,
    private readonly logger: Logger,
    /**
     * Verifies a renewal: the new principal when it is the same user with the same access to the room,
     * null when valid but not interchangeable; throws when it does not verify.
     */
    private readonly verifyRenewal?: (token: string) => Promise<Principal | null>,
  ) {}

  /** Starts waiting for the expiry (ends at once when already past). */
  start(): void {
    this.arm();
  }

  /** True once `exp` has passed: checked on every message too, not only by the timer. */
  get expired(): boolean {
    return this.principal.exp !== undefined && Date.now() >= this.principal.exp * 1000;
  }

  /** A token sent on the connection. One that does not verify changes nothing (the old one still holds). */
  renew(token: string): void {
    if (!this.verifyRenewal) return;
    this.verifyRenewal(token).then(
      (p) => {
        if (this.stopped) return;
        // Another user, or other rights here: the client must reconnect with the new token.
        if (!p) return this.end('expired');
        this.principal.exp = p.exp;
        this.principal.iat = p.iat;
        this.principal.jti = p.jti;
        this.arm();
        this.logger.debug({ exp: p.exp }, 'token rinnovato sulla connessione aperta');
      },
      (err: unknown) => this.logger.info({ err: (err as Error).message }, 'rinnovo del token rifiutato'),
    );
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.principal.exp === undefined || this.stopped) return;
    const wait = this.principal.exp * 1000 - Date.now();
    if (wait <= 0) return this.end('expired');
    this.timer = setTimeout(() => this.arm(), Math.min(wait, MAX_TIMER_MS));
    this.timer.unref();
  }
}
