import type { Logger } from 'pino';

/** How often an idle server checks its database, and how long one check may take. */
export const DB_PROBE_INTERVAL_MS = 1_000;
export const DB_PROBE_TIMEOUT_MS = 2_000;

/** A store on a database server that can be unreachable (PostgreSQL): a cheap round trip, no write. */
export interface Pingable {
  ping(): Promise<void>;
}

export function isPingable(x: unknown): x is Pingable {
  return typeof (x as Partial<Pingable> | null)?.ping === 'function';
}

/**
 * Readiness of the database while nobody writes (issue 10: `/readyz` false while the database is
 * unreachable): failed commits only tell when someone edits, so a load balancer would keep sending
 * clients to an instance that cannot store. A `SELECT 1` every second, cut after 2 s (a hung network
 * must not count as reachable); the first success after a failure makes it ready again.
 */
export class DatabaseProbe {
  reachable = true;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly db: Pingable,
    private readonly logger: Logger,
    private readonly intervalMs = DB_PROBE_INTERVAL_MS,
    private readonly timeoutMs = DB_PROBE_TIMEOUT_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  async check(): Promise<boolean> {
    if (this.running) return this.reachable;
    this.running = true;
    let cut: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.db.ping(),
        new Promise((_, reject) => {
          cut = setTimeout(() => reject(new Error(`nessuna risposta in ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      if (!this.reachable) this.logger.info('database di nuovo raggiungibile');
      this.reachable = true;
    } catch (err) {
      if (this.reachable) this.logger.warn({ err }, 'database non raggiungibile');
      this.reachable = false;
    } finally {
      clearTimeout(cut);
      this.running = false;
    }
    return this.reachable;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
