import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ClaimMapping } from './auth/claims';
import type { RateLimit } from './http/address-limit';
import type { Storage } from './storage/types';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Largest WebSocket message accepted (default 8 MiB): a bigger one is refused with a reason and the
   * connection stays open; past twice this size the socket closes (1009).
   */
  maxMessageBytes?: number;
  /** Open connections allowed per token (default 20); more are refused at the upgrade with 429. */
  maxConnectionsPerToken?: number;
  /** Open connections allowed per user (`sub`) whatever its tokens (default 30); more are refused with 429. */
  maxConnectionsPerUser?: number;
  /** WebSocket upgrades per client address (token bucket; default 50/s, bursts of 500); over it: 429. */
  upgradeRateLimit?: RateLimit;
  /** HTTP requests per client address (default 200/s, bursts of 1000; /healthz and /readyz exempt); over it: 429. */
  requestRateLimit?: RateLimit;
  /** A room with no client is unloaded from memory after this long (default 30 s). */
  idleUnloadMs?: number;
  /** Ping interval; a peer that missed the previous pong is dropped (default 30 s). */
  pingIntervalMs?: number;
  oidc?: { jwksUrl: string; issuer: string; audience: string; claims?: ClaimMapping };
  logger?: Logger;
  /** The task pane, office.js, and the office.js URL the pane loads (see {@link defaultStaticDirs}). */
  staticDirs?: StaticDirs;
  /** Records stored after a room's snapshot that trigger background compaction (default 500). */
  compactThreshold?: number;
  /** Stored bytes a room may reach before its updates are refused with a clear reason (default 64 MiB). */
  maxRoomBytes?: number;
  /**
   * Run SQLite in its own worker thread, so a frozen disk stalls that thread and not the event loop
   * (issue 14 item 15). `piao serve` sets it; the library default is off (the thread costs a second
   * or two at start, which tests starting many servers would pay each time).
   */
  storageThread?: boolean;
  /**
   * The store to use instead of `<dataDir>/piao.sqlite` (e.g. PostgreSQL, or a wrapped store in tests).
   * The server closes it on close. The signing key still lives in `dataDir`.
   */
  storage?: Storage;
  /**
   * PostgreSQL URL (`piao serve --database`, PIAO_DATABASE_URL): the store opened instead of SQLite when
   * no `storage` is given (storage/postgres.ts). The signing key still lives in `dataDir`.
   */
  databaseUrl?: string;
  /**
   * Create a new signing key when it is missing although the database holds data (otherwise the start
   * is refused): every token signed with the old key stops working.
   */
  newSigningKey?: boolean;
  /** Where users reach the server (`--public-url`): the base of every URL in served files (manifest.xml). */
  publicUrl?: string;
  /**
   * The server is behind a reverse proxy that sets X-Forwarded-Host/-Proto/-For (`--trust-proxy`):
   * believe them (for URLs when there is no public URL, and for per-address limits). Otherwise they
   * are ignored: any client can send them.
   */
  trustProxy?: boolean;
}

export const DEFAULTS = {
  maxMessageBytes: 8 * 1024 * 1024,
  maxConnectionsPerToken: 20,
  maxConnectionsPerUser: 30,
  idleUnloadMs: 30_000,
  pingIntervalMs: 30_000,
  compactThreshold: 500,
} as const;

/** The repository root (this file is `<repo>/sync-server/src/config.ts`). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Microsoft's CDN copy of Office.js, the one add-ins are told to load (design.md §9). */
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Where this server serves the packaged copy (@microsoft/office-js), for air-gapped networks and tests. */
export const OFFICE_JS_LOCAL = '/office-js/office.js';

/** `--office-js`: Microsoft's CDN (default), or the packaged copy served by this server. */
export type OfficeJsSource = 'cdn' | 'local';

export interface StaticDirs {
  /** Folder of the built task pane, served at `/`. */
  taskpane: string;
  /** Folder of the packaged office.js, served at `/office-js/` (whatever the source). */
  officeJs: string;
  /** The office.js URL written into the served index.html; absent: the packaged copy. */
  officeJsUrl?: string;
}

export function defaultStaticDirs(source: OfficeJsSource = 'cdn'): StaticDirs {
  return {
    taskpane: path.join(REPO_ROOT, 'addin', 'dist'),
    officeJs: path.join(REPO_ROOT, 'node_modules', '@microsoft', 'office-js', 'dist'),
    officeJsUrl: source === 'cdn' ? OFFICE_JS_CDN : OFFICE_JS_LOCAL,
  };
}

/** Parses `--office-js`; a clear Italian error otherwise. */
export function parseOfficeJsSource(text: string | undefined): OfficeJsSource {
  if (text === undefined || text === 'cdn') return 'cdn';
  if (text === 'local') return 'local';
  throw new Error(`Valore non valido per --office-js: "${text}" (ammessi: cdn, local)`);
}

export type ResolvedLimits = Required<Pick<ServerConfig, keyof typeof DEFAULTS>>;

function positive(name: string, v: number | undefined, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`Configurazione non valida: ${name} deve essere un numero positivo`);
  return v;
}

export function resolveLimits(config: ServerConfig): ResolvedLimits {
  return {
    maxMessageBytes: positive('maxMessageBytes', config.maxMessageBytes, DEFAULTS.maxMessageBytes),
    maxConnectionsPerToken: positive('maxConnectionsPerToken', config.maxConnectionsPerToken, DEFAULTS.maxConnectionsPerToken),
    maxConnectionsPerUser: positive('maxConnectionsPerUser', config.maxConnectionsPerUser, DEFAULTS.maxConnectionsPerUser),
    idleUnloadMs: positive('idleUnloadMs', config.idleUnloadMs, DEFAULTS.idleUnloadMs),
    pingIntervalMs: positive('pingIntervalMs', config.pingIntervalMs, DEFAULTS.pingIntervalMs),
    compactThreshold: positive('compactThreshold', config.compactThreshold, DEFAULTS.compactThreshold),
  };
}
