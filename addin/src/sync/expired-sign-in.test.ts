/**
 * Issue 9 item 8: a sign-in that expires mid-session. The badge said "Offline" forever and the pane
 * kept reconnecting with the dead token. Now the room says its sign-in expired (the server's close
 * 4401/4403 after the auth message "token scaduto", or a token past its `exp` whose reconnects fail),
 * stops reconnecting, keeps the edits made meanwhile, and sends them once given a new token.
 * Real parts: the product server on loopback, the pane's RoomConnection (stock y-websocket provider).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { ENTE, TRIENNIO, connectClient, room, startTestServer, waitFor, waitSynced, type TestServer } from '../../../test/support/server-harness';
import { tokenExpiry } from '../taskpane/auth';
import { RoomConnection } from './room-connection';

const SECTOR = 'lavori-pubblici';
let t: TestServer;
const open: Array<{ destroy(): void }> = [];

beforeAll(async () => {
  t = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: [SECTOR] }] });
});
afterEach(() => {
  for (const c of open.splice(0)) c.destroy();
});
afterAll(() => t.stop());

function connect(token: string): RoomConnection {
  const c = new RoomConnection({
    serverUrl: t.syncUrl,
    ente: ENTE,
    triennio: TRIENNIO,
    room: SECTOR,
    token,
    tokenExp: tokenExpiry(token),
    persist: false,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  open.push(c);
  return c;
}

const editor = { role: 'editor' as const, sub: 'giulia', sectors: [SECTOR] };

describe('expired sign-in in the middle of a session', () => {
  it('says "expired" (not offline, not read-only), keeps the edits, and sends them after a new sign-in', async () => {
    const c = connect(await t.token(editor, 2));
    await waitFor(() => c.status.synced, 5000, 'prima sincronizzazione');
    await waitFor(() => c.status.expired, 6000, 'accesso scaduto');
    expect(c.status.state).toBe('expired');
    expect(c.status.denied).toBeNull();
    const id = addRow(c.doc, 'obiettivi', { codice: 'LLPP-09', titolo: 'Scritto dopo la scadenza' }, 'grid');
    // No reconnect loop with the dead token: the provider has stopped trying, the socket the server
    // closes goes, and it stays expired.
    expect(c.provider.shouldConnect).toBe(false);
    await waitFor(() => !c.status.connected, 5000, 'connessione chiusa');
    expect(c.provider.shouldConnect).toBe(false);
    expect(c.status.state).toBe('expired');

    const fresh = await t.token(editor, 3600);
    c.renewToken(fresh, tokenExpiry(fresh));
    await waitFor(() => c.status.state === 'saved', 5000, 'salvataggio dopo il nuovo accesso');
    expect(c.status.expired).toBe(false);
    const other = connectClient(t.syncUrl, room(SECTOR), await t.token({ role: 'viewer' }));
    open.push(other);
    await waitSynced(other);
    expect(readSheet(other.doc, 'obiettivi').map((r) => r.id)).toContain(id);
  });

  it('a reconnect refused because the token expired (HTTP 401 at the upgrade) is "expired" too', async () => {
    const token = await t.token(editor, 1);
    const exp = tokenExpiry(token)!;
    await waitFor(() => Date.now() >= exp * 1000 + 50, 3000, 'scadenza del token');
    const c = connect(token);
    await waitFor(() => c.status.expired, 5000, 'accesso scaduto');
    expect(c.status.state).toBe('expired');
    expect(c.provider.shouldConnect).toBe(false);
  });

  it('the browser coming back online does not reconnect with an expired token', async () => {
    const c = connect(await t.token(editor, 1));
    await waitFor(() => c.status.expired, 5000, 'accesso scaduto');
    (c as unknown as { goOnline(): void }).goOnline();
    expect(c.provider.shouldConnect).toBe(false);
  });

  it('a token renewed while connected replaces the old one at once: the old expiry does not end the session', async () => {
    const first = await t.token(editor, 3);
    const firstExp = tokenExpiry(first)!;
    const c = connect(first);
    await waitFor(() => c.status.synced, 5000, 'prima sincronizzazione');
    const fresh = await t.token(editor, 3600);
    c.renewToken(fresh, tokenExpiry(fresh));
    await waitFor(() => c.status.synced && c.provider.url.includes(fresh), 5000, 'riconnessione con il nuovo token');
    // Past the first token's expiry: still connected, never "expired".
    const seen: boolean[] = [];
    const off = c.subscribe((st) => seen.push(st.expired));
    // The server ends a session at its token's expiry (checked each second): wait until well past it.
    await waitFor(() => Date.now() > firstExp * 1000 + 1500, 6000, 'oltre la scadenza del primo token');
    off();
    expect(seen).not.toContain(true);
    expect(c.status.connected).toBe(true);
  });
});
