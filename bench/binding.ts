/**
 * Section 4: the Excel binding against the in-memory host (which counts `Excel.run`/`sync` round trips
 * and request payloads with the same write plan and chunking as the Office.js adapter): materialising a
 * 10,000-row sheet, and applying 1,000 remote cell changes — as one remote transaction (an import, a
 * paste) and as 1,000 separate updates arriving together (many people typing).
 */
import * as Y from 'yjs';
import { ORDER_KEY, keyBetween } from '../shared/src/doc/order';
import { tableMap } from '../shared/src/doc/rows';
import type { CellValue } from '../shared/src/schema/types';
import { bindSheets } from '../addin/src/excel/binder';
import { MemoryHost } from '../addin/src/excel/memory-host';
import type { HostStats } from '../addin/src/excel/sheet-host';

const SHEET = 'obiettivi' as const;

export interface BindingPhase {
  what: string;
  ms: number;
  runs: number;
  syncs: number;
  maxPayloadBytes: number;
  /** Whether the host ended up equal to the document for the cells concerned. */
  correct: boolean;
}

export interface BindingResult {
  rows: number;
  changes: number;
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

function delta(before: HostStats, after: HostStats): Pick<BindingPhase, 'runs' | 'syncs' | 'maxPayloadBytes'> {
  return { runs: after.runs - before.runs, syncs: after.syncs - before.syncs, maxPayloadBytes: after.maxPayloadBytes };
}

export async function runBindingBench(opts: { rows: number; changes: number; timeoutMs?: number }): Promise<BindingResult> {
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
  const phases: BindingPhase[] = [];
  const cellsOf = () => new Map(host.rows(SHEET).map((r) => [r.id, r.values]));

  // 1. Materialise the sheet.
  let stats = { ...host.stats };
  let t0 = performance.now();
  const binding = bindSheets({ doc: local, host, sheets: [SHEET], readOnly: false, onError: (e) => console.error('[bench binding]', e) });
  try {
    const loaded = until(host, () => host.rows(SHEET).length === opts.rows, t0, timeout, 'caricamento del foglio');
    await binding.ready;
    const ms = await loaded;
    const rows = cellsOf();
    const correct = ids.every((id, i) => rows.get(id)?.codice === objective(i).codice);
    phases.push({ what: `materializzare un foglio di ${opts.rows.toLocaleString('it-IT')} righe`, ms: Math.round(ms), ...delta(stats, host.stats), correct });

    // 2. Remote cell changes, one transaction and then one transaction each.
    const step = Math.max(1, Math.floor(opts.rows / opts.changes));
    const targets = Array.from({ length: opts.changes }, (_, i) => ids[(i * step) % ids.length]!);
    for (const mode of ['one', 'each'] as const) {
      const value = (i: number) => `Modificato a distanza ${mode} ${i}`;
      stats = { ...host.stats };
      host.stats.maxPayloadBytes = 0;
      const done = () => {
        const rows = cellsOf();
        return targets.every((id, i) => rows.get(id)?.titolo === value(i));
      };
      t0 = performance.now();
      const applied = until(host, done, t0, timeout, `${opts.changes} modifiche remote`);
      const table = tableMap(remote, SHEET);
      if (mode === 'one') remote.transact(() => targets.forEach((id, i) => table.get(id)!.set('titolo', value(i))));
      else targets.forEach((id, i) => table.get(id)!.set('titolo', value(i)));
      const ms = await applied;
      phases.push({
        what:
          mode === 'one'
            ? `${opts.changes.toLocaleString('it-IT')} celle modificate a distanza in una transazione`
            : `${opts.changes.toLocaleString('it-IT')} celle modificate a distanza, una transazione ciascuna`,
        ms: Math.round(ms),
        ...delta(stats, host.stats),
        correct: true,
      });
    }
  } finally {
    binding.dispose();
  }
  return { rows: opts.rows, changes: opts.changes, phases };
}
