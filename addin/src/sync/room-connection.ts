import * as Y from 'yjs';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import { roomName } from '@piao/shared/doc/rooms';
import { REASON_TOKEN_EXPIRED, REASON_TOKEN_REVOKED, isTokenClose } from '@piao/shared/protocol/identity';
import { isResilienceReason } from '@piao/shared/protocol/resilience';
import { MESSAGE_AUTH, MESSAGE_SAVED, MESSAGE_SYNC, decodeSavedPayload, peekSyncStep1 } from './protocol';
import { isCoveredBy, mergeStateVector, roomSyncState, type SyncState } from './save-status';

export interface RoomConnectionOptions {
  /** WebSocket base, e.g. `wss://localhost:3000/sync`; the room name is appended by the provider. */
  serverUrl: string;
  ente: string;
  triennio: string;
  /** A sector id, or `_piano`. */
  room: string;
  token: string;
  /** The token's expiry (seconds since the epoch): past it, a failed reconnect means "sign in again". */
  tokenExp?: number | null;
  /** Keep the room in IndexedDB (browser only) so offline edits survive a reload. */
  persist?: boolean;
  /**
   * Whose local copy this is (the token's `sub`): each user of a browser keeps their own copy, so edits
   * one user left unsent are never sent later under another user's sign-in (the server would refuse the
   * whole update, the second user's own edits included, as structs under someone else's client id).
   */
  cacheOwner?: string | null;
  /** For Node tests (`ws`); the browser's WebSocket otherwise. */
  WebSocketPolyfill?: typeof WebSocket;
  /** Start connecting at once (default true). */
  connect?: boolean;
}

export interface RoomStatus {
  state: SyncState;
  connected: boolean;
  synced: boolean;
  /** The server confirmed it stored everything this client has. */
  saved: boolean;
  /** Reason of a y-protocols "permission denied" message: the connection is read-only. */
  denied: string | null;
  /** The server closed the connection for good (close codes 4400–4499). */
  closed: { code: number; reason: string } | null;
  /** The local copy was loaded from IndexedDB (or persistence is off). */
  localLoaded: boolean;
  /** The room completed a sync with the server at least once in this session. */
  everSynced: boolean;
  /**
   * The sign-in no longer holds (token expired or revoked): the room stopped reconnecting and keeps
   * its edits until {@link RoomConnection.renewToken}.
   */
  expired: boolean;
}

type Listener = (status: RoomStatus) => void;

/**
 * One room of a plan: a Y.Doc kept in sync with the server by the stock y-websocket provider, cached in
 * IndexedDB, with the server's save confirmations (message 100) and auth messages turned into a status
 * the pane can show.
 */
