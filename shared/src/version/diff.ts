import type { PlanData } from '../doc/plan-data';
import { PLAN_ROOM } from '../doc/rooms';
import { SHEETS } from '../schema';
import type { CellValue, RowValues, SheetId } from '../schema/types';

/**
 * What changed between two plans, row by row and cell by cell (issue 13 item 2: the diff between
 * versions). Rows are matched by id — which a rolled-forward plan keeps (rollforward/), so the diff of a
 * plan against the one it came from shows what people changed since. Pure.
 */
export interface CellChange {
  column: string;
  before: CellValue;
  after: CellValue;
}

export interface SheetDiff {
  /** Sector id or `_piano`. */
  room: string;
  sheet: SheetId;
  added: string[];
  removed: string[];
  changed: Array<{ row: string; cells: CellChange[] }>;
}

const empty = (v: CellValue | undefined): CellValue => (v === undefined || v === '' ? null : v);

function cellChanges(a: RowValues, b: RowValues): CellChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => (empty(a[k]) === empty(b[k]) ? [] : [{ column: k, before: empty(a[k]), after: empty(b[k]) }]));
}

function rowsDiff(room: string, sheet: SheetId, a: ReadonlyArray<{ id: string; values: RowValues }>, b: ReadonlyArray<{ id: string; values: RowValues }>): SheetDiff | null {
  const before = new Map(a.map((r) => [r.id, r.values]));
  const after = new Map(b.map((r) => [r.id, r.values]));
  const added = b.filter((r) => !before.has(r.id)).map((r) => r.id);
  const removed = a.filter((r) => !after.has(r.id)).map((r) => r.id);
  const changed = b.flatMap((r) => {
    const old = before.get(r.id);
    const cells = old ? cellChanges(old, r.values) : [];
    return cells.length ? [{ row: r.id, cells }] : [];
  });
  return added.length || removed.length || changed.length ? { room, sheet, added, removed, changed } : null;
}

export function diffPlans(a: PlanData, b: PlanData): SheetDiff[] {
  const out: SheetDiff[] = [];
  for (const sheet of SHEETS) {
    if (sheet.scope !== 'plan') continue;
    const id = sheet.id as keyof PlanData['records'];
    const d =
      sheet.kind === 'record'
        ? rowsDiff(PLAN_ROOM, sheet.id, [{ id: sheet.id, values: a.records[id] ?? {} }], [{ id: sheet.id, values: b.records[id] ?? {} }])
        : rowsDiff(PLAN_ROOM, sheet.id, a.tables[id] ?? [], b.tables[id] ?? []);
    if (d) out.push(d);
  }
  const sectorIds = [...new Set([...a.sectors.map((s) => s.id), ...b.sectors.map((s) => s.id)])];
  for (const sid of sectorIds) {
    const sa = a.sectors.find((s) => s.id === sid)?.sheets as Record<string, ReadonlyArray<{ id: string; values: RowValues }>> | undefined;
    const sb = b.sectors.find((s) => s.id === sid)?.sheets as Record<string, ReadonlyArray<{ id: string; values: RowValues }>> | undefined;
    for (const sheet of SHEETS) {
      if (sheet.scope !== 'sector') continue;
      const d = rowsDiff(sid, sheet.id, sa?.[sheet.id] ?? [], sb?.[sheet.id] ?? []);
      if (d) out.push(d);
    }
  }
  return out;
}
