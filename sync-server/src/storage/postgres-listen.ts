import pg from 'pg';
import type { AppendNotice } from './types';

const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 5_000;

/**
 * Append notices (room, seq) from other connections: {@link listenChannel} with JSON payloads; notices
 * whose `origin` is `ownOrigin` (this process's own appends) are dropped.
 */
export function listenForAppends(
  url: string,
  channel: string,
  ownOrigin: string,
  listener: (n: AppendNotice) => void,
  onGap: () => void,
): Promise<() => Promise<void>> {
  return listenChannel(
    url,
    channel,
    (payload) => {
      let n: { room?: unknown; seq?: unknown; origin?: unknown };
      try {
        n = JSON.parse(payload) as typeof n;
      } catch {
        return; // Not one of ours.
      }
      if (n.origin === ownOrigin || typeof n.room !== 'string' || typeof n.seq !== 'number') return;
      listener({ room: n.room, seq: n.seq });
    },
    onGap,
  );
}

/**
 * LISTEN on a connection of its own, kept open: when it drops (database restarted, backend terminated)
 * it reconnects with backoff and then calls `onGap`, since notices sent meanwhile are gone (NOTIFY is
 * not queued for a session that is not listening: https://www.postgresql.org/docs/current/sql-listen.html).
 * Resolves once listening; the first connection failing rejects.
 */
export async function listenChannel(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onGap: () => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retryMs = RETRY_FIRST_MS;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    // A dropped connection emits 'error' then 'end': handled by reconnecting, never thrown.
    c.on('error', () => {});
    c.on('notification', (msg) => {
      if (msg.channel !== channel || !msg.payload) return;
      onPayload(msg.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
    } catch (err) {
      await c.end().catch(() => {});
      throw err;
    }
    c.once('end', () => lost(c));
    client = c;
    if (stopped) await c.end().catch(() => {});
  };

  const lost = (c: pg.Client) => {
    if (client === c) client = null;
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      connect().then(
        () => {
          retryMs = RETRY_FIRST_MS;
          onGap();
        },
        () => {
          retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
          lost(c);
        },
      );
    }, retryMs);
    timer.unref();
  };

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
    const c = client;
    client = null;
    if (c) await c.end().catch(() => {});
  };
}
