import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_TOKEN_EXPIRED,
  CLOSE_TOKEN_REVOKED,
  MESSAGE_TOKEN,
  REASON_CLIENT_ID_TAKEN,
  REASON_TOKEN_EXPIRED,
  REASON_TOKEN_REVOKED,
} from '@piao/shared/protocol/identity';
import type { Principal } from '../context';
import { rejectedCounter } from '../metrics';
import {
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  PERMISSION_DENIED_REASON,
  permissionDeniedMessage,
  syncStep1Message,
} from './protocol';
import type { ClientIdRegistry } from './client-ids';
import { REASON_TOO_LARGE } from '@piao/shared/protocol/resilience';
import { MalformedPresenceError, PresenceGuard } from './presence';
import { TokenSession, type SessionEnd } from './token-session';
import { InvalidUpdateError, type Room, type RoomPeer } from './room';
import { MessageThrottle } from './throttle';

/** Close codes: RFC 6455 ones for bad input, 1011 for our own failures. */
export const CLOSE_UNSUPPORTED = 1003;
export const CLOSE_INVALID = 1007;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_SERVER_ERROR = 1011;

/** A client that stops reading is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** A read-only client is told at most this often, however many updates it sends. */
const DENIED_NOTICE_MS = 5_000;

class MalformedMessage extends Error {}

export interface ConnectionOptions {
  ws: WebSocket;
  room: Room;
  principal: Principal;
  writable: boolean;
  ack: boolean;
  logger: Logger;
  /**
   * Verifies a token sent on the open connection: its principal when it is the same user with the same
   * access to this room, null when it is valid but not interchangeable; throws when it does not verify.
   */
  verifyRenewal?: (token: string) => Promise<Principal | null>;
  /** Who owns which Yjs client id (absent: not checked, for tests of other parts). */
  clientIds?: ClientIdRegistry;
  /**
   * Largest message taken in. A bigger one (up to the socket's hard limit) is refused with a reason and
   * the connection stays open: closing (1009) made y-websocket reconnect and send it again, forever.
   */
  maxMessageBytes?: number;
  onClose(conn: Connection): void;
}

