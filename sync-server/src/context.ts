import type { Logger } from 'pino';
import type { OriginConfig } from './http/public-url';
import type * as Y from 'yjs';
import type { Access, Role } from '@piao/shared/protocol/http-api';

/**
 * The contract between the sync core (storage, auth, rooms, WebSocket) and the edges that use it
 * (HTTP API, CLI, demo bootstrap). Each side owns its own files; both depend only on this module.
 */

/** Role and access are part of the HTTP API contract, written once in `@piao/shared/protocol/http-api`. */
export type { Access, Role } from '@piao/shared/protocol/http-api';

/** A signed-in user, from a verified token. */
export interface Principal {
  sub: string;
  name: string;
  ente: string;
  role: Role;
  /** Sector ids an editor may write. Empty for other roles. */
  sectors: string[];
  /** Expiry of the token it came from, seconds since the epoch (open connections close then). */
  exp?: number;
  /** Issue time of that token, seconds since the epoch (a per-user revocation refuses older ones). */
  iat?: number;
  /** Token id (revocable one by one); refreshed tokens keep it. */
  jti?: string;
}

/** One stored update, with who sent it and when (the audit record). */
export interface HistoryEntry {
  seq: number;
  room: string;
  sub: string;
  /** Milliseconds since the epoch. */
  at: number;
  update: Uint8Array;
}

export interface PlanRef {
  ente: string;
  triennio: string;
}

export interface AuthService {
  /** Verifies a token (HS256 by default, or OIDC/JWKS); throws AuthError with an HTTP status. */
  verify(token: string): Promise<Principal>;
  /** Signs a token for a user (HS256 mode only). */
  sign(p: Principal, ttlSeconds: number): Promise<string>;
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface RoomService {
  /** The live document of a room (loaded from storage on first use, kept in sync with every client). */
  getDoc(room: string): Promise<Y.Doc>;
  /**
   * Stores an update durably on behalf of `sub`, then applies it to the live document and relays it to
   * every connected client. Used by the importer and the CLI.
   */
  applyUpdate(room: string, update: Uint8Array, sub: string): Promise<void>;
}

export interface PlanService {
  listPlans(): Promise<PlanRef[]>;
  /** Creates the plan's `_piano` room record; idempotent. */
  createPlan(plan: PlanRef): Promise<void>;
  hasPlan(plan: PlanRef): Promise<boolean>;
  /** Audit records of every room of a plan, oldest first. */
  history(plan: PlanRef, opts?: { sinceSeq?: number; limit?: number }): Promise<HistoryEntry[]>;
}

/** Access a principal has to a room (`<ente>/<triennio>/<room>`), given the sectors the plan lists. */
export type AccessPolicy = (p: Principal, room: string, planSectors: readonly string[]) => Access;

export interface ServerContext {
  logger: Logger;
  auth: AuthService;
  rooms: RoomService;
  plans: PlanService;
  access: AccessPolicy;
  /** Sector ids listed by a plan's `_piano` document. */
  planSectors(plan: PlanRef): Promise<string[]>;
  /** Where users reach the server (set once it listens): the only source of URLs in served files. */
  origin?: OriginConfig;
  /** Folder of the built task pane (served at `/`), and of office.js (served at `/office-js/`). */
  staticDirs: { taskpane: string; officeJs: string };
  /** HMAC key of the base carried by sector templates, derived from the server secret (none: no base). */
  templateKey?: Uint8Array;
}
