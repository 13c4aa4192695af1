import * as Y from 'yjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRow, deleteRow, moveRow, setRecord, updateRow } from '@piao/shared';
import type { HistoryPage } from '@piao/shared/doc/history';
import { ENTE, TRIENNIO, connectClient, room, startTestServer, waitFor, waitSynced } from '../../../test/support/server-harness';
import type { HistoryEntry } from '../context';
import { HistoryIndex } from '../storage/history-index';
import { describeHistory, historyIndex } from './history';

const SEED = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
console.log(`history.test fast-check seed: ${SEED} (FC_SEED=${SEED} to replay)`);

/** Records each transaction of `doc` as a stored update of `room` by `sub`. */
function recorder(log: HistoryEntry[], room: string, doc: Y.Doc) {
  let sub = 'nessuno';
  doc.on('update', (update: Uint8Array) => log.push({ seq: log.length + 1, room, sub, at: 1_700_000_000_000 + log.length * 1000, update }));
  return (who: string) => (sub = who);
}

describe('describeHistory', () => {
  it('says which cells each update changed, per room, in order', () => {
    const log: HistoryEntry[] = [];
    const llpp = new Y.Doc();
    const piano = new Y.Doc();
    const asLlpp = recorder(log, 'e/2024-2026/llpp', llpp);
    const asPiano = recorder(log, 'e/2024-2026/_piano', piano);

    asLlpp('elena');
    const a = addRow(llpp, 'obiettivi', { codice: 'LLPP-01', titolo: 'Strade', peso: 40 }, 'test');
    const b = addRow(llpp, 'obiettivi', { codice: 'LLPP-02' }, 'test');
    asPiano('marco');
    setRecord(piano, 'ente', { denominazione: 'Comune di Prova', popolazione: 1000 }, 'test');
    asLlpp('paolo');
    updateRow(llpp, 'obiettivi', a, { peso: 60, titolo: '' }, 'test');
    moveRow(llpp, 'obiettivi', b, null, 'test');
    deleteRow(llpp, 'obiettivi', b, 'test');

    const items = describeHistory(log);
    expect(items.map((i) => [i.seq, i.sub, i.room])).toEqual([
      [1, 'elena', 'e/2024-2026/llpp'],
      [2, 'elena', 'e/2024-2026/llpp'],
      [3, 'marco', 'e/2024-2026/_piano'],
      [4, 'paolo', 'e/2024-2026/llpp'],
      [5, 'paolo', 'e/2024-2026/llpp'],
      [6, 'paolo', 'e/2024-2026/llpp'],
    ]);
    expect(items[0]!.at).toBe('2023-11-14T22:13:20.000Z');
    expect(items[0]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'obiettivi', rowId: a, column: 'codice', value: 'LLPP-01' },
        { sheet: 'obiettivi', rowId: a, column: 'titolo', value: 'Strade' },
        { sheet: 'obiettivi', rowId: a, column: 'peso', value: 40 },
      ]),
    );
    expect(items[0]!.cells).toHaveLength(3);
    expect(items[2]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'ente', rowId: null, column: 'denominazione', value: 'Comune di Prova' },
        { sheet: 'ente', rowId: null, column: 'popolazione', value: 1000 },
      ]),
    );
    expect(items[3]!.cells).toEqual(
      expect.arrayContaining([
        { sheet: 'obiettivi', rowId: a, column: 'peso', value: 60, previous: 40 },
        { sheet: 'obiettivi', rowId: a, column: 'titolo', value: null, previous: 'Strade' },
      ]),
    );
    expect(items[3]!.cells).toHaveLength(2);
    // A move touches only the row's position, which is not a cell.
    expect(items[4]!.cells).toEqual([]);
    expect(items[5]!.cells).toEqual([
      { sheet: 'obiettivi', rowId: b, column: null, value: null, previousRow: { codice: 'LLPP-02' }, deleted: true },
    ]);
  });

  it('lists a corrupt record with no cells and keeps decoding the rest', () => {
    const log: HistoryEntry[] = [];
    const doc = new Y.Doc();
    const as = recorder(log, 'r', doc);
    as('x');
    addRow(doc, 'rischi', { codice: 'R1' }, 'test');
    log.splice(0, 0, { seq: 0, room: 'r', sub: 'y', at: 0, update: new Uint8Array([255, 1, 2]) });
    const items = describeHistory(log);
    expect(items[0]!.cells).toEqual([]);
    expect(items[1]!.cells).toEqual([expect.objectContaining({ sheet: 'rischi', column: 'codice', value: 'R1' })]);
  });
});

