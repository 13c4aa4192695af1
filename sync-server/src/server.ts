import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { pino } from 'pino';
import { listSectors } from '@piao/shared/doc/plan-data';
import { PLAN_ROOM, roomName } from '@piao/shared/doc/rooms';
import type { ServerContext } from './context';
import { accessPolicy } from './auth/access';
import { createHsAuth, createOidcAuth } from './auth/jwt';
import { Revocations, watchRevocations, withRevocations } from './auth/revocations';
import { defaultStaticDirs, resolveLimits, type ServerConfig } from './config';
import { openStore } from './data-dir';
import { setReadiness } from './readiness';
import { heavyPool } from './http/heavy-pool';
import { AddressLimiter, admitRequest, DEFAULT_REQUEST_LIMIT, DEFAULT_UPGRADE_LIMIT } from './http/address-limit';
import { handleHttp } from './http/index';
import { parsePublicUrl } from './http/public-url';
import { deriveTemplateKey } from './http/template-key';
import { openDatabase } from './storage/database-url';
import { DatabaseProbe, isPingable } from './storage/db-probe';
import { DurableLog } from './storage/durable-log';
import { ClusterRelay } from './sync/cluster-relay';
import { createPlanService } from './storage/plans';
import type { Storage } from './storage/types';
import { CLOSE_GOING_AWAY, type Connection } from './sync/connection';
import { ClientIdRegistry } from './sync/client-ids';
import { RoomManager } from './sync/rooms';
import { createUpgradeHandler } from './sync/upgrade';

export type { ServerConfig } from './config';

export interface RunningServer {
  /** `http://host:port` (or `https://`); the sync endpoint is `<url with ws/wss>/sync`. */
  url: string;
  port: number;
  ctx: ServerContext;
  /** The store behind the server (tests compare stored bytes; tools read history). */
  storage: Storage;
  /** The loaded rooms (tests compact, inspect, count). */
  rooms: RoomManager;
  /** Graceful stop: stop accepting, close sockets with 1001, flush the log, close the database. */
  close(): Promise<void>;
}

/** Starts the HTTP(S) server: `/sync/...` upgrades go to the sync core, every other request to the HTTP API. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const limits = resolveLimits(config);
  // Checked before anything is opened: a bad --public-url must not leave a half-started server.
  const publicUrl = config.publicUrl ? parsePublicUrl(config.publicUrl) : undefined;
  const logger = config.logger ?? pino({ name: 'piao' });
  const injected = config.storage ?? (config.databaseUrl ? await openDatabase(config.databaseUrl) : undefined);
  const { storage, secret } = await openStore(config.dataDir, logger, injected, { newSigningKey: config.newSigningKey === true }, { thread: config.storageThread === true });
  const revocations = Revocations.open(config.dataDir);
  const auth = withRevocations(config.oidc ? createOidcAuth(config.oidc) : createHsAuth(secret), revocations);
  const log = new DurableLog(storage, logger);
  const clientIds = new ClientIdRegistry(storage);
  clientIds.observe(log);
  const rooms = new RoomManager(storage, log, {
    logger,
    idleUnloadMs: limits.idleUnloadMs,
    compactThreshold: limits.compactThreshold,
    maxRoomBytes: config.maxRoomBytes,
  });
  // Several instances on one PostgreSQL: commits of the others reach this instance's clients.
  const relay = new ClusterRelay(storage, rooms, logger);
  await relay.start();
  const ctx: ServerContext = {
    logger,
    auth,
    rooms,
    plans: createPlanService(storage),
    access: accessPolicy,
    templateKey: deriveTemplateKey(secret),
    async planSectors(plan) {
      const doc = await rooms.getDoc(roomName(plan.ente, plan.triennio, PLAN_ROOM));
      return listSectors(doc).map((s) => s.id);
    },
    staticDirs: config.staticDirs ?? defaultStaticDirs(),
  };
  // A database server (PostgreSQL) is checked even while nobody writes (storage/db-probe.ts).
  const dbProbe = isPingable(storage) ? new DatabaseProbe(storage, logger) : null;
  dbProbe?.start();
  // /readyz: not ready while the durable log cannot write (disk full) or the database does not answer, with the reason.
  setReadiness(ctx, () => {
    if (!log.writable) return { ready: false, reason: log.failureReason ?? undefined };
    if (dbProbe && !dbProbe.reachable) return { ready: false, reason: 'database non raggiungibile: le modifiche non possono essere salvate' };
    return { ready: true };
  });

  const requestLimiter = new AddressLimiter(config.requestRateLimit ?? DEFAULT_REQUEST_LIMIT);
  const upgradeLimiter = new AddressLimiter(config.upgradeRateLimit ?? DEFAULT_UPGRADE_LIMIT);
  const onRequest: http.RequestListener = (req, res) => {
    if (!admitRequest(requestLimiter, req, res, config.trustProxy === true)) return;
    handleHttp(ctx, req, res).catch((err) => {
      logger.error({ err, url: req.url }, 'errore nella richiesta HTTP');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: 'Errore interno' }));
    });
  };
  const server = config.tls ? https.createServer({ cert: config.tls.cert, key: config.tls.key }, onRequest) : http.createServer(onRequest);
  // The socket's hard limit is twice the message limit: a message between the two is read and refused with
  // a reason (the client is told and does not reconnect to send it again); only beyond it does ws close (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: 2 * limits.maxMessageBytes, perMessageDeflate: false });
  const connections = new Set<Connection>();
  const onUpgrade = createUpgradeHandler({
    ctx,
    rooms,
    wss,
    maxConnectionsPerToken: limits.maxConnectionsPerToken,
    maxConnectionsPerUser: limits.maxConnectionsPerUser,
    upgradeLimiter,
    trustProxy: config.trustProxy === true,
    connections,
    clientIds,
    maxMessageBytes: limits.maxMessageBytes,
  });
  server.on('upgrade', onUpgrade);
  server.on('clientError', (_err, socket) => socket.destroy());

  const pinger = setInterval(() => {
    for (const c of connections) c.ping();
  }, limits.pingIntervalMs);
  pinger.unref();
  // Revocations made with `piao token revoke` while running also close connections already open.
  const stopRevocationWatch = watchRevocations(revocations, connections);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    clearInterval(pinger);
    dbProbe?.stop();
    stopRevocationWatch();
    revocations.close();
    await relay.close();
    await storage.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${hostForUrl}:${port}`;
  ctx.origin = { listenUrl: url, trustProxy: config.trustProxy === true, ...(publicUrl ? { publicUrl } : {}) };
  logger.info({ url, dataDir: config.dataDir, oidc: !!config.oidc }, 'server avviato');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    ctx,
    storage,
    rooms,
    close() {
      closing ??= (async () => {
        clearInterval(pinger);
        dbProbe?.stop();
        heavyPool(ctx).close();
        stopRevocationWatch();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await rooms.close(CLOSE_GOING_AWAY, 'server in chiusura');
        // Peers that ignore the close frame are cut after a grace period.
        const grace = setTimeout(() => {
          for (const c of connections) c.terminate();
        }, 2_000);
        grace.unref();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        clearTimeout(grace);
        await relay.close();
        await storage.close();
        revocations.close();
        logger.info('server fermato');
      })();
      return closing;
    },
  };
}
