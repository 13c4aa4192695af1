/**
 * Section 4: the Excel binding against the in-memory host, which spends `Excel.run`/`sync` round trips
 * exactly as the Office.js adapter does, with the same write plan (`planBatch`) and the same cutting into
 * requests under the payload budget (`chunkOps`, 4 MB planned for Excel on the web's 5 MB limit). For
 * every phase the bench also adds up the planned request bytes itself (the same plan, applied to the
 * host's rows before each batch), so it reports requests, total bytes and the largest request:
 * - a first bind of a sheet that Excel does not have yet (rows written into an empty table);
 * - 1,000 and 10,000 remote cell changes, as one remote transaction (an import, a paste) and as
 *   separate updates arriving together (many people typing).
 */
import * as Y from 'yjs';
import { ORDER_KEY, keyBetween } from '../shared/src/doc/order';
import { tableMap } from '../shared/src/doc/rows';
import { getSheet } from '../shared/src/schema/index';
import type { CellValue } from '../shared/src/schema/types';
import { bindSheets } from '../addin/src/excel/binder';
import { MemoryHost } from '../addin/src/excel/memory-host';
import { ID_COLUMN, type HostBatch, type HostStats } from '../addin/src/excel/sheet-host';
import { MAX_PAYLOAD_BYTES, chunkBytes, chunkOps, planBatch } from '../addin/src/excel/write-plan';
import { runOfficeBindingBench } from './binding-office';

const SHEET = 'obiettivi' as const;
/** Excel on the web's request limit ("Resource limits and performance optimization for Office Add-ins"). */
export const EXCEL_WEB_LIMIT_BYTES = 5 * 1024 * 1024;

export interface BindingPhase {
  what: string;
  ms: number;
  runs: number;
  syncs: number;
  /** Write requests (one `sync` each) and their planned bytes, as `planBatch` + `chunkOps` cut them. */
  requests: number;
  bytes: number;
  maxPayloadBytes: number;
  /** Whether the host ended up equal to the document for the cells concerned. */
  correct: boolean;
}

export interface BindingResult {
  rows: number;
  changes: number[];
  /** The planned request budget and Excel on the web's limit, in bytes. */
  budget?: { planned: number; limit: number };
  phases: BindingPhase[];
}

function objective(i: number): Record<string, CellValue> {
  return {
    codice: `OB-${String(i + 1).padStart(5, '0')}`,
    titolo: `Riduzione dei tempi di istruttoria ${i + 1}`,
    descrizione: 'Ridurre i tempi medi di conclusione dei procedimenti a istanza di parte',
    obiettivo_strategico: '04.02',
    tipo: i % 7 === 0 ? 'Trasversale anticorruzione/trasparenza' : 'Operativo',
    dimensione: 'Digitalizzazione',
    responsabile: 'Dirigente del settore',
    peso: 1 + (i % 20),
    inizio: '2024-01-01',
    fine: '2024-12-31',
  };
}

/** Changed cells, one per change: even and odd rows change different, non-adjacent columns (no block merges). */
function spreadTargets(changes: number, ids: string[]): Array<{ id: string; column: string }> {
  const columns = [
    ['titolo', 'responsabile'],
    ['descrizione', 'dimensione'],
  ] as const;
  return Array.from({ length: changes }, (_, i) => {
    const row = i % ids.length;
    return { id: ids[row]!, column: columns[row % 2]![Math.floor(i / ids.length) % 2]! };
  });
}

/**
 * Resolves with the time from `t0` at the first host change after which `done()` holds (checked only
 * when the host changes, so the check does not compete with the binding). Throws after `timeoutMs`.
 */
function until(host: MemoryHost, done: () => boolean, t0: number, timeoutMs: number, what: string): Promise<number> {
  if (done()) return Promise.resolve(performance.now() - t0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`binding: ${what} non completato entro ${timeoutMs} ms`));
    }, timeoutMs);
    const off = host.subscribe(() => {
      if (!done()) return;
      const ms = performance.now() - t0;
      off();
      clearTimeout(timer);
      resolve(ms);
    });
  });
}

/** Adds up the requests and bytes of every batch the host is given, planned as the host plans them. */
function tally(host: MemoryHost) {
  const columns = [ID_COLUMN, ...getSheet(SHEET).columns.map((c) => c.id)];
  const t = { requests: 0, bytes: 0 };
  const apply = host.applyBatch.bind(host);
  host.applyBatch = (sheet, batch: HostBatch) => {
    const rows = host.rows(sheet);
    const positions = new Map(rows.map((r, i) => [r.id, i]));
    const chunks = chunkOps(planBatch(batch, { columns, positions, rowCount: rows.length }, (_c, v) => v), MAX_PAYLOAD_BYTES);
    t.requests += chunks.length;
    t.bytes += chunks.reduce((n, c) => n + chunkBytes(c), 0);
    return apply(sheet, batch);
  };
  return t;
}

