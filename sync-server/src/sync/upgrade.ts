import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { parseRoom, PLAN_ROOM } from '@piao/shared/doc/rooms';
import { AuthError, type Principal, type ServerContext } from '../context';
import { connectionsGauge, rejectedCounter } from '../metrics';
import type { ClientIdRegistry } from './client-ids';
import { clientAddress } from '../http/public-url';
import { tooManyMessage, type AddressLimiter } from '../http/address-limit';
import { Connection } from './connection';
import type { RoomManager } from './rooms';

export const SYNC_PREFIX = '/sync/';

export interface UpgradeDeps {
  ctx: ServerContext;
  rooms: RoomManager;
  wss: WebSocketServer;
  maxConnectionsPerToken: number;
  connections: Set<Connection>;
  /** Owners of Yjs client ids, read from the log before a connection may write or announce presence. */
  clientIds?: ClientIdRegistry;
  /** Largest message a connection takes in; bigger ones are refused with a reason (connection.ts). */
  maxMessageBytes?: number;
  /** Open connections allowed per user (`sub`), whatever the number of tokens it holds. */
  maxConnectionsPerUser?: number;
  /** Upgrade attempts per client address (checked first: a flood costs no token verification). */
  upgradeLimiter?: AddressLimiter;
  /** Behind a declared reverse proxy: the client address is the one it appends to X-Forwarded-For. */
  trustProxy?: boolean;
}

/** Answers a refused upgrade with a plain HTTP response, before any document data could be sent. */
function refuse(socket: Duplex, status: number, message: string, retryAfter?: number): void {
  rejectedCounter.inc({ reason: String(status) });
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      (retryAfter ? `Retry-After: ${retryAfter}\r\n` : '') +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function bearer(header: string | undefined): string | null {
  const m = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return m ? m[1]! : null;
}

/**
 * The upgrade of `/sync/<ente>/<triennio>/<room>`: authentication (401), administration (403), plan and
 * sector existence (404), access (403), per-token and per-user connection limits (429); only then is
 * the room loaded and the WebSocket accepted. Before all of it, the per-address rate limit (429).
 */
export function createUpgradeHandler(deps: UpgradeDeps): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  const { ctx, rooms, wss } = deps;
  const perToken = new Map<string, number>();
  // Per user too: a user with two tokens used to get twice the per-token cap (issue 14, item 5).
  const perUser = new Map<string, number>();
  const decrement = (map: Map<string, number>, key: string) => {
    const n = (map.get(key) ?? 1) - 1;
    if (n <= 0) map.delete(key);
    else map.set(key, n);
  };

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const wait = deps.upgradeLimiter?.take(clientAddress(req, deps.trustProxy)) ?? 0;
    if (wait > 0) return refuse(socket, 429, tooManyMessage(wait), wait);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(SYNC_PREFIX)) return refuse(socket, 404, 'Percorso non trovato');
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length));
    } catch {
      return refuse(socket, 400, 'Nome della stanza non valido');
    }
    const ref = parseRoom(name);
    if (!ref) return refuse(socket, 404, 'Stanza non valida');

    const token = url.searchParams.get('token') || bearer(req.headers.authorization);
    if (!token) return refuse(socket, 401, 'Accesso non autenticato: token mancante');
    let principal: Principal;
    try {
      principal = await ctx.auth.verify(token);
    } catch (err) {
      const status = err instanceof AuthError ? err.status : 401;
      return refuse(socket, status, err instanceof AuthError ? err.message : 'Token non valido');
    }
    if (principal.ente !== ref.ente) return refuse(socket, 403, 'Il token non vale per questa amministrazione');

    const plan = { ente: ref.ente, triennio: ref.triennio };
    if (!(await ctx.plans.hasPlan(plan))) return refuse(socket, 404, 'Piano inesistente');
    const sectors = await ctx.planSectors(plan);
    if (ref.room !== PLAN_ROOM && !sectors.includes(ref.room)) return refuse(socket, 404, 'Settore non previsto dal piano');
    const access = ctx.access(principal, name, sectors);
    if (access === 'none') return refuse(socket, 403, 'Accesso non consentito a questa stanza');

    // Check and reserve together, synchronously, so a burst of upgrades cannot overshoot the limit.
    const count = perToken.get(token) ?? 0;
    if (count >= deps.maxConnectionsPerToken) return refuse(socket, 429, 'Troppe connessioni aperte con questo token');
    const userCount = perUser.get(principal.sub) ?? 0;
    if (deps.maxConnectionsPerUser !== undefined && userCount >= deps.maxConnectionsPerUser) {
      return refuse(socket, 429, 'Troppe connessioni aperte per questo utente: chiudere qualche finestra e riprovare');
    }
    perToken.set(token, count + 1);
    perUser.set(principal.sub, userCount + 1);
    let reserved = true;
    const unreserve = () => {
      if (reserved) {
        decrement(perToken, token);
        decrement(perUser, principal.sub);
      }
      reserved = false;
    };

    let room;
    try {
      room = await rooms.getRoom(name);
      await deps.clientIds?.ready(name);
    } catch (err) {
      unreserve();
      ctx.logger.error({ err, room: name }, 'caricamento della stanza non riuscito');
      return refuse(socket, 503, 'Stanza non disponibile');
    }
    if (socket.destroyed) return unreserve();

    const ack = url.searchParams.get('ack') === '1';
    let upgraded = false;
    // ws answers a bad handshake itself and never calls back: free the reservation then.
    socket.once('close', () => {
      if (!upgraded) unreserve();
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      let attached = false;
      const logger = ctx.logger.child({ room: name, sub: principal.sub, access });
      const conn = new Connection({
        ws,
        room,
        principal,
        writable: access === 'write',
        ack,
        logger,
        ...(deps.clientIds ? { clientIds: deps.clientIds } : {}),
        ...(deps.maxMessageBytes ? { maxMessageBytes: deps.maxMessageBytes } : {}),
        async verifyRenewal(fresh) {
          const p = await ctx.auth.verify(fresh);
          const same =
            p.sub === principal.sub &&
            p.ente === principal.ente &&
            ctx.access(p, name, await ctx.planSectors(plan)) === access;
          return same ? p : null;
        },
        onClose: (c) => {
          unreserve();
          if (!attached) return;
          deps.connections.delete(c);
          connectionsGauge.dec();
          rooms.detach(room, c);
        },
      });
      try {
        rooms.attach(room, conn);
        attached = true;
      } catch {
        conn.close(1013, 'stanza non disponibile, riprovare');
        return;
      }
      deps.connections.add(conn);
      connectionsGauge.inc();
      logger.debug({ ack }, 'connessione aperta');
      conn.start();
    });
  }

  return (req, socket, head) => {
    // A client that vanishes mid-handshake must not become an unhandled error.
    socket.on('error', () => {});
    handle(req, socket, head).catch((err) => {
      ctx.logger.error({ err }, 'errore durante l’upgrade');
      refuse(socket, 500, 'Errore interno');
    });
  };
}