describe('HistoryIndex', () => {
  it('decodes each record once: a second read costs only the records stored since, with identical results', async () => {
    const log: HistoryEntry[] = [];
    const doc = new Y.Doc();
    const as = recorder(log, 'e/2024-2026/llpp', doc);
    as('elena');
    const a = addRow(doc, 'obiettivi', { codice: 'A', peso: 10 }, 'test');
    updateRow(doc, 'obiettivi', a, { peso: 20 }, 'test');
    let reads = 0;
    const index = new HistoryIndex(async (since) => {
      reads++;
      return log.filter((e) => e.seq > since);
    });
    const first = [...(await index.all())];
    expect(index.decoded).toBe(2);
    expect(await index.all()).toEqual(first);
    expect(index.decoded).toBe(2);

    as('paolo');
    updateRow(doc, 'obiettivi', a, { peso: 30 }, 'test');
    deleteRow(doc, 'obiettivi', a, 'test');
    const second = await index.all();
    expect(index.decoded).toBe(4);
    expect(reads).toBe(3);
    expect(second).toEqual(describeHistory(log));
    expect(second[2]!.cells).toEqual([{ sheet: 'obiettivi', rowId: a, column: 'peso', value: 30, previous: 20 }]);
    expect(second[3]!.cells[0]).toMatchObject({ deleted: true, previousRow: { codice: 'A', peso: 30 } });
  });

  it('concurrent reads decode the new records once', async () => {
    const log: HistoryEntry[] = [];
    const doc = new Y.Doc();
    recorder(log, 'r', doc)('x');
    for (let i = 0; i < 5; i++) addRow(doc, 'rischi', { codice: `R${i}` }, 'test');
    const index = new HistoryIndex(async (since) => log.filter((e) => e.seq > since));
    const [x, y] = await Promise.all([index.all(), index.all()]);
    expect(index.decoded).toBe(5);
    expect(x).toEqual(y);
  });

  it('matches a full replay for random edit sequences split at random read points', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('add', 'set', 'del', 'rec'), fc.nat(3), fc.integer({ min: 0, max: 99 }), fc.boolean()), { maxLength: 30 }),
        async (ops) => {
          const log: HistoryEntry[] = [];
          const docs = [new Y.Doc(), new Y.Doc()];
          const subs = docs.map((d, i) => recorder(log, `room-${i}`, d));
          subs.forEach((as, i) => as(`u${i}`));
          const ids: string[][] = [[], []];
          const index = new HistoryIndex(async (since) => log.filter((e) => e.seq > since));
          for (const [op, n, v, read] of ops) {
            const r = n % 2;
            const doc = docs[r]!;
            const live = ids[r]!;
            const id = live[n % Math.max(1, live.length)];
            if (op === 'add' || id === undefined) live.push(addRow(doc, 'obiettivi', { codice: `C${v}`, peso: v }, 'test'));
            else if (op === 'set') updateRow(doc, 'obiettivi', id, { peso: v }, 'test');
            else if (op === 'del') {
              deleteRow(doc, 'obiettivi', id, 'test');
              live.splice(live.indexOf(id), 1);
            }
            else setRecord(doc, 'ente', { popolazione: v }, 'test');
            if (read) await index.all();
          }
          expect(await index.all()).toEqual(describeHistory(log));
          expect(index.decoded).toBe(log.length);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('GET …/history through the real server', () => {
  it('answers a row’s and a cell’s history newest first with previous values, decoding only new records', async () => {
    const t = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: ['finanze'] }] });
    const editor = await t.token({ role: 'editor', sub: 'elena', name: 'Elena', sectors: ['finanze'] });
    const other = await t.token({ role: 'editor', sub: 'paolo', name: 'Paolo', sectors: ['finanze'] });
    const client = connectClient(t.syncUrl, room('finanze'), editor, { ack: true });
    const second = connectClient(t.syncUrl, room('finanze'), other, { ack: true });
    const api = (q: string) =>
      fetch(`${t.server.url}/api/plans/${ENTE}/${TRIENNIO}/history${q}`, { headers: { authorization: `Bearer ${editor}` } }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as HistoryPage }),
      );
    try {
      await Promise.all([waitSynced(client), waitSynced(second)]);
      const id = addRow(client.doc, 'obiettivi', { codice: 'FIN-01', titolo: 'Bilancio', peso: 10 }, 'test');
      await waitFor(() => client.saved.length > 0, 5000, 'riga salvata');
      await waitFor(() => second.doc.getMap('obiettivi').has(id), 5000, 'riga arrivata');
      updateRow(second.doc, 'obiettivi', id, { titolo: 'Bilancio 2024' }, 'test');
      await waitFor(() => second.saved.length > 0, 5000, 'modifica salvata');

      const full = await api('');
      const index = historyIndex(t.server.ctx.plans, { ente: ENTE, triennio: TRIENNIO });
      const decoded = index.decoded;
      expect(decoded).toBe(full.body.entries.length);
      const again = await api('');
      expect(again.body).toEqual(full.body);
      expect(index.decoded).toBe(decoded);

      const cell = await api(`?order=desc&room=finanze&sheet=obiettivi&row=${id}&column=titolo`);
      expect(cell.status).toBe(200);
      expect(cell.body.entries.map((e) => [e.sub, e.cells])).toEqual([
        ['paolo', [{ sheet: 'obiettivi', rowId: id, column: 'titolo', value: 'Bilancio 2024', previous: 'Bilancio' }]],
        ['elena', [{ sheet: 'obiettivi', rowId: id, column: 'titolo', value: 'Bilancio' }]],
      ]);
      const rowHist = await api(`?order=desc&room=finanze&sheet=obiettivi&row=${id}&limit=1`);
      expect(rowHist.body.entries).toHaveLength(1);
      expect(rowHist.body.entries[0]!.sub).toBe('paolo');
      const older = await api(`?order=desc&room=finanze&sheet=obiettivi&row=${id}&before=${rowHist.body.next}`);
      expect(older.body.entries.map((e) => e.sub)).toEqual(['elena']);
      expect(older.body.entries[0]!.cells).toHaveLength(3);
      expect(index.decoded).toBe(decoded);
      expect((await api('?order=desc&before=x')).status).toBe(400);
    } finally {
      client.destroy();
      second.destroy();
      await t.stop();
    }
  });
});

