/**
 * Issue 14, item 9: floods from one socket must not block the server nor pile up memory. Each test
 * sends the attack through the real server with a raw `ws` client or a stock y-websocket client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { REASON_RESYNC, REASON_TOO_LARGE } from '@piao/shared/protocol/resilience';
import { MAX_PENDING_BYTES } from '../../sync-server/src/sync/room';
import { DEFAULT_THROTTLE } from '../../sync-server/src/sync/throttle';
import { connectClient, rawConnect, room, startTestServer, storedBytes, waitFor, waitSynced, type TestServer } from '../support/server-harness';

const SECTOR = 'lavori-pubblici';
const R = room(SECTOR);
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: [SECTOR] };

function frame(write: (e: encoding.Encoder) => void): Buffer {
  const e = encoding.createEncoder();
  write(e);
  return Buffer.from(encoding.toUint8Array(e));
}
const step1 = (sv: Uint8Array) => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, sv)));
const update = (u: Uint8Array) => frame((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, u)));

/** Kind of a server frame: 'step2', 'auth:<reason>', or the raw type. */
function kind(m: Buffer): string {
  const d = decoding.createDecoder(new Uint8Array(m));
  const type = decoding.readVarUint(d);
  if (type === 0) return ['step1', 'step2', 'update'][decoding.readVarUint(d)] ?? 'sync?';
  if (type === 2) {
    decoding.readVarUint(d);
    return `auth:${decoding.readVarString(d)}`;
  }
  return String(type);
}

async function healthz(ts: TestServer): Promise<number> {
  const res = await fetch(`${ts.server.url}/healthz`);
  return res.status;
}

describe('floods', () => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer({ plans: [PLAN], config: { maxRoomBytes: 256 * 1024 } });
  });
  afterAll(async () => {
    await ts.stop();
  });

  it('a socket sending messages faster than its rate is slowed down, nothing is dropped, health answers', async () => {
    const token = await ts.token({ role: 'viewer' });
    const raw = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
    const N = DEFAULT_THROTTLE.burst + 3 * DEFAULT_THROTTLE.perSecond;
    const start = Date.now();
    const msg = step1(new Uint8Array([0]));
    for (let i = 0; i < N; i++) raw.ws!.send(msg);
    const replies = () => raw.messages.filter((m) => kind(m) === 'step2').length;
    // Health is served while the flood is held back.
    expect(await healthz(ts)).toBe(200);
    await waitFor(() => Date.now() - start > 1000, 3000, 'un secondo');
    const elapsed = (Date.now() - start) / 1000;
    // Bounded from above only: a slow machine answers fewer, never more.
    expect(replies()).toBeLessThanOrEqual(DEFAULT_THROTTLE.burst + DEFAULT_THROTTLE.perSecond * elapsed + 20);
    await waitFor(() => replies() === N, 15_000, 'tutte le risposte');
    raw.ws!.close();
  });

  it('sync step 2 answers are encoded once per version of the room', async () => {
    const r = await ts.server.rooms.getRoom(R);
    const sv = new Uint8Array([0]);
    const first = r.syncStep2(sv);
    expect(r.syncStep2(sv)).toBe(first);
    const c = connectClient(ts.syncUrl, R, await ts.token({ role: 'coordinator' }));
    try {
      await waitSynced(c);
      addRow(c.doc, 'obiettivi', { codice: 'OB-CACHE' }, 'test');
      await waitFor(() => r.syncStep2(sv) !== first, 5000, 'nuova versione');
      const fresh = new Y.Doc();
      const d = decoding.createDecoder(r.syncStep2(sv));
      decoding.readVarUint(d);
      decoding.readVarUint(d);
      Y.applyUpdate(fresh, decoding.readVarUint8Array(d));
      expect(readSheet(fresh, 'obiettivi').map((x) => x.values.codice)).toContain('OB-CACHE');
    } finally {
      c.destroy();
    }
  });

  it('updates that can never apply (missing dependencies) are bounded and their author is asked to resync', async () => {
    const token = await ts.token({ role: 'editor', sectors: [SECTOR] });
    const raw = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
    const before = await storedBytes(ts.server);
    const r = await ts.server.rooms.getRoom(R);
    let sent = 0;
    for (let i = 0; i < 40; i++) {
      // A row whose first struct is withheld: everything after it waits for it forever.
      const d = new Y.Doc();
      addRow(d, 'obiettivi', { codice: `OB-P${i}` }, 'test');
      const sv = Y.encodeStateVector(d);
      addRow(d, 'obiettivi', { codice: `OB-Q${i}`, descrizione: 'y'.repeat(30_000) }, 'test');
      const orphan = Y.encodeStateAsUpdate(d, sv);
      raw.ws!.send(update(orphan));
      sent += orphan.byteLength;
    }
    expect(sent).toBeGreaterThan(MAX_PENDING_BYTES);
    await waitFor(() => raw.messages.some((m) => kind(m) === `auth:${REASON_RESYNC}`), 5000, 'richiesta di risincronizzazione');
    expect(raw.messages.some((m) => kind(m) === 'step1')).toBe(true);
    expect(r.pendingBytes).toBeLessThanOrEqual(MAX_PENDING_BYTES);
    expect(await storedBytes(ts.server)).toEqual(before);
    expect(await healthz(ts)).toBe(200);
    raw.ws!.close();
  });

  it('a room past its size budget refuses updates with a clear reason, and keeps what it stored', async () => {
    const c = connectClient(ts.syncUrl, R, await ts.token({ role: 'coordinator' }));
    try {
      await waitSynced(c);
      for (let i = 0; i < 40 && c.denied.length === 0; i++) {
        addRow(c.doc, 'obiettivi', { codice: `OB-B${i}`, descrizione: 'z'.repeat(20_000) }, 'test');
        await new Promise((res) => setImmediate(res));
        await waitFor(async () => c.denied.length > 0 || (await storedBytes(ts.server)).bytes > 0, 5000, 'risposta');
      }
      await waitFor(() => c.denied.length > 0, 5000, 'rifiuto per dimensione');
      expect(c.denied[0]).toMatch(new RegExp(`^${REASON_TOO_LARGE}: la stanza .* \\(al massimo 0\\.3 MiB\\)`));
      const stored = await storedBytes(ts.server);
      expect(stored.bytes).toBeLessThanOrEqual(256 * 1024 + 64 * 1024);
      expect(c.provider.wsconnected).toBe(true);

      // Sending back what the room already holds is no growth: not refused, even past the budget.
      const r = await ts.server.rooms.getRoom(R);
      const raw = await rawConnect(`${ts.syncUrl}/${R}?token=${await ts.token({ role: 'coordinator' })}`);
      raw.ws!.send(update(Y.encodeStateAsUpdate(r.doc)));
      raw.ws!.send(step1(Y.encodeStateVector(r.doc)));
      await waitFor(() => raw.messages.filter((m) => kind(m) === 'step2').length >= 1, 5000, 'risposta dopo il duplicato');
      expect(raw.messages.filter((m) => kind(m).startsWith('auth:'))).toEqual([]);
      raw.ws!.close();
    } finally {
      c.destroy();
    }
  });
});
