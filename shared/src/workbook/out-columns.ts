import type { PlanData } from '../doc/plan-data';
import type { ColumnDef, SheetDef } from '../schema/types';
import { ID_COLUMN, SECTOR_COLUMN, SECTOR_SHEET_DEFS, columnLetter } from './layout';
import type { OutColumn } from './sheet-writer';
import { LOCKED_STYLE, TEXT_STYLE, columnStyle } from './styles';
import { type ListRegistry, type RefSource, columnValidation } from './validation';

export interface ColumnOptions {
  /** Consolidated workbook: a first `Settore` column on sector sheets. */
  sectorColumn?: boolean;
  /** Sector template: a first hidden, locked `ID` column; the other columns unlocked. */
  idColumn?: boolean;
}

/** Last row a template's in-workbook ref dropdown looks at (far beyond any sector's rows). */
const REF_RANGE_LAST_ROW = 5000;

/** Where the values of a ref column can be listed from: plan tables by value, template sheets by range. */
export function refSource(col: ColumnDef, data: PlanData, template: boolean): RefSource {
  if (!col.ref) return undefined;
  const table = data.tables[col.ref.sheet as keyof PlanData['tables']];
  if (table) {
    const values = table.map((r) => r.values[col.ref!.column]).filter((v): v is string => typeof v === 'string' && v !== '');
    return { values: [...new Set(values)] };
  }
  if (!template) return undefined;
  // Inside a sector template the target sheet is in the same workbook: list its column live.
  const target = SECTOR_SHEET_DEFS.find((s) => s.id === col.ref!.sheet);
  const index = target?.columns.findIndex((c) => c.id === col.ref!.column) ?? -1;
  if (!target || index < 0) return undefined;
  const letter = columnLetter(index + 2); // after the ID column
  return { range: `'${target.title}'!$${letter}$2:$${letter}$${REF_RANGE_LAST_ROW}` };
}

/** The written columns of a schema table sheet. */
export function outColumns(def: SheetDef, data: PlanData, lists: ListRegistry, opts: ColumnOptions = {}): OutColumn[] {
  const out: OutColumn[] = [];
  if (opts.idColumn) out.push({ header: ID_COLUMN, width: 14, style: LOCKED_STYLE, hidden: true });
  if (opts.sectorColumn && def.scope === 'sector') out.push({ header: SECTOR_COLUMN, width: 28, style: TEXT_STYLE });
  for (const col of def.columns) {
    out.push({
      header: col.label,
      width: col.width,
      // In a (protected) template computed columns stay locked: they are recomputed on import.
      style: columnStyle(col, !!opts.idColumn && !col.computed),
      // Computed columns are values in the workbook, not something to type.
      validation: col.computed ? null : columnValidation(col, lists, refSource(col, data, !!opts.idColumn)),
    });
  }
  return out;
}
