import type { SectorData } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import { SHEETS, getSheet } from '../schema';
import type { ColumnDef, PlanSheetId, SectorSheetId, SheetDef, SheetId } from '../schema/types';
import type { RuleCode } from './issue';
import { inPlan, inSector, planRows, rowRef, sectorLabel, sectorRows, textKey, type Ctx } from './context';
import { listIt, quote } from './format';
import { rowName } from './row-names';
import type { Where } from './sink';

/** The domain's own codes for its references; any other reference breaks REF_MISSING. */
const REF_RULE: Readonly<Record<string, RuleCode>> = {
  'obiettivi.obiettivo_strategico': 'OBJ_REF',
  'indicatori.obiettivo': 'IND_REF',
};

/** Where a reference looks, in words. */
const TARGET_PHRASE: Partial<Record<SheetId, string>> = {
  obiettivi_strategici: 'fra gli obiettivi strategici del piano',
  obiettivi: 'fra gli obiettivi di questo settore',
  processi: 'fra i processi di questo settore',
  rischi: 'fra i rischi di questo settore',
};

type KeySet = { exact: Set<string>; lower: Map<string, string> };

function keySet(rows: readonly SheetRow[], column: string): KeySet {
  const exact = new Set<string>();
  const lower = new Map<string, string>();
  for (const r of rows) {
    const k = textKey(r.values[column]);
    if (k === null) continue;
    exact.add(k);
    if (!lower.has(k.toLowerCase())) lower.set(k.toLowerCase(), k);
  }
  return { exact, lower };
}

/**
 * REF_MISSING / OBJ_REF / IND_REF: every reference resolves. References to a plan sheet (the strategic
 * catalogue) look in `_piano`; references to a sector sheet look in the same sector only.
 */
export function checkRefs(ctx: Ctx): void {
  const planKeys = new Map<string, KeySet>();
  const planKeySet = (sheet: SheetId, column: string): KeySet => {
    const k = `${sheet}.${column}`;
    let set = planKeys.get(k);
    if (!set) planKeys.set(k, (set = keySet(planRows(ctx.data, sheet as PlanSheetId), column)));
    return set;
  };
  const elsewhere = new Map<string, Map<string, SectorData[]>>();
  const sectorsHolding = (sheet: SheetId, column: string, key: string): SectorData[] => {
    const k = `${sheet}.${column}`;
    let index = elsewhere.get(k);
    if (!index) elsewhere.set(k, (index = holdersIndex(ctx.sectors, sheet as SectorSheetId, column)));
    return index.get(key.toLowerCase()) ?? [];
  };

  for (const sheet of SHEETS) {
    for (const col of sheet.columns) {
      if (!col.ref) continue;
      const target = getSheet(col.ref.sheet);
      if (sheet.scope === 'plan') {
        if (target.scope !== 'plan') continue;
        const keys = planKeySet(target.id, col.ref.column);
        planRows(ctx.data, sheet.id as PlanSheetId).forEach((row, i) =>
          checkOne(ctx, sheet, col, target, row, i, keys, inPlan(sheet.id, rowRef(row, i), col.id), () => []),
        );
        continue;
      }
      for (const sector of ctx.sectors) {
        const keys = target.scope === 'plan' ? planKeySet(target.id, col.ref.column) : keySet(sectorRows(sector, target.id as SectorSheetId), col.ref.column);
        const others = (key: string) =>
          target.scope === 'plan'
            ? []
            : sectorsHolding(target.id, col.ref!.column, key)
                .filter((s) => s.id !== sector.id)
                .map(sectorLabel);
        sectorRows(sector, sheet.id as SectorSheetId).forEach((row, i) =>
          checkOne(ctx, sheet, col, target, row, i, keys, inSector(sector, sheet.id, rowRef(row, i), col.id), others),
        );
      }
    }
  }
}

function holdersIndex(sectors: readonly SectorData[], sheet: SectorSheetId, column: string): Map<string, SectorData[]> {
  const index = new Map<string, SectorData[]>();
  for (const s of sectors) {
    for (const k of keySet(sectorRows(s, sheet), column).lower.keys()) {
      const list = index.get(k) ?? [];
      list.push(s);
      index.set(k, list);
    }
  }
  return index;
}

function checkOne(
  ctx: Ctx,
  sheet: SheetDef,
  col: ColumnDef,
  target: SheetDef,
  row: SheetRow,
  index: number,
  keys: KeySet,
  where: Where,
  otherSectors: (key: string) => string[],
): void {
  const value = textKey(row.values[col.id]);
  // Empty references are CELL_REQUIRED's business; values of the wrong type are CELL_TYPE's.
  if (value === null || typeof row.values[col.id] !== 'string' || keys.exact.has(value)) return;
  const near = keys.lower.get(value.toLowerCase());
  const holders = otherSectors(value);
  const phrase = TARGET_PHRASE[target.id] ?? `nel foglio ${target.title}`;
  const fix = near
    ? `forse si intendeva ${quote(near)}: correggere maiuscole e minuscole`
    : holders.length
      ? `esiste nel settore ${listIt(holders)}, ma il riferimento deve essere a una riga dello stesso settore: aggiungerla qui nel foglio ${target.title} o scegliere un codice esistente`
      : `scegliere un codice esistente o aggiungerlo nel foglio ${target.title}`;
  const rule = REF_RULE[`${sheet.id}.${col.id}`] ?? 'REF_MISSING';
  ctx.sink.add(where, rule, 'error', `${rowName(sheet.id, row.values, index)}: «${col.label}» ${quote(value)} non esiste ${phrase}: ${fix}`);
}
