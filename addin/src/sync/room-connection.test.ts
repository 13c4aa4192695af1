import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { RoomConnection, localCacheName, type RoomStatus } from './room-connection';
import { startFakeSyncServer, type FakeSyncServer } from './fake-sync-server';

let server: FakeSyncServer;
const open: RoomConnection[] = [];

function connect(room = 'lavori-pubblici', token = 'tok-1'): RoomConnection {
  const c = new RoomConnection({
    serverUrl: server.url,
    ente: 'casale-monferrato',
    triennio: '2022-2024',
    room,
    token,
    persist: false,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  open.push(c);
  return c;
}

/** Waits for a condition on the connection (checked on every status change and every 10 ms). */
function until(c: RoomConnection, pred: (s: RoomStatus) => boolean, ms = 3000): Promise<RoomStatus> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pred(c.status)) return;
      clearTimeout(t);
      clearInterval(poll);
      off();
      resolve(c.status);
    };
    const t = setTimeout(() => {
      clearInterval(poll);
      off();
      reject(new Error(`stato atteso non raggiunto: ${JSON.stringify(c.status)}`));
    }, ms);
    const poll = setInterval(check, 10);
    const off = c.subscribe(check);
    check();
  });
}

beforeEach(async () => {
  server = await startFakeSyncServer();
});
afterEach(async () => {
  for (const c of open.splice(0)) c.destroy();
  await server.close();
});

describe('RoomConnection', () => {
  it('connects to /sync/<ente>/<triennio>/<room> with the token and ack=1', async () => {
    const c = connect();
    await until(c, (s) => s.synced);
    expect(server.requests[0]).toMatch(/^\/sync\/casale-monferrato\/2022-2024\/lavori-pubblici\?/);
    expect(server.requests[0]).toContain('token=tok-1');
    expect(server.requests[0]).toContain('ack=1');
  });

  it('says saved only after the server confirms it stored the edit', async () => {
    const c = connect();
    await until(c, (s) => s.state === 'saved');
    server.holdConfirmations = true;
    addRow(c.doc, 'obiettivi', { codice: 'LLPP-01', titolo: 'Manutenzione strade' }, 'test');
    expect(c.status.state).toBe('syncing');
    // The server has the row, but has not confirmed it: still not saved.
    const stored = server.docs.get('casale-monferrato/2022-2024/lavori-pubblici')!;
    await new Promise((r) => setTimeout(r, 100));
    expect(readSheet(stored, 'obiettivi').map((r) => r.values.codice)).toEqual(['LLPP-01']);
    expect(c.status.state).toBe('syncing');
    server.confirmAll();
    const s = await until(c, (st) => st.state === 'saved');
    expect(s.saved).toBe(true);
  });

  it('receives other clients’ edits and stays saved (what the server relays it has stored)', async () => {
    const a = connect();
    const b = connect('lavori-pubblici', 'tok-2');
    await until(a, (s) => s.state === 'saved');
    await until(b, (s) => s.state === 'saved');
    server.holdConfirmations = true;
    addRow(a.doc, 'rischi', { codice: 'R1' }, 'test');
    await until(b, () => readSheet(b.doc, 'rischi').length === 1);
    expect(b.status.state).toBe('saved');
    server.confirmAll();
    await until(a, (s) => s.state === 'saved');
    expect(b.status.state).toBe('saved');
  });

  it('reports a read-only room from the auth message and never claims the edit was saved', async () => {
    server.readOnly.add('casale-monferrato/2022-2024/_piano');
    const c = connect('_piano');
    await until(c, (s) => s.state === 'saved');
    c.doc.getMap('ente').set('denominazione', 'Altro');
    const s = await until(c, (st) => st.denied !== null);
    expect(s.denied).toBe('sola lettura');
    expect(s.state).toBe('syncing');
    expect(server.docs.get('casale-monferrato/2022-2024/_piano')!.getMap('ente').size).toBe(0);
  });

  it('goes offline when the server goes away, and merges offline edits on reconnect', async () => {
    const c = connect();
    await until(c, (s) => s.state === 'saved');
    const port = new URL(server.url).port;
    await server.close();
    await until(c, (s) => s.state === 'offline');
    addRow(c.doc, 'obiettivi', { codice: 'OFF-1' }, 'test');
    expect(c.status.state).toBe('offline');
    // A new server on the same port, holding an edit made meanwhile by someone else.
    server = await startFakeSyncServer(Number(port));
    const other = new Y.Doc();
    addRow(other, 'obiettivi', { codice: 'ALTRO-1' }, 'test');
    Y.applyUpdate(server.docs.get('casale-monferrato/2022-2024/lavori-pubblici') ?? newRoom(), Y.encodeStateAsUpdate(other));
    const s = await until(c, (st) => st.state === 'saved', 8000);
    expect(s.saved).toBe(true);
    const codes = (d: Y.Doc) => readSheet(d, 'obiettivi').map((r) => r.values.codice).sort();
    expect(codes(c.doc)).toEqual(['ALTRO-1', 'OFF-1']);
    expect(codes(server.docs.get('casale-monferrato/2022-2024/lavori-pubblici')!)).toEqual(['ALTRO-1', 'OFF-1']);
  });
});

function newRoom(): Y.Doc {
  const d = new Y.Doc();
  server.docs.set('casale-monferrato/2022-2024/lavori-pubblici', d);
  return d;
}


describe('local copy per user', () => {
  it('names one IndexedDB database per room and user, so one user’s unsent edits never go out under another’s sign-in', () => {
    const room = 'casale-monferrato/2022-2024/finanze';
    expect(localCacheName(room, 'm.rossi')).not.toBe(localCacheName(room, 'g.bianchi'));
    expect(localCacheName(room, 'm.rossi')).toBe(`${room}@m.rossi`);
    expect(localCacheName(room, null)).toBe(room);
  });
});
