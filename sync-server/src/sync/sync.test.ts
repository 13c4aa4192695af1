import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addRow, readSheet, updateRow } from '@piao/shared/doc/rows';
import {
  connectClient,
  room,
  sameContent,
  startTestServer,
  waitFor,
  waitSynced,
  type TestClient,
  type TestServer,
} from '../../../test/support/server-harness';
import { docFromState } from '../data-dir';

describe('sync with stock y-websocket clients', () => {
  let ts: TestServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    ts = await startTestServer({ plans: [{ ente: 'casale-monferrato', triennio: '2022-2024', sectors: ['lavori-pubblici', 'ragioneria'] }] });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await ts.stop();
  });
  const open = async (sector: string, sectors: string[]) => {
    const c = connectClient(ts.syncUrl, room(sector), await ts.token({ role: 'editor', sectors }));
    clients.push(c);
    await waitSynced(c);
    return c;
  };

  it('two editors in one sector and one in another converge; a late joiner gets everything', async () => {
    const a = await open('lavori-pubblici', ['lavori-pubblici']);
    const b = await open('lavori-pubblici', ['lavori-pubblici']);
    const other = await open('ragioneria', ['ragioneria']);

    const rowA = addRow(a.doc, 'obiettivi', { codice: 'OB-1', titolo: 'Manutenzione strade' }, 'test');
    const rowB = addRow(b.doc, 'obiettivi', { codice: 'OB-2', titolo: 'Illuminazione' }, 'test');
    await waitFor(() => readSheet(a.doc, 'obiettivi').length === 2 && readSheet(b.doc, 'obiettivi').length === 2, 5000, 'righe');
    // Concurrent edits of different cells of the same row both survive.
    updateRow(a.doc, 'obiettivi', rowB, { titolo: 'Illuminazione pubblica' }, 'test');
    updateRow(b.doc, 'obiettivi', rowB, { peso: 40 }, 'test');
    updateRow(b.doc, 'obiettivi', rowA, { peso: 60 }, 'test');
    addRow(other.doc, 'obiettivi', { codice: 'RAG-1', titolo: 'Bilancio' }, 'test');
    await waitFor(() => sameContent(a.doc, b.doc) && readSheet(a.doc, 'obiettivi').find((r) => r.id === rowB)?.values.peso === 40
      && readSheet(b.doc, 'obiettivi').find((r) => r.id === rowB)?.values.titolo === 'Illuminazione pubblica', 5000, 'convergenza');
    expect(readSheet(a.doc, 'obiettivi').map((r) => r.values)).toEqual(readSheet(b.doc, 'obiettivi').map((r) => r.values));
    expect(readSheet(a.doc, 'obiettivi').find((r) => r.id === rowB)!.values).toMatchObject({ titolo: 'Illuminazione pubblica', peso: 40 });
    // Rooms are separate documents.
    expect(readSheet(other.doc, 'obiettivi').map((r) => r.values.codice)).toEqual(['RAG-1']);

    const late = await open('lavori-pubblici', ['lavori-pubblici']);
    await waitFor(() => sameContent(late.doc, a.doc), 5000, 'nuovo arrivato');
    expect(readSheet(late.doc, 'obiettivi')).toHaveLength(2);

    // What the clients see is what is stored.
    await waitFor(async () => sameContent(docFromState(await ts.server.storage.load(room('lavori-pubblici'))), a.doc), 5000, 'stored');
  });

  it('relays awareness between clients of a room and drops it when one leaves', async () => {
    const a = await open('ragioneria', ['ragioneria']);
    const b = await open('ragioneria', ['ragioneria']);
    a.provider.awareness.setLocalState({ user: { name: 'Anna' }, row: 'r1' });
    // The relayed state carries the name of a's token, not the one it claimed (presence.ts).
    await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.row === 'r1', 5000, 'awareness');
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name).not.toBe('Anna');
    a.destroy();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'awareness rimossa');
  });

  it('applies updates from server code (RoomService.applyUpdate) durably and relays them', async () => {
    const a = await open('ragioneria', ['ragioneria']);
    const src = new Y.Doc();
    Y.applyUpdate(src, Y.encodeStateAsUpdate(a.doc));
    addRow(src, 'obiettivi', { codice: 'IMP-1', titolo: 'Importato' }, 'import');
    const before = (await ts.server.storage.history()).length;
    await ts.server.ctx.rooms.applyUpdate(room('ragioneria'), Y.encodeStateAsUpdate(src), 'importer');
    const h = await ts.server.storage.history({ sinceSeq: 0 });
    expect(h.length).toBe(before + 1);
    expect(h.at(-1)).toMatchObject({ sub: 'importer', room: room('ragioneria') });
    await waitFor(() => readSheet(a.doc, 'obiettivi').some((r) => r.values.codice === 'IMP-1'), 5000, 'import relayed');
  });
});
