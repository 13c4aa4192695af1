import type { ImportConflict } from '@piao/shared/workbook/import-types';
import type { PlanRef, ServerContext } from '../context';
import { historyIndex } from './history';

/**
 * Who last changed each conflicting cell, and when, from the audit log (issue 9 item 1: the importer
 * is told whose value they are about to overwrite). Reads the plan's log only when there are conflicts.
 */
export async function attributeConflicts(ctx: ServerContext, plan: PlanRef, room: string, conflicts: readonly ImportConflict[]): Promise<ImportConflict[]> {
  if (conflicts.length === 0) return [];
  const last = new Map<string, { who: string; when: string }>();
  try {
    // The plan's incremental history index: only records stored since the last read are decoded.
    for (const e of await historyIndex(ctx.plans, plan).all()) {
      if (e.room !== room) continue;
      for (const c of e.cells) {
        if (c.rowId === null) continue;
        const at = { who: e.sub, when: e.at };
        if (c.deleted) last.set(`${c.sheet}\u0000${c.rowId}\u0000*`, at);
        else last.set(`${c.sheet}\u0000${c.rowId}\u0000${c.column ?? '*'}`, at);
      }
    }
  } catch (err) {
    // The conflicts are still listed (without who/when): a history failure must not hide them.
    ctx.logger.error({ err, room }, 'importazione: storico non leggibile per i conflitti');
  }
  return conflicts.map((c) => {
    const at = last.get(`${c.sheetId}\u0000${c.rowId}\u0000${c.columnId ?? '*'}`);
    return at ? { ...c, ...at } : c;
  });
}
