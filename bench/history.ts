/**
 * A sector room with a realistic editing history, for the cold-load and document-size benchmarks:
 * rows typed one at a time (one transaction each, as the add-in sends them), then a mix of cell edits,
 * moves, deletions and new rows. Every transaction's update is kept, as the durable log stores it.
 * Deterministic (seeded), so every run measures the same document.
 */
import * as Y from 'yjs';
import { ORDER_KEY, keyBetween } from '../shared/src/doc/order';
import { tableMap } from '../shared/src/doc/rows';
import type { CellValue, RowValues, SectorSheetId } from '../shared/src/schema/types';
import { generatePlan } from './lib/gen-plan';
import { rng } from './lib/rng';

export interface History {
  doc: Y.Doc;
  /** One update per transaction, in order. */
  updates: Uint8Array[];
  /** Rows in the document at the end. */
  rows: number;
  ops: { created: number; edits: number; moves: number; deletes: number };
}


interface Live {
  sheet: SectorSheetId;
  id: string;
  values: RowValues;
}

/** A new value for a cell: text revised, numbers nudged, booleans flipped. */
function edited(v: CellValue, n: number, r: () => number): CellValue {
  if (typeof v === 'number') return Math.round((v + 1 + r() * 5) * 100) / 100;
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `2024-${String(1 + (n % 12)).padStart(2, '0')}-15`;
  return `${String(v ?? '').replace(/ \(rev\. \d+\)$/, '')} (rev. ${n})`;
}

/**
 * Builds `rows` rows (spread over the nine sector sheets as real plans are) and then applies edits until
 * `updates` transactions in total have been made; the history keeps the row count at `rows` (as many
 * rows added as deleted).
 */
export function buildHistory(opts: { rows: number; updates: number; seed?: number }): History {
  const r = rng(opts.seed ?? 7);
  const plan = generatePlan(opts.rows, 1, opts.seed ?? 7);
  const sector = plan.sectors[0]!;
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));

  const order = new Map<SectorSheetId, Array<{ id: string; key: string }>>();
  const live: Live[] = [];
  const templates: Live[] = [];
  let created = 0;
  let edits = 0;
  let moves = 0;
  let deletes = 0;

  const add = (sheet: SectorSheetId, id: string, values: RowValues) => {
    const list = order.get(sheet) ?? [];
    order.set(sheet, list);
    const key = keyBetween(list.at(-1)?.key ?? null, null);
    list.push({ id, key });
    const cells: Array<[string, CellValue]> = [[ORDER_KEY, key]];
    for (const [k, v] of Object.entries(values)) if (v !== null && v !== '') cells.push([k, v]);
    doc.transact(() => tableMap(doc, sheet).set(id, new Y.Map<CellValue>(cells)), 'excel');
    live.push({ sheet, id, values: { ...values } });
    created++;
  };

  for (const [sheet, rows] of Object.entries(sector.sheets) as Array<[SectorSheetId, typeof sector.sheets.obiettivi]>) {
    for (const row of rows) {
      add(sheet, row.id, row.values);
      templates.push({ sheet, id: row.id, values: row.values });
    }
  }

  let n = 0;
  while (updates.length < opts.updates && live.length > 0) {
    n++;
    const dice = r();
    const i = Math.floor(r() * live.length);
    const target = live[i]!;
    if (dice < 0.9) {
      const cols = Object.keys(target.values);
      const col = cols[Math.floor(r() * cols.length)]!;
      const v = edited(target.values[col] ?? null, n, r);
      target.values[col] = v;
      doc.transact(() => tableMap(doc, target.sheet).get(target.id)?.set(col, v), 'excel');
      edits++;
    } else if (dice < 0.94) {
      const list = order.get(target.sheet)!;
      const from = list.findIndex((x) => x.id === target.id);
      const [moved] = list.splice(from, 1);
      const to = Math.floor(r() * (list.length + 1));
      moved!.key = keyBetween(list[to - 1]?.key ?? null, list[to]?.key ?? null);
      list.splice(to, 0, moved!);
      doc.transact(() => tableMap(doc, target.sheet).get(target.id)?.set(ORDER_KEY, moved!.key), 'excel');
      moves++;
    } else if (dice < 0.97) {
      const list = order.get(target.sheet)!;
      list.splice(
        list.findIndex((x) => x.id === target.id),
        1,
      );
      live.splice(i, 1);
      doc.transact(() => tableMap(doc, target.sheet).delete(target.id), 'excel');
      deletes++;
      // A row deleted, a row typed in: the sheet keeps its size.
      const t = templates[Math.floor(r() * templates.length)]!;
      add(t.sheet, `${t.id}-n${n}`, t.values);
    }
  }
  return { doc, updates, rows: live.length, ops: { created, edits, moves, deletes } };
}

/** The same rows as plain JSON, the way an API or a file would carry them (id, sheet and values). */
export function rowsAsJson(doc: Y.Doc): string {
  const out: Record<string, Array<{ id: string; values: RowValues }>> = {};
  doc.share.forEach((type, sheet) => {
    if (!(type instanceof Y.Map)) return;
    const rows: Array<{ id: string; values: RowValues }> = [];
    for (const [id, row] of (type as Y.Map<unknown>).entries()) {
      if (!(row instanceof Y.Map)) continue;
      const values: RowValues = {};
      for (const [k, v] of row.entries()) if (k !== ORDER_KEY) values[k] = v as CellValue;
      rows.push({ id, values });
    }
    out[sheet] = rows;
  });
  return JSON.stringify(out);
}
