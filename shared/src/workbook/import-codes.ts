import type { PlanData, SectorData } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import type { RowValues, SectorSheetId, SheetDef } from '../schema/types';
import type { ImportError } from './import-types';

/** What the code checks need of an import's sheet context. */
export interface CodeContext {
  sheet: { name: string };
  def: SheetDef;
  sector: SectorData;
  data: PlanData;
  errors: ImportError[];
}

/** Where each code of a unique column is already used: column id → code → row id and where it lives. */
export type CodeOwners = Map<string, Map<string, { rowId: string; where: string }>>;

export function codeOwners(ctx: CodeContext): CodeOwners {
  const owners: CodeOwners = new Map();
  for (const col of ctx.def.columns) {
    if (!col.unique) continue;
    const codes = new Map<string, { rowId: string; where: string }>();
    const sectors = col.unique === 'plan' ? ctx.data.sectors : [ctx.sector];
    for (const s of sectors) {
      for (const row of s.sheets[ctx.def.id as SectorSheetId]) {
        const v = row.values[col.id];
        if (typeof v === 'string' && !codes.has(v)) codes.set(v, { rowId: row.id, where: s.id === ctx.sector.id ? 'in questo settore' : `nel settore «${s.name}»` });
      }
    }
    owners.set(col.id, codes);
  }
  return owners;
}

/**
 * A code already used by another row stops the import: re-importing a file whose new rows were
 * already added, or a consolidated workbook without IDs, would otherwise duplicate every row.
 */
export function checkCodes(ctx: CodeContext, owners: CodeOwners, inFile: Map<string, number>, r: number, existing: SheetRow | undefined, rowId: string | null, values: RowValues): boolean {
  let ok = true;
  for (const [colId, codes] of owners) {
    const v = values[colId];
    if (typeof v !== 'string') continue;
    const col = ctx.def.columns.find((c) => c.id === colId)?.label ?? colId;
    const key = `${colId}\u0000${v}`;
    const firstRow = inFile.get(key);
    // A duplicate the document already had is validation's business (DUP_CODE), not this file's.
    const untouched = existing !== undefined && existing.values[colId] === v;
    if (firstRow !== undefined && !untouched) {
      ctx.errors.push({ sheet: ctx.sheet.name, row: r, column: col, message: `«${col}»: il codice «${v}» compare anche alla riga ${firstRow} del file: usare un codice diverso.` });
      ok = false;
      continue;
    }
    if (firstRow === undefined) inFile.set(key, r);
    const owner = codes.get(v);
    if (owner && owner.rowId !== rowId) {
      const how = rowId === null ? "per modificare quella riga usare il modello del settore (con la colonna ID), per una riga nuova usare un codice diverso" : 'usare un codice diverso';
      ctx.errors.push({ sheet: ctx.sheet.name, row: r, column: col, message: `«${col}»: il codice «${v}» è già usato da un'altra riga ${owner.where}: ${how}.` });
      ok = false;
    }
  }
  return ok;
}

