import { PLAN_ROOM } from '../doc/rooms';
import { SHEET_BY_ID } from '../schema';
import type { SheetId } from '../schema/types';
import { inPlan, inSector, type Ctx } from './context';
import { recordName, rowName } from './row-names';

/**
 * CELL_TYPE for values a foreign Yjs client stored that are not cells (PlanData.foreign): a Y.Text, a
 * nested map, NaN, binary… Reading skips them, so this is the only place the user learns they exist.
 */
export function checkForeign(ctx: Ctx): void {
  for (const f of ctx.data.foreign ?? []) {
    const def = SHEET_BY_ID[f.sheet];
    if (!def) continue;
    const sector = f.room === PLAN_ROOM ? null : ctx.sectors.find((s) => s.id === f.room);
    if (f.room !== PLAN_ROOM && !sector) continue;
    const rows = sector ? sector.sheets[f.sheet as keyof typeof sector.sheets] : ctx.data.tables[f.sheet as keyof typeof ctx.data.tables];
    const index = f.rowId === null || !rows ? -1 : rows.findIndex((r) => r.id === f.rowId);
    const row = index >= 0 ? { id: f.rowId!, index } : null;
    const where = sector ? inSector(sector, f.sheet, row, f.column) : inPlan(f.sheet, row, f.column);
    const label = f.column === null ? null : (def.columns.find((c) => c.id === f.column)?.label ?? f.column);
    const name = def.kind === 'record' ? recordName(f.sheet as SheetId) : row ? rowName(f.sheet, rows![index]!.values, index) : `${def.label}`;
    const what = label === null ? `la voce "${f.rowId}" non è una riga ma ${f.kind}` : `«${label}» contiene ${f.kind} invece di un valore`;
    ctx.sink.add(where, 'CELL_TYPE', 'error', `${name}: ${what}, scritto da un programma esterno: riscrivere il valore (eliminare la voce se non serve)`);
  }
}