export class RoomConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly room: string;
  readonly name: string;
  private readonly persistence: IndexeddbPersistence | null;
  /** What the server is known to have stored: confirmations, its sync step 1, and what it relayed. */
  private readonly serverClock = new Map<number, number>();
  private confirmed = false;
  private denied: string | null = null;
  private closed: RoomStatus['closed'] = null;
  private localLoaded: boolean;
  private everSynced = false;
  private expired = false;
  private tokenExp: number | null;
  private last: RoomStatus;
  private readonly listeners = new Set<Listener>();
  private destroyed = false;

  constructor(opts: RoomConnectionOptions) {
    this.room = opts.room;
    this.name = roomName(opts.ente, opts.triennio, opts.room);
    this.doc = new Y.Doc();
    const persist = opts.persist ?? typeof indexedDB !== 'undefined';
    this.persistence = persist ? new IndexeddbPersistence(localCacheName(this.name, opts.cacheOwner ?? null), this.doc) : null;
    this.localLoaded = !this.persistence;
    this.tokenExp = opts.tokenExp ?? null;
    this.provider = new WebsocketProvider(opts.serverUrl, this.name, this.doc, {
      connect: false,
      params: { token: opts.token, ack: '1' },
      // Tabs of one browser may belong to different users: only the server relays edits.
      disableBc: true,
      ...(opts.WebSocketPolyfill ? { WebSocketPolyfill: opts.WebSocketPolyfill } : {}),
    });
    this.installHandlers();
    this.last = this.compute();
    this.provider.on('status', this.refresh);
    this.provider.on('sync', this.refresh);
    this.provider.on('closed', (e) => {
      this.closed = e;
      // 4401/4403 (@piao/shared/protocol/identity): y-websocket already stopped reconnecting (4400–4499).
      if (isTokenClose(e.code)) {
        this.expired = true;
        this.provider.shouldConnect = false;
      }
      this.refresh();
    });
    // A refused upgrade (HTTP 401 for an expired token) reaches a browser only as a failed socket: past
    // the token's expiry, stop retrying with it and ask for a new sign-in.
    const failed = () => {
      if (this.tokenExp !== null && Date.now() >= this.tokenExp * 1000) this.expire();
    };
    this.provider.on('connection-close', failed);
    this.provider.on('connection-error', failed);
    this.doc.on('afterTransaction', (tr: Y.Transaction) => {
      // The server relays an update only after storing it, so what it sends is stored state.
      if (tr.origin === this.provider) {
        for (const [client, clock] of tr.afterState) {
          if (clock > (this.serverClock.get(client) ?? 0)) this.serverClock.set(client, clock);
        }
      }
      this.refresh();
    });
    const start = () => {
      this.localLoaded = true;
      this.refresh();
      if (opts.connect !== false && !this.destroyed) this.provider.connect();
    };
    // A dropped network leaves a WebSocket that looks open until y-websocket's 30 s message timeout:
    // follow the browser's own online/offline signal so the badge never claims a save it cannot know.
    if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
      window.addEventListener('offline', this.goOffline);
      window.addEventListener('online', this.goOnline);
    }
    // Connect after the local copy is loaded so offline edits go out in the first sync exchange.
    if (this.persistence) void this.persistence.whenSynced.then(start, start);
    else start();
  }

  private readonly goOffline = (): void => {
    if (this.destroyed) return;
    this.provider.disconnect();
    this.refresh();
  };

  private readonly goOnline = (): void => {
    if (this.destroyed || !this.localLoaded || this.expired) return;
    this.provider.connect();
    this.refresh();
  };

  private installHandlers(): void {
    const handlers = this.provider.messageHandlers;
    handlers[MESSAGE_SAVED] = (_encoder, decoder) => {
      this.confirm(decodeSavedPayload(decoder));
      // A refusal about the server's state (disk full, resync…) ends once it stores everything we have.
      if (this.denied !== null && isResilienceReason(this.denied) && isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), this.serverClock)) {
        this.denied = null;
      }
      this.refresh();
    };
    handlers[MESSAGE_AUTH] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        // The server ends a session whose token expired with this message, then closes (4401/4403). Stop
        // reconnecting now: the close may come later, and an 'online' event or a retry in between would
        // otherwise connect again with the dead token.
        if (reason === REASON_TOKEN_EXPIRED || reason === REASON_TOKEN_REVOKED) {
          this.expired = true;
          this.provider.shouldConnect = false;
        } else this.denied = reason || 'permission denied';
        this.refresh();
      });
    };
    const sync = handlers[MESSAGE_SYNC];
    if (sync) {
      handlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, type) => {
        const sv = peekSyncStep1(decoder);
        if (sv) this.confirm(sv);
        sync(encoder, decoder, provider, emitSynced, type);
        if (sv) this.refresh();
      };
    }
  }

  private confirm(sv: Uint8Array): void {
    mergeStateVector(this.serverClock, Y.decodeStateVector(sv));
    this.confirmed = true;
  }

  private compute(): RoomStatus {
    const connected = this.provider.wsconnected;
    const synced = this.provider.synced;
    if (synced) this.everSynced = true;
    const saved = this.confirmed && isCoveredBy(Y.decodeStateVector(Y.encodeStateVector(this.doc)), this.serverClock);
    return {
      state: this.expired ? 'expired' : roomSyncState({ connected, synced, saved }),
      connected,
      synced,
      saved,
      denied: this.denied,
      closed: this.closed,
      localLoaded: this.localLoaded,
      everSynced: this.everSynced,
      expired: this.expired,
    };
  }

  private readonly refresh = (): void => {
    if (this.destroyed) return;
    const next = this.compute();
    const prev = this.last;
    const same = (Object.keys(next) as Array<keyof RoomStatus>).every((k) => next[k] === prev[k]);
    this.last = next;
    if (!same) for (const l of this.listeners) l(next);
  };

  get status(): RoomStatus {
    return this.last;
  }

  get awareness() {
    return this.provider.awareness;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The sign-in no longer holds (seen by the pane, e.g. the API answered 401): stop reconnecting. */
  expire(): void {
    if (this.destroyed || this.expired) return;
    this.expired = true;
    this.provider.disconnect();
    this.refresh();
  }

  /**
   * A new token for the same user (signed in again, or renewed before expiry): the connection is made
   * again with it (y-websocket documents `params` as safe to update), and the edits kept while signed
   * out go out in its first sync.
   */
  renewToken(token: string, tokenExp: number | null): void {
    if (this.destroyed) return;
    this.provider.params = { ...this.provider.params, token };
    this.tokenExp = tokenExp;
    this.expired = false;
    this.closed = null;
    this.refresh();
    if (!this.localLoaded) return;
    // An open socket was authenticated with the old token, and the server ends it at that token's
    // expiry: reconnect now with the new one (a resync of the room, nothing is lost).
    if (this.provider.ws) this.provider.disconnect();
    this.provider.connect();
  }

  /** Resolves once the local copy is loaded and the first sync with the server completed. */
  whenSynced(timeoutMs = 10_000): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.last.synced) return resolve(true);
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.subscribe((s) => {
        if (s.synced) {
          clearTimeout(timer);
          off();
          resolve(true);
        }
      });
    });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.listeners.clear();
    if (typeof window !== 'undefined' && typeof window.removeEventListener === 'function') {
      window.removeEventListener('offline', this.goOffline);
      window.removeEventListener('online', this.goOnline);
    }
    this.provider.destroy();
    void this.persistence?.destroy();
    this.doc.destroy();
  }
}

/** The IndexedDB database of a room's local copy: one per room and user (`<room>@<sub>`). */
export function localCacheName(room: string, owner: string | null): string {
  return owner ? `${room}@${owner}` : room;
}
