import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import { encodeSavedMessage, MESSAGE_SYNC } from './protocol';

/**
 * A small y-websocket server for the client tests: it speaks the real protocol (y-protocols sync and
 * auth) and sends our save confirmation (message 100) after it "stores" an update, unless told to hold
 * confirmations back. Not the product server: just enough to drive the provider through real sockets.
 */
export interface FakeSyncServer {
  url: string;
  /** The server's copy of each room, by room path (`ente/triennio/room`). */
  docs: Map<string, Y.Doc>;
  /** Paths each connection asked for, with their query strings. */
  requests: string[];
  /** Hold back save confirmations (the server received updates but did not commit them). */
  holdConfirmations: boolean;
  /** Rooms where clients may only read. */
  readOnly: Set<string>;
  /** Sends the pending confirmations of every room. */
  confirmAll(): void;
  close(): Promise<void>;
}

export async function startFakeSyncServer(port = 0): Promise<FakeSyncServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const docs = new Map<string, Y.Doc>();
  const sockets = new Map<string, Set<WebSocket>>();
  const server: FakeSyncServer = {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/sync`,
    docs,
    requests: [],
    holdConfirmations: false,
    readOnly: new Set(),
    confirmAll() {
      for (const [room, set] of sockets) {
        const sv = Y.encodeStateVector(docFor(room));
        for (const ws of set) ws.send(encodeSavedMessage(sv));
      }
    },
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => r());
      }),
  };
  const docFor = (room: string) => {
    let d = docs.get(room);
    if (!d) docs.set(room, (d = new Y.Doc()));
    return d;
  };

  wss.on('connection', (ws, req) => {
    server.requests.push(req.url ?? '');
    const room = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/sync\//, ''));
    const doc = docFor(room);
    const readOnly = server.readOnly.has(room);
    let set = sockets.get(room);
    if (!set) sockets.set(room, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set.delete(ws));
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
      for (const other of set) if (other !== origin) other.send(encoding.toUint8Array(e));
    };
    doc.on('update', onUpdate);
    ws.on('close', () => doc.off('update', onUpdate));

    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const encoder = encoding.createEncoder();
      const type = decoding.readVarUint(decoder);
      if (type !== MESSAGE_SYNC) return;
      const before = decoding.clone(decoder);
      const syncType = decoding.readVarUint(before);
      if (readOnly && syncType !== syncProtocol.messageYjsSyncStep1) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 2);
        authProtocol.writePermissionDenied(e, 'sola lettura');
        ws.send(encoding.toUint8Array(e));
        return;
      }
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, doc, ws);
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
      if (syncType !== syncProtocol.messageYjsSyncStep1 && !server.holdConfirmations) {
        ws.send(encodeSavedMessage(Y.encodeStateVector(doc)));
      }
    });

    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, doc);
    ws.send(encoding.toUint8Array(step1));
  });
  return server;
}
