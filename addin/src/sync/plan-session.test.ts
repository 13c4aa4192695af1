import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { PlanSession } from './plan-session';
import { startFakeSyncServer, type FakeSyncServer } from './fake-sync-server';

let server: FakeSyncServer;
let session: PlanSession | null = null;

beforeEach(async () => {
  server = await startFakeSyncServer();
});
afterEach(async () => {
  session?.destroy();
  session = null;
  await server.close();
});

async function until(pred: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condizione non raggiunta in tempo');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('PlanSession', () => {
  it('opens _piano at once, each sector once, and reports the worst state of its rooms', async () => {
    session = new PlanSession({
      serverUrl: server.url,
      ente: 'casale-monferrato',
      triennio: '2022-2024',
      token: 't',
      persist: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    expect(session.openRooms()).toEqual(['_piano']);
    let changes = 0;
    session.subscribe(() => changes++);
    const a = session.open('finanze');
    expect(session.open('finanze')).toBe(a);
    expect(session.openRooms()).toEqual(['_piano', 'finanze']);
    await until(() => session!.syncState() === 'saved');
    expect(changes).toBeGreaterThan(0);

    server.holdConfirmations = true;
    addRow(a.doc, 'obiettivi', { codice: 'FIN-1' }, 'test');
    expect(session.syncState()).toBe('syncing');
    await until(() => readSheet(server.docs.get('casale-monferrato/2022-2024/finanze')!, 'obiettivi').length === 1);
    server.confirmAll();
    await until(() => session!.syncState() === 'saved');

    expect(session.sectorDoc('finanze')).toBe(a.doc);
    expect(session.sectorDoc('_piano')).toBeUndefined();
    expect(session.sectorDoc('tributi')).toBeUndefined();
  });
});
