// @vitest-environment jsdom
/**
 * Issue 8 defect 1, pane side: the pane binds a workbook only after its room has loaded the local copy
 * and synced with the server in this session. Before, it bound `conn.doc` at once: the empty document
 * "won" and the workbook's rows were removed (offline with an empty cache, the sheets were emptied).
 * The pane's RoomConnection (stock y-websocket provider) over real sockets to the product server (issue
 * 10 §1), run in its own process by ./testing/seeded-server.fixture.ts because the server cannot
 * start under jsdom (whose `import.meta.url` is not a file URL); real SQLite, a real token; the
 * real binder; the workbook is the in-memory host seeded as if a bound workbook had been re-opened.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addRow, readSheet } from '@piao/shared/doc/rows';
import { getSheet } from '@piao/shared/schema/index';
import { MemoryHost } from '../excel/memory-host';
import { sheetSpec } from '../excel/sheet-host';
import { RoomConnection } from '../sync/room-connection';
import { useRoomStatus } from './hooks';
import { bindableDoc, useBindableDoc } from './useBindableDoc';
import { useSheetBinding } from './useSheetBinding';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ENTE = 'casale-monferrato';
const TRIENNIO = '2022-2024';
const SECTOR = 'lavori-pubblici';
// Vitest runs from the repository root (the server fixture is resolved from there, as run-ts.mjs does).
const REPO_ROOT = process.cwd();
const FIXTURE = path.join(REPO_ROOT, 'addin/src/taskpane/testing/seeded-server.fixture.ts');
let proc: ChildProcess | null = null;
let syncUrl = '';
let token = '';
const stored: Array<{ id: string; codice: string; titolo: string }> = [];
const conns: RoomConnection[] = [];

beforeAll(async () => {
  const doc = new Y.Doc();
  for (const [codice, titolo] of [
    ['LLPP-01', 'Asfaltatura strade'],
    ['LLPP-02', 'Manutenzione scuole'],
  ] as const) {
    stored.push({ id: addRow(doc, 'obiettivi', { codice, titolo, tipo: 'Operativo', peso: 50 }, 'test'), codice, titolo });
  }
  const update = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
  const child = spawn(process.execPath, ['sync-server/bin/run-ts.mjs', FIXTURE, ENTE, TRIENNIO, SECTOR, update], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proc = child;
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`il server figlio è uscito (${code})`)));
  });
  ({ syncUrl, token } = JSON.parse(line) as { syncUrl: string; token: string });
}, 30_000);
afterEach(() => {
  cleanup();
  for (const c of conns.splice(0)) c.destroy();
});
afterAll(async () => {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    const p = proc;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  }
});

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`Timeout in attesa di: ${what}`);
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
}

/** The workbook as the user left it: the stored rows, sorted by the user (titolo descending). */
function workbook(): MemoryHost {
  const host = new MemoryHost();
  const rows = [...stored].reverse().map((r) => ({ id: r.id, values: { codice: r.codice, titolo: r.titolo, tipo: 'Operativo', peso: 50 } }));
  host.seed(sheetSpec(getSheet('obiettivi')), rows);
  return host;
}

function Pane({ conn, host }: { conn: RoomConnection; host: MemoryHost }) {
  const status = useRoomStatus(conn);
  const { doc, waiting } = useBindableDoc('excel', conn, status);
  const bound = useSheetBinding({
    mode: 'excel',
    active: true,
    doc,
    room: conn.room,
    sheets: ['obiettivi'],
    readOnly: false,
    settings: { regime: 'ordinario' } as never,
    issues: [],
    onSelection: () => undefined,
    createHost: () => host,
  });
  return <div data-testid="pane" data-state={bound.ready ? 'bound' : (waiting ?? 'idle')} />;
}

const state = () => screen.getByTestId('pane').dataset.state;

function openRoom(): RoomConnection {
  const conn = new RoomConnection({
    serverUrl: syncUrl,
    ente: ENTE,
    triennio: TRIENNIO,
    room: SECTOR,
    token,
    persist: false,
    connect: false, // offline until the test connects it
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  conns.push(conn);
  return conn;
}

describe('the pane binds a workbook only after its room synced with the server', () => {
  it('offline with an empty cache: waits for the server and leaves the workbook as it is', async () => {
    const host = workbook();
    const before = host.rows('obiettivi');
    render(<Pane conn={openRoom()} host={host} />);
    await waitFor(() => state() !== 'idle', 3000, 'stato del riquadro');
    // Let any binding that did start run its first frames (a wrong bind would have removed the rows by now).
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(state()).toBe('server');
    expect(host.rows('obiettivi')).toEqual(before);
  });

  it('binds once synced: the workbook keeps its rows and its sort order', async () => {
    const host = workbook();
    const order = host.rows('obiettivi').map((r) => r.id);
    const conn = openRoom();
    render(<Pane conn={conn} host={host} />);
    await waitFor(() => state() === 'server', 3000, 'attesa del server');
    act(() => conn.provider.connect());
    await waitFor(() => state() === 'bound', 5000, 'collegamento dopo la sincronizzazione');
    expect(readSheet(conn.doc, 'obiettivi').map((r) => r.id).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(host.rows('obiettivi').map((r) => r.id)).toEqual(order);
  });

  it('the browser grids (which start empty) bind the local copy at once, so the pane works offline', () => {
    const conn = openRoom();
    expect(conn.status.localLoaded).toBe(true);
    expect(bindableDoc('browser', conn, conn.status)).toEqual({ doc: conn.doc, waiting: null });
    expect(bindableDoc('excel', conn, conn.status)).toEqual({ doc: null, waiting: 'server' });
    expect(bindableDoc('excel', null, null)).toEqual({ doc: null, waiting: 'local' });
  });
});
