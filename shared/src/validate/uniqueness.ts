import { SHEETS } from '../schema';
import type { ColumnDef, PlanSheetId, SectorSheetId, SheetDef } from '../schema/types';
import { inPlan, inSector, planRows, rowRef, sectorLabel, sectorRows, textKey, type Ctx } from './context';
import { listIt, quote } from './format';
import { rowName } from './row-names';
import type { Where } from './sink';

interface Occurrence {
  where: Where;
  name: string;
  value: string;
  sectorName: string | null;
}

/**
 * DUP_CODE: `unique: 'plan'` columns hold values unique across every sector of the plan, `unique:
 * 'sheet'` ones unique inside one sheet of one room. Values compare trimmed and case-insensitively, so
 * that a reference (and Excel's own lookups, which ignore case) can never be ambiguous.
 */
export function checkUniqueness(ctx: Ctx): void {
  for (const sheet of SHEETS) {
    if (sheet.kind !== 'table') continue;
    for (const col of sheet.columns) {
      if (col.unique) for (const group of occurrenceGroups(ctx, sheet, col)) reportDuplicates(ctx, col, group);
    }
  }
}

function occurrenceGroups(ctx: Ctx, sheet: SheetDef, col: ColumnDef): Occurrence[][] {
  if (sheet.scope === 'plan') {
    const rows = planRows(ctx.data, sheet.id as PlanSheetId);
    return [
      rows.flatMap((row, i) => {
        const value = textKey(row.values[col.id]);
        return value === null ? [] : [{ where: inPlan(sheet.id, rowRef(row, i), col.id), name: rowName(sheet.id, row.values, i), value, sectorName: null }];
      }),
    ];
  }
  const perSector = ctx.sectors.map((sector) =>
    sectorRows(sector, sheet.id as SectorSheetId).flatMap((row, i) => {
      const value = textKey(row.values[col.id]);
      if (value === null) return [];
      return [{ where: inSector(sector, sheet.id, rowRef(row, i), col.id), name: rowName(sheet.id, row.values, i), value, sectorName: sectorLabel(sector) }];
    }),
  );
  return col.unique === 'plan' ? [perSector.flat()] : perSector;
}

function reportDuplicates(ctx: Ctx, col: ColumnDef, occurrences: readonly Occurrence[]): void {
  const byValue = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const k = o.value.toLowerCase();
    const list = byValue.get(k);
    if (list) list.push(o);
    else byValue.set(k, [o]);
  }
  const scope = col.unique === 'plan' ? 'nel piano' : 'nel foglio';
  for (const o of occurrences) {
    const same = byValue.get(o.value.toLowerCase())!;
    if (same.length < 2) continue;
    const others = same.filter((x) => x !== o);
    const shown = others.slice(0, 3).map((x) => (x.where.room === o.where.room ? x.name : `${x.name} del settore ${x.sectorName}`));
    const rest = others.length - 3;
    const where = rest > 0 ? `${shown.join(', ')} e ${rest === 1 ? "in un'altra riga" : `in altre ${rest} righe`}` : listIt(shown);
    ctx.sink.add(
      o.where,
      'DUP_CODE',
      'error',
      `${o.name}: «${col.label}» ${quote(o.value)} compare anche in ${where}: deve essere unico ${scope}, cambiarlo in una delle righe`,
    );
  }
}
