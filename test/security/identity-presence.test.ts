/**
 * Issue 14, item 2: presence could be forged — any editor or viewer could publish presence under any
 * name or `sub`, overwrite or remove another client's entry with a higher clock, and flood everyone
 * with entries. Through the real server, stock y-websocket clients and a raw socket speaking the
 * y-protocols awareness message: identity comes from the token, ids belong to the connection that
 * announced them first, entries and sizes are capped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { addRow } from '@piao/shared/doc/rows';
import { MESSAGE_AWARENESS } from '../../sync-server/src/sync/protocol';
import { MAX_PRESENCE_IDS } from '../../sync-server/src/sync/presence';
import {
  connectClient,
  rawConnect,
  room,
  startTestServer,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../support/server-harness';

const PIANO = '_piano';
type State = { user?: { sub?: string; name?: string; role?: string; color?: string }; sheet?: string; pad?: string } | null;

/** One awareness message as y-protocols encodes it: count, then (clientID, clock, JSON state) each. */
function awarenessFrame(entries: { id: number; clock: number; state: State }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.id);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

describe('identity: presence comes from the token and belongs to its connection', () => {
  let ts: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    ts = await startTestServer({ plans: [{ ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici'] }] });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await ts.stop();
  });
  const open = async (p: { role: 'editor' | 'viewer' | 'coordinator'; sub: string; name?: string }) => {
    const c = connectClient(ts.syncUrl, room(PIANO), await ts.token({ ...p, sectors: p.role === 'editor' ? ['lavori-pubblici'] : [] }));
    clients.push(c);
    await waitSynced(c);
    return c;
  };
  const raw = async (p: { role: 'editor' | 'viewer' | 'coordinator'; sub: string }) => {
    const r = await rawConnect(`${ts.syncUrl}/${room(PIANO)}?token=${await ts.token({ ...p, sectors: p.role === 'editor' ? ['lavori-pubblici'] : [] })}`);
    return r.ws!;
  };
  const states = (c: TestClient) => c.provider.awareness.getStates() as Map<number, Exclude<State, null>>;

  it('a client that claims another name, sub or role is shown with its token identity (its colour kept)', async () => {
    const mallory = await open({ role: 'viewer', sub: 'mallory', name: 'Mallory OIV' });
    const watcher = await open({ role: 'coordinator', sub: 'watcher-1' });
    mallory.provider.awareness.setLocalState({ user: { sub: 'segretario', name: 'Segretario generale', role: 'coordinator', color: '#aa3300' }, sheet: 'obiettivi' });
    await waitFor(() => states(watcher).has(mallory.doc.clientID), 5000, 'presenza di mallory');
    expect(states(watcher).get(mallory.doc.clientID)).toEqual({
      user: { sub: 'mallory', name: 'Mallory OIV', role: 'viewer', color: '#aa3300' },
      sheet: 'obiettivi',
    });
  });

  it("another connection cannot overwrite or remove a client's entry with a higher clock; the same user can take it over", async () => {
    const victim = await open({ role: 'editor', sub: 'vittima', name: 'Vera Vittima' });
    const watcher = await open({ role: 'coordinator', sub: 'watcher-2' });
    victim.provider.awareness.setLocalState({ user: { name: 'Vera Vittima' }, sheet: 'rischi' });
    const id = victim.doc.clientID;
    await waitFor(() => states(watcher).get(id)?.sheet === 'rischi', 5000, 'presenza della vittima');

    const attacker = await raw({ role: 'editor', sub: 'mallory' });
    attacker.send(awarenessFrame([{ id, clock: 1000, state: { user: { name: 'Vera Vittima' }, sheet: 'FALSO' } }]));
    attacker.send(awarenessFrame([{ id, clock: 1001, state: null }]));
    // A marker after the attack: once the watcher sees it, the attack frames were processed before it.
    attacker.send(awarenessFrame([{ id: 424242, clock: 1, state: { sheet: 'marker' } }]));
    await waitFor(() => states(watcher).get(424242)?.sheet === 'marker', 5000, 'marcatore');
    expect(states(watcher).get(id)).toMatchObject({ user: { sub: 'vittima' }, sheet: 'rischi' });
    expect(states(watcher).get(424242)!.user).toMatchObject({ sub: 'mallory' });
    attacker.close();

    // The victim's own second connection (a reconnect while the first socket lingers) may take it over.
    const sameUser = await raw({ role: 'editor', sub: 'vittima' });
    sameUser.send(awarenessFrame([{ id, clock: 2000, state: { sheet: 'ripreso' } }]));
    await waitFor(() => states(watcher).get(id)?.sheet === 'ripreso', 5000, 'ripresa dallo stesso utente');
    sameUser.close();
  });

  it('caps the entries and the size one connection may publish', async () => {
    const watcher = await open({ role: 'coordinator', sub: 'watcher-3' });
    const flooder = await raw({ role: 'viewer', sub: 'flood' });
    const before = states(watcher).size;
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: 1_000_000 + i, clock: 1, state: { sheet: `s${i}` } }));
    flooder.send(awarenessFrame(many));
    flooder.send(awarenessFrame([{ id: 1_000_000, clock: 2, state: { sheet: 'x', pad: 'x'.repeat(1024 * 1024) } }]));
    flooder.send(awarenessFrame([{ id: 1_000_000, clock: 3, state: { sheet: 'marker' } }]));
    await waitFor(() => states(watcher).get(1_000_000)?.sheet === 'marker', 5000, 'marcatore');
    const fromFlooder = [...states(watcher).values()].filter((s) => s.user?.sub === 'flood');
    expect(fromFlooder.length).toBe(MAX_PRESENCE_IDS);
    expect(states(watcher).size).toBe(before + MAX_PRESENCE_IDS);
    flooder.close();
    await waitFor(() => states(watcher).size === before, 5000, 'presenze rimosse alla chiusura');
  });

  it("a Yjs client id someone wrote under cannot be announced as another user's presence", async () => {
    const writer = await open({ role: 'coordinator', sub: 'scrittore' });
    addRow(writer.doc, 'settori', { id: 'nuovo', denominazione: 'Nuovo' }, 'test');
    const watcher = await open({ role: 'coordinator', sub: 'watcher-4' });
    await waitFor(() => Y.getState(watcher.doc.store, writer.doc.clientID) > 0, 5000, 'scrittura ricevuta');
    const attacker = await raw({ role: 'viewer', sub: 'mallory-2' });
    attacker.send(awarenessFrame([{ id: writer.doc.clientID, clock: 50, state: { sheet: 'FALSO' } }]));
    attacker.send(awarenessFrame([{ id: 777, clock: 1, state: { sheet: 'marker' } }]));
    await waitFor(() => states(watcher).get(777)?.sheet === 'marker', 5000, 'marcatore');
    expect(states(watcher).get(writer.doc.clientID)?.sheet).not.toBe('FALSO');
    attacker.close();
  });
});