export async function runBindingBench(opts: { rows: number; changes: number[]; timeoutMs?: number }): Promise<BindingResult> {
  const timeout = opts.timeoutMs ?? 120_000;
  const remote = new Y.Doc();
  const ids: string[] = [];
  remote.transact(() => {
    const table = tableMap(remote, SHEET);
    let key: string | null = null;
    for (let i = 0; i < opts.rows; i++) {
      key = keyBetween(key, null);
      const id = `riga-${i}`;
      ids.push(id);
      table.set(id, new Y.Map<CellValue>([[ORDER_KEY, key], ...Object.entries(objective(i))]));
    }
  });
  const local = new Y.Doc();
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote), 'remote');
  // What the server would relay: every remote transaction, in order, applied as a remote change.
  remote.on('update', (u: Uint8Array) => Y.applyUpdate(local, u, 'remote'));

  const host = new MemoryHost({ origin: 'excel' });
  const counted = tally(host);
  const phases: BindingPhase[] = [];
  const cellsOf = () => new Map(host.rows(SHEET).map((r) => [r.id, r.values]));
  let mark = { stats: { ...host.stats }, requests: 0, bytes: 0 };
  const start = () => {
    host.stats.maxPayloadBytes = 0;
    mark = { stats: { ...host.stats }, requests: counted.requests, bytes: counted.bytes };
  };
  const measured = (after: HostStats) => ({
    runs: after.runs - mark.stats.runs,
    syncs: after.syncs - mark.stats.syncs,
    requests: counted.requests - mark.requests,
    bytes: counted.bytes - mark.bytes,
    maxPayloadBytes: after.maxPayloadBytes,
  });

  // 1. First bind: the sheet is materialised in a workbook that does not have it.
  start();
  let t0 = performance.now();
  const binding = bindSheets({ doc: local, host, sheets: [SHEET], readOnly: false, onError: (e) => console.error('[bench binding]', e) });
  try {
    const loaded = until(host, () => host.rows(SHEET).length === opts.rows, t0, timeout, 'caricamento del foglio');
    await binding.ready;
    const ms = await loaded;
    const rows = cellsOf();
    const correct = ids.every((id, i) => rows.get(id)?.codice === objective(i).codice);
    phases.push({ what: `primo collegamento di un foglio di ${opts.rows.toLocaleString('it-IT')} righe`, ms: Math.round(ms), ...measured(host.stats), correct });

    // 2. Remote cell changes, one cell each; even and odd rows change different, non-adjacent columns, so
    // no two changed cells make one block (the plan's worst case, as many people typing).
    for (const changes of opts.changes) {
      const targets = spreadTargets(changes, ids) as Array<{ id: string; column: 'titolo' | 'responsabile' | 'descrizione' | 'dimensione' }>;
      for (const mode of ['one', 'each'] as const) {
        const value = (i: number) => `Modificato a distanza ${changes} ${mode} ${i}`;
        const done = () => {
          const rows = cellsOf();
          return targets.every((t, i) => rows.get(t.id)?.[t.column] === value(i));
        };
        start();
        t0 = performance.now();
        const applied = until(host, done, t0, timeout, `${changes} modifiche remote`);
        const table = tableMap(remote, SHEET);
        const set = (t: (typeof targets)[number], i: number) => table.get(t.id)!.set(t.column, value(i));
        if (mode === 'one') remote.transact(() => targets.forEach(set));
        else targets.forEach(set);
        const ms = await applied;
        const n = changes.toLocaleString('it-IT');
        phases.push({
          what: mode === 'one' ? `${n} celle modificate a distanza in una transazione` : `${n} celle modificate a distanza, una transazione ciascuna`,
          ms: Math.round(ms),
          ...measured(host.stats),
          correct: true,
        });
      }
    }
  } finally {
    binding.dispose();
  }
  phases.push(...(await runOfficeBindingBench({ rows: opts.rows, changes: opts.changes, objective, targets: spreadTargets, timeoutMs: timeout })));
  return { rows: opts.rows, changes: opts.changes, budget: { planned: MAX_PAYLOAD_BYTES, limit: EXCEL_WEB_LIMIT_BYTES }, phases };
}
