import type { CellChange, HistoryItem, HistoryPage } from '@piao/shared/doc/history';
import type { PlanRef, PlanService } from '../context';
import { HistoryIndex, describeHistory } from '../storage/history-index';

export type { CellChange, HistoryItem };
export { describeHistory };

/** One index per plan and per plan service (a server has one; tests start several servers in a process). */
const indexes = new WeakMap<PlanService, Map<string, HistoryIndex>>();

/** The incremental history index of a plan, created on its first request and kept for the server's life. */
export function historyIndex(plans: PlanService, plan: PlanRef): HistoryIndex {
  let byPlan = indexes.get(plans);
  if (!byPlan) indexes.set(plans, (byPlan = new Map()));
  const key = `${plan.ente}/${plan.triennio}`;
  let index = byPlan.get(key);
  if (!index) byPlan.set(key, (index = new HistoryIndex((sinceSeq) => plans.history(plan, { sinceSeq }))));
  return index;
}

/** What a history request may narrow to: a room, a sheet, a row, a cell; and which way to read. */
export interface HistoryFilter {
  /** Full room names the caller may read. */
  readable: (room: string) => boolean;
  room?: string;
  sheet?: string;
  rowId?: string;
  column?: string;
  /** Newest first (the pane's "recent changes"); oldest first by default (the audit export). */
  newestFirst?: boolean;
  /** Oldest first: entries after this seq. Newest first: entries before it (0 = from the newest). */
  cursor: number;
  limit: number;
}

function cellMatches(c: CellChange, f: HistoryFilter): boolean {
  if (f.sheet !== undefined && c.sheet !== f.sheet) return false;
  if (f.rowId !== undefined && c.rowId !== f.rowId) return false;
  // A deleted row belongs to every cell's history: the cell went with it.
  if (f.column !== undefined && c.column !== f.column && !c.deleted) return false;
  return true;
}

/** One page of a plan's described history, narrowed by `f`; `next` is the cursor of the following page. */
export function pageOf(all: readonly HistoryItem[], f: HistoryFilter): HistoryPage {
  const narrowed = f.sheet !== undefined || f.rowId !== undefined || f.column !== undefined;
  const entries: HistoryItem[] = [];
  let more = false;
  const n = all.length;
  for (let k = 0; k < n; k++) {
    const e = all[f.newestFirst ? n - 1 - k : k]!;
    if (f.newestFirst ? f.cursor > 0 && e.seq >= f.cursor : e.seq <= f.cursor) continue;
    if (f.room !== undefined && e.room !== f.room) continue;
    if (!f.readable(e.room)) continue;
    let item = e;
    if (narrowed) {
      const cells = e.cells.filter((c) => cellMatches(c, f));
      if (cells.length === 0) continue;
      item = { ...e, cells };
    }
    if (entries.length === f.limit) {
      more = true;
      break;
    }
    entries.push(item);
  }
  return { entries, next: more ? entries.at(-1)!.seq : null };
}
