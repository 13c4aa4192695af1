/**
 * Issue 14, item 3 ("Saved can lie"): a second writer of a room took an offline victim's Yjs client id
 * and wrote structs under it; the victim's later offline edits then fell inside clocks the server
 * already held and were silently dropped, while the save confirmation (a plain state vector) told the
 * victim they were saved. Through the real server and stock y-websocket clients: the forged structs
 * are refused (auth message, nothing stored), the victim's edits are stored, and the binding of client
 * ids to users survives a restart (it is rebuilt from the durable log).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { REASON_CLIENT_ID_TAKEN } from '@piao/shared/protocol/identity';
import { isSavedOnServer } from '../../addin/src/sync/save-status';
import {
  connectClient,
  room,
  startTestServer,
  storedBytes,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../support/server-harness';

const LP = 'lavori-pubblici';
const PLAN = { ente: 'casale-monferrato', triennio: '2022-2024', sectors: [LP] };

describe('identity: Yjs client ids belong to the user who first wrote them', () => {
  let ts: TestServer | null = null;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) {
      // The attacker's provider trips over its changed clientID on destroy (stock awareness code).
      c.doc.clientID = c.provider.awareness.clientID;
      c.destroy();
    }
    await ts?.stop();
    ts = null;
  });
  const open = async (server: TestServer, token: string, opts: { doc?: Y.Doc; ack?: boolean } = {}) => {
    const c = connectClient(server.syncUrl, room(LP), token, opts);
    clients.push(c);
    await waitSynced(c);
    return c;
  };
  const codes = (doc: Y.Doc) => readSheet(doc, 'obiettivi').map((r) => r.values.codice).sort();

  /** The attacker syncs the room, then writes under `victimId` from the victim's current clock on. */
  async function forge(server: TestServer, victimId: number, codice: string) {
    const attacker = await open(server, await server.token({ role: 'coordinator', sub: 'mallory' }));
    attacker.doc.clientID = victimId;
    addRow(attacker.doc, 'obiettivi', { codice }, 'test');
    return attacker;
  }

  it("refuses structs under another user's client id; the victim's offline edits are stored and its 'saved' is true", async () => {
    ts = await startTestServer({ plans: [PLAN] });
    const server = ts;
    const victim = await open(server, await server.token({ role: 'editor', sub: 'vittima', sectors: [LP] }), { ack: true });
    addRow(victim.doc, 'obiettivi', { codice: 'V-1' }, 'test');
    await waitFor(() => victim.saved.some((sv) => isSavedOnServer(Y.encodeStateVector(victim.doc), sv)), 5000, 'prima riga salvata');

    // The victim goes offline and keeps editing.
    victim.provider.disconnect();
    addRow(victim.doc, 'obiettivi', { codice: 'V-OFFLINE' }, 'test');

    const before = await storedBytes(server.server);
    const attacker = await forge(server, victim.doc.clientID, 'FALSO');
    await waitFor(() => attacker.denied.includes(REASON_CLIENT_ID_TAKEN), 5000, 'rifiuto della falsificazione');
    expect(await storedBytes(server.server)).toEqual(before);

    // The victim comes back: its offline row is stored and seen by others.
    const savedBefore = victim.saved.length;
    victim.provider.connect();
    const watcher = await open(server, await server.token({ role: 'viewer', sub: 'oiv' }));
    await waitFor(() => codes(watcher.doc).includes('V-OFFLINE'), 5000, 'riga offline della vittima');
    expect(codes(watcher.doc)).toEqual(['V-1', 'V-OFFLINE']);
    // And only now may its badge say "saved": the confirmation covers edits the server really holds.
    await waitFor(() => victim.saved.length > savedBefore && isSavedOnServer(Y.encodeStateVector(victim.doc), victim.saved.at(-1)!), 5000, 'conferma');
    expect(Y.encodeStateVector(watcher.doc)).toEqual(Y.encodeStateVector(victim.doc));
  });

  it('the same user may write under its own client id from a new connection; ownership survives a restart', async () => {
    ts = await startTestServer({ plans: [PLAN] });
    const dataDir = ts.dataDir;
    const token = await ts.token({ role: 'editor', sub: 'anna', sectors: [LP] });
    const doc = new Y.Doc();
    const first = await open(ts, token, { doc });
    addRow(doc, 'obiettivi', { codice: 'A-1' }, 'test');
    await waitFor(async () => (await storedBytes(ts!.server)).records >= 2, 5000, 'riga salvata');
    first.destroy();
    // A second tab of the same user, with the same document (as the offline cache gives it back).
    const again = await open(ts, await ts.token({ role: 'editor', sub: 'anna', sectors: [LP] }), { doc });
    addRow(doc, 'obiettivi', { codice: 'A-2' }, 'test');
    await waitFor(async () => (await storedBytes(ts!.server)).records >= 3, 5000, 'seconda riga salvata');
    expect(again.denied).toEqual([]);
    again.destroy();

    await ts.stop({ keepData: true });
    ts = await startTestServer({ dataDir });
    const before = await storedBytes(ts.server);
    const attacker = await forge(ts, doc.clientID, 'FALSO');
    await waitFor(() => attacker.denied.includes(REASON_CLIENT_ID_TAKEN), 5000, 'rifiuto dopo il riavvio');
    expect(await storedBytes(ts.server)).toEqual(before);
    // The attacker's own client id still works: only the forged structs were refused.
    const honest = await open(ts, await ts.token({ role: 'coordinator', sub: 'mallory' }));
    addRow(honest.doc, 'obiettivi', { codice: 'M-1' }, 'test');
    await waitFor(async () => (await storedBytes(ts!.server)).records > before.records, 5000, 'riga onesta salvata');
  });
});