describe('history index across a restart', () => {
  it('a restarted server rebuilds the same history from the log, and refuses malformed cursors in Italian', async () => {
    const t = await startTestServer({ plans: [{ ente: ENTE, triennio: TRIENNIO, sectors: ['finanze'] }] });
    const editor = await t.token({ role: 'editor', sub: 'elena', name: 'Elena', sectors: ['finanze'] });
    const client = connectClient(t.syncUrl, room('finanze'), editor, { ack: true });
    const read = (base: string, q = '') =>
      fetch(`${base}/api/plans/${ENTE}/${TRIENNIO}/history${q}`, { headers: { authorization: `Bearer ${editor}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    let first: TestServerLike | null = t;
    let again: TestServerLike | null = null;
    try {
      await waitSynced(client);
      const id = addRow(client.doc, 'rischi', { codice: 'R-1', descrizione: 'Rischio' }, 'test');
      updateRow(client.doc, 'rischi', id, { descrizione: 'Rischio rivisto' }, 'test');
      deleteRow(client.doc, 'rischi', id, 'test');
      await waitFor(() => client.saved.length >= 1, 5000, 'salvataggi');
      await waitFor(async () => ((await read(t.server.url)).body.entries as unknown[]).length >= 4, 5000, 'tutte le modifiche nello storico');
      const before = await read(t.server.url, '?order=desc');
      client.destroy();
      await t.stop({ keepData: true });
      first = null;
      again = await startTestServer({ dataDir: t.dataDir });
      const after = await read(again.server.url, '?order=desc');
      expect(after).toEqual(before);
      for (const q of ['?since=-1', '?limit=1e3', '?order=desc&before=1.5']) {
        const bad = await read(again.server.url, q);
        expect(bad.status, q).toBe(400);
        expect(bad.body.error).toMatch(/^Parametro \w+ non valido/);
      }
    } finally {
      client.destroy();
      await first?.stop();
      await again?.stop();
    }
  });
});

type TestServerLike = Awaited<ReturnType<typeof startTestServer>>;