/** One WebSocket client in one room, speaking the y-websocket protocol. */
export class Connection implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  readonly room: Room;
  readonly principal: Principal;
  readonly writable: boolean;
  readonly ack: boolean;
  /** Cleared by each ping, set by the pong (or any message). */
  alive = true;
  private readonly ws: WebSocket;
  private readonly logger: Logger;
  private closing = false;
  private deniedAt = 0;
  private deniedReason = '';
  private readonly clientIds: ClientIdRegistry | undefined;
  private readonly maxMessageBytes: number;
  private readonly presence: PresenceGuard;
  private readonly session: TokenSession;
  /** Past its message rate the connection stops reading its socket (sync/throttle.ts). */
  private readonly throttle: MessageThrottle;

  constructor(opts: ConnectionOptions) {
    this.ws = opts.ws;
    this.room = opts.room;
    this.principal = opts.principal;
    this.writable = opts.writable;
    this.ack = opts.ack;
    this.logger = opts.logger;
    this.clientIds = opts.clientIds;
    this.maxMessageBytes = opts.maxMessageBytes ?? Number.POSITIVE_INFINITY;
    this.presence = new PresenceGuard(opts.room, opts.principal, this.awarenessIds, opts.clientIds);
    this.throttle = new MessageThrottle(this.ws);
    this.ws.on('message', (data, isBinary) => this.throttle.admit(() => this.onMessage(data, isBinary)));
    this.ws.on('pong', () => (this.alive = true));
    this.ws.on('error', (err) => this.logger.debug({ err }, 'errore sul socket'));
    this.session = new TokenSession(this.principal, (why) => this.endSession(why), this.logger, opts.verifyRenewal);
    this.session.start();
    this.ws.on('close', (code) => {
      this.closing = true;
      this.session.stop();
      this.presence.release();
      this.throttle.dispose();
      this.logger.debug({ code }, 'connessione chiusa');
      opts.onClose(this);
    });
  }

  /** Opens the sync: our state vector (so the client sends what we lack) and who is present. */
  start(): void {
    this.send(syncStep1Message(this.room.doc));
    const states = this.room.awarenessStates();
    if (states) this.send(states);
  }

  send(message: Uint8Array): void {
    if (this.closing || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.logger.warn({ buffered: this.ws.bufferedAmount }, 'il client non legge: connessione chiusa');
      this.terminate();
      return;
    }
    this.ws.send(message, (err) => {
      if (err) this.logger.debug({ err }, 'invio fallito');
    });
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
    // A peer that never completes the closing handshake must not hold the socket.
    setTimeout(() => this.ws.terminate(), 5_000).unref();
  }

  /**
   * Ends the session because the token no longer holds: a y-protocols auth message "permission denied"
   * with the reason (stock clients log it), then a close with a code of our own
   * (`@piao/shared/protocol/identity`), so the pane can tell "Accesso scaduto" from a network drop.
   */
  endSession(why: SessionEnd): void {
    if (this.closing) return;
    const [code, reason] = why === 'expired' ? [CLOSE_TOKEN_EXPIRED, REASON_TOKEN_EXPIRED] : [CLOSE_TOKEN_REVOKED, REASON_TOKEN_REVOKED];
    rejectedCounter.inc({ reason: why === 'expired' ? 'token_expired' : 'token_revoked' });
    this.logger.info({ sub: this.principal.sub, jti: this.principal.jti }, why === 'expired' ? 'token scaduto: connessione chiusa' : 'token revocato: connessione chiusa');
    this.send(permissionDeniedMessage(reason));
    this.close(code, reason);
  }

  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  ping(): void {
    if (!this.alive) {
      this.logger.info('nessuna risposta al ping: connessione chiusa');
      this.terminate();
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      this.terminate();
    }
  }

  private reject(code: number, reason: string, detail?: unknown): void {
    rejectedCounter.inc({ reason: code === CLOSE_UNSUPPORTED ? 'unsupported' : 'invalid' });
    this.logger.warn({ code, reason, detail: detail instanceof Error ? detail.message : detail }, 'messaggio rifiutato');
    this.close(code, reason);
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    this.alive = true;
    // A message that arrives after expiry, before the timer ran, must not be stored.
    if (this.session.expired) return this.endSession('expired');
    if (!isBinary) return this.reject(CLOSE_UNSUPPORTED, 'sono ammessi solo messaggi binari');
    const buf = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
    if (buf.byteLength > this.maxMessageBytes) {
      rejectedCounter.inc({ reason: 'too_large' });
      this.logger.warn({ sub: this.principal.sub, bytes: buf.byteLength }, 'messaggio oltre la dimensione massima: rifiutato');
      return this.deny(`${REASON_TOO_LARGE}: modifica di ${mib(buf.byteLength)} MiB (al massimo ${mib(this.maxMessageBytes)} MiB), dividerla in parti più piccole`);
    }
    try {
      this.dispatch(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    } catch (err) {
      if (err instanceof InvalidUpdateError) this.reject(CLOSE_INVALID, err.message);
      else if (err instanceof MalformedMessage || err instanceof MalformedPresenceError) this.reject(CLOSE_INVALID, err.message);
      else this.reject(CLOSE_INVALID, 'messaggio malformato', err);
    }
  }

  private dispatch(buf: Uint8Array): void {
    const decoder = decoding.createDecoder(buf);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        end(decoder);
        if (step === syncProtocol.messageYjsSyncStep1) {
          let reply: Uint8Array;
          try {
            reply = this.room.syncStep2(payload);
          } catch {
            throw new MalformedMessage('vettore di stato non valido');
          }
          this.send(reply);
          if (this.ack) this.room.sendSaved(this);
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          this.receiveUpdate(payload);
        } else {
          this.reject(CLOSE_UNSUPPORTED, `tipo di messaggio sync sconosciuto: ${step}`);
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        const payload = decoding.readVarUint8Array(decoder);
        end(decoder);
        // Only this connection's own entries, with the identity of its token (presence.ts).
        const allowed = this.presence.filter(payload);
        if (allowed) this.room.applyAwareness(allowed, this);
        return;
      }
      case MESSAGE_QUERY_AWARENESS: {
        const states = this.room.awarenessStates();
        if (states) this.send(states);
        return;
      }
      case MESSAGE_AUTH:
        // Only servers have something to say with it; a client's auth message is ignored.
        return;
      case MESSAGE_TOKEN: {
        const token = decoding.readVarString(decoder);
        end(decoder);
        this.session.renew(token);
        return;
      }
      default:
        this.reject(CLOSE_UNSUPPORTED, `tipo di messaggio sconosciuto: ${type}`);
    }
  }

  private receiveUpdate(update: Uint8Array): void {
    if (!this.writable) {
      // The sync step 2 of a client with nothing new is not a write attempt.
      if (this.room.contains(update)) return;
      this.deny();
      return;
    }
    if (this.clientIds) {
      let foreign: number[];
      try {
        foreign = this.clientIds.foreignClients(this.room.name, update, this.principal.sub, this.room.doc);
      } catch {
        throw new InvalidUpdateError();
      }
      if (foreign.length > 0) {
        // Stored, these structs would occupy clocks the owner's own (offline) edits need: refuse them all.
        rejectedCounter.inc({ reason: 'client_id_taken' });
        this.logger.warn({ sub: this.principal.sub, clients: foreign }, 'modifica rifiutata: id client Yjs di un altro utente');
        this.deny(REASON_CLIENT_ID_TAKEN);
        return;
      }
    }
    // Bad input throws here, synchronously; a failed commit closes the connection from the room.
    this.room.submit(update, this.principal.sub, this).catch(() => {});
  }

  private deny(reason = PERMISSION_DENIED_REASON): void {
    if (reason === PERMISSION_DENIED_REASON) rejectedCounter.inc({ reason: 'read_only' });
    const now = Date.now();
    if (reason === this.deniedReason && now - this.deniedAt < DENIED_NOTICE_MS) return;
    this.deniedAt = now;
    this.deniedReason = reason;
    if (reason === PERMISSION_DENIED_REASON) this.logger.info({ sub: this.principal.sub, room: this.room.name }, 'modifica rifiutata: accesso in sola lettura');
    this.send(permissionDeniedMessage(reason));
  }
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1).replace('.', ',');

function end(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MalformedMessage('dati in eccesso nel messaggio');
}
