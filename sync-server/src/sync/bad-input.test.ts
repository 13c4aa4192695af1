import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { REASON_TOO_LARGE } from '@piao/shared/protocol/resilience';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import {
  connectClient,
  rawConnect,
  room,
  startTestServer,
  storedBytes,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../../../test/support/server-harness';

const MAX_BYTES = 64 * 1024;

function msg(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/** A sync "update" message around arbitrary bytes. */
function updateFrame(update: Uint8Array): Uint8Array {
  return msg((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
}

/** Deterministic pseudo-random bytes (mulberry32), so a failure replays. */
function randomBytes(seed: number, n: number): Uint8Array {
  let a = seed;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

function realUpdate(): Uint8Array {
  const d = new Y.Doc();
  addRow(d, 'obiettivi', { codice: 'X-1', titolo: 'un titolo abbastanza lungo da troncare' }, 'test');
  return Y.encodeStateAsUpdate(d);
}

describe('bad input never crashes the server nor touches the store', () => {
  let ts: TestServer;
  let token: string;
  const R = room('lavori-pubblici');
  const good: TestClient[] = [];
  let disconnects = 0;

  beforeAll(async () => {
    ts = await startTestServer({
      plans: [{ ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] }],
      config: { maxMessageBytes: MAX_BYTES, maxConnectionsPerToken: 10 },
    });
    token = await ts.token({ role: 'editor', sectors: ['lavori-pubblici'] });
    for (let i = 0; i < 2; i++) {
      const c = connectClient(ts.syncUrl, R, await ts.token({ role: 'coordinator', sub: `good-${i}` }));
      c.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected') disconnects++;
      });
      good.push(c);
      await waitSynced(c);
    }
    addRow(good[0]!.doc, 'obiettivi', { codice: 'OB-1' }, 'test');
    await waitFor(() => readSheet(good[1]!.doc, 'obiettivi').length === 1, 5000, 'stato iniziale');
  });
  afterAll(async () => {
    for (const c of good) c.destroy();
    await ts.stop();
  });

  /** Sends one frame on a fresh connection; resolves with the close code the server chose. */
  async function sendAndClose(frame: Uint8Array | string, waitMs = 2000): Promise<number> {
    const r = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
    expect(r.status).toBeUndefined();
    r.ws!.send(frame, { binary: typeof frame !== 'string' });
    const timeout = new Promise<{ code: number }>((res) => setTimeout(() => res({ code: -1 }), waitMs));
    const { code } = await Promise.race([r.closed, timeout]);
    r.ws!.terminate();
    return code;
  }

  it('closes the offending connection with a reason and stores nothing', async () => {
    const before = await storedBytes(ts.server);
    const update = realUpdate();
    const cases: Array<[string, Uint8Array | string, number]> = [
      ['unknown message type', new Uint8Array([42]), 1003],
      ['unknown sync step', new Uint8Array([0, 7, 0]), 1003],
      ['text frame', 'ciao', 1003],
      ['truncated: type only', new Uint8Array([0]), 1007],
      ['truncated: step without payload', new Uint8Array([0, 2]), 1007],
      ['truncated: length beyond end', new Uint8Array([0, 2, 10, 1, 2]), 1007],
      ['trailing bytes', new Uint8Array([...updateFrame(new Uint8Array([0, 0])), 9, 9]), 1007],
      ['truncated update', updateFrame(update.slice(0, Math.floor(update.length / 2))), 1007],
      ['undecodable content ref', updateFrame(new Uint8Array([1, 1, 123, 0, 0x1f, 1, 1, 97, 0])), 1007],
      ['random update bytes', updateFrame(randomBytes(7, 300)), 1007],
      ['bad state vector in step 1', new Uint8Array([0, 0, 3, 5, 200, 200]), 1007],
      ['bad awareness', new Uint8Array([1, 3, 1, 2, 200]), 1007],
      ['frame past the socket hard limit (twice the message limit)', updateFrame(new Uint8Array(2 * MAX_BYTES + 10)), 1009],
    ];
    for (const [what, frame, code] of cases) expect([what, await sendAndClose(frame)]).toEqual([what, code]);
    // Random frames: whatever they decode to, nothing is stored and nobody else is disturbed.
    for (let seed = 1; seed <= 30; seed++) await sendAndClose(randomBytes(seed, 1 + (seed * 37) % 400), 200);

    expect(await storedBytes(ts.server)).toEqual(before);
    addRow(good[1]!.doc, 'obiettivi', { codice: 'OB-2' }, 'test');
    await waitFor(() => readSheet(good[0]!.doc, 'obiettivi').length === 2, 5000, 'i client buoni continuano');
    expect(disconnects).toBe(0);
    expect((await storedBytes(ts.server)).records).toBe(before.records + 1);
  });

  it('an update over the message limit is refused with a reason and the connection stays open (closing made y-websocket send it again, forever)', async () => {
    const before = await storedBytes(ts.server);
    const r = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
    const d = new Y.Doc();
    addRow(d, 'obiettivi', { codice: 'BIG-1', descrizione: 'x'.repeat(MAX_BYTES + 100) }, 'test');
    r.ws!.send(updateFrame(Y.encodeStateAsUpdate(d)));
    const denied = (m: Buffer) => {
      const dec = decoding.createDecoder(new Uint8Array(m));
      if (decoding.readVarUint(dec) !== 2) return null;
      decoding.readVarUint(dec);
      return decoding.readVarString(dec);
    };
    await waitFor(() => r.messages.some((m) => denied(m)?.startsWith(`${REASON_TOO_LARGE}: `)), 5000, 'rifiuto per dimensione');
    expect(r.ws!.readyState).toBe(r.ws!.OPEN);
    expect(await storedBytes(ts.server)).toEqual(before);
    r.ws!.terminate();
  });

  it('a garbage message after valid ones closes only that connection; its valid updates stay', async () => {
    const r = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(good[0]!.doc));
    const base = Y.encodeStateVector(d);
    addRow(d, 'obiettivi', { codice: 'RAW-1' }, 'test');
    r.ws!.send(updateFrame(Y.encodeStateAsUpdate(d, base)));
    r.ws!.send(new Uint8Array([99]));
    expect((await r.closed).code).toBe(1003);
    await waitFor(() => readSheet(good[1]!.doc, 'obiettivi').some((x) => x.values.codice === 'RAW-1'), 5000, 'valid update relayed');
  });

  it('bounds a flood of connections; the server and its clients carry on', async () => {
    const before = await storedBytes(ts.server);
    const flood = await Promise.all(Array.from({ length: 200 }, () => rawConnect(`${ts.syncUrl}/${R}?token=${token}`)));
    const accepted = flood.filter((r) => r.status === undefined);
    const refused = flood.filter((r) => r.status === 429);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(190);
    expect(refused.every((r) => r.messages.length === 0)).toBe(true);
    const anonymous = await Promise.all(Array.from({ length: 50 }, () => rawConnect(`${ts.syncUrl}/${R}`)));
    expect(anonymous.every((r) => r.status === 401)).toBe(true);
    for (const r of accepted) r.ws!.terminate();
    // Closed connections free their slots.
    await waitFor(async () => {
      const r = await rawConnect(`${ts.syncUrl}/${R}?token=${token}`);
      r.ws?.terminate();
      return r.status === undefined;
    }, 5000, 'slot liberati');
    addRow(good[0]!.doc, 'obiettivi', { codice: 'OB-3' }, 'test');
    await waitFor(() => readSheet(good[1]!.doc, 'obiettivi').some((x) => x.values.codice === 'OB-3'), 5000, 'dopo il flood');
    expect(disconnects).toBe(0);
    expect((await storedBytes(ts.server)).records).toBe(before.records + 1);
  });
});
