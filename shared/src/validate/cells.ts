import { parseDate } from './coerce';
import { SHEETS } from '../schema';
import type { CellValue, ColumnDef, PlanSettings, PlanSheetId, RowValues, SectorSheetId, SheetDef } from '../schema/types';
import type { SheetRow } from '../doc/rows';
import type { RuleCode } from './issue';
import { inPlan, inSector, isEmpty, planRows, record, rowRef, sectorRows, type Ctx } from './context';
import { fmtNum, kindOf, listIt, quote, showValue } from './format';
import { recordName, rowName } from './row-names';
import { firstInvalidXmlChar } from './xml-chars';
import type { Where } from './sink';

/** A problem with one cell: the rule it breaks and an Italian message naming the column and the fix. */
export interface CellFinding {
  rule: RuleCode;
  message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_SHAPE = /^(https?:\/\/)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const TEXT_TYPES = new Set(['text', 'longtext', 'email', 'url', 'ref']);
const INT_TYPES = new Set(['int', 'year']);
const NUMBER_TYPES = new Set(['decimal', 'money', 'percent']);

function isRequired(col: ColumnDef, row: RowValues, settings: PlanSettings): boolean {
  return typeof col.required === 'function' ? col.required(row, settings) : col.required;
}

const found = (rule: RuleCode, message: string): CellFinding => ({ rule, message });

/** The wrong JS type for the column: third-party clients may write anything into the document. */
function checkType(col: ColumnDef, label: string, value: unknown): CellFinding | null {
  const shown = `${kindOf(value)} (${showValue(value)})`;
  if (TEXT_TYPES.has(col.type)) {
    return typeof value === 'string' ? null : found('CELL_TYPE', `${label} contiene ${shown} invece di un testo: riscriverlo come testo`);
  }
  if (INT_TYPES.has(col.type) || NUMBER_TYPES.has(col.type)) {
    const integer = INT_TYPES.has(col.type);
    const wanted = integer ? 'un numero intero' : 'un numero';
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return found('CELL_TYPE', `${label} contiene ${shown} invece di ${wanted}: inserire ${wanted}`);
    }
    if (integer && !Number.isInteger(value)) {
      return found('CELL_TYPE', `${label} contiene ${fmtNum(value, 6)}, che non è un numero intero: inserire un numero intero`);
    }
    return null;
  }
  switch (col.type) {
    case 'date':
      if (typeof value === 'string' && ISO_DATE.test(value) && parseDate(value) === value) return null;
      return found('CELL_TYPE', `${label} contiene ${showValue(value)}, che non è una data valida: inserire una data (GG/MM/AAAA)`);
    case 'bool':
      return typeof value === 'boolean' ? null : found('CELL_TYPE', `${label} contiene ${shown} invece di Sì/No: scegliere Sì o No`);
    case 'enum':
      return typeof value === 'string' ? null : found('CELL_TYPE', `${label} contiene ${shown} invece di una voce dell'elenco: scegliere un valore dall'elenco`);
    default:
      return null;
  }
}

function checkEnum(col: ColumnDef, label: string, value: string): CellFinding | null {
  const values = col.values ?? [];
  if (values.includes(value)) return null;
  const near = values.find((v) => v.toLowerCase() === value.trim().toLowerCase());
  const fix = near
    ? `scrivere ${quote(near, 80)}`
    : values.length <= 6
      ? `scegliere fra ${listIt(values.map((v) => quote(v, 80)), 'o')}`
      : "scegliere un valore dall'elenco a discesa";
  return found('CELL_ENUM', `${label} contiene ${quote(value)}, che non è tra i valori ammessi: ${fix}`);
}

function checkRange(col: ColumnDef, label: string, n: number): CellFinding | null {
  const { min, max } = col;
  const low = min !== undefined && n < min;
  const high = max !== undefined && n > max;
  if (!low && !high) return null;
  const shown = fmtNum(n, 6);
  if (min !== undefined && max !== undefined) {
    return found('CELL_RANGE', `${label} vale ${shown}, fuori dall'intervallo ${fmtNum(min)}–${fmtNum(max)}: inserire un valore tra ${fmtNum(min)} e ${fmtNum(max)}`);
  }
  return low
    ? found('CELL_RANGE', `${label} vale ${shown}: deve essere almeno ${fmtNum(min!)}`)
    : found('CELL_RANGE', `${label} vale ${shown}: deve essere al massimo ${fmtNum(max!)}`);
}

function checkShape(col: ColumnDef, label: string, value: string): CellFinding | null {
  const t = value.trim();
  if (col.pattern && !col.pattern.test(t)) {
    return found('CELL_PATTERN', `${label} contiene ${quote(t)}, che non è nel formato richiesto${col.patternHint ? `: ${col.patternHint}` : ''}`);
  }
  if (col.type === 'email' && !EMAIL.test(t)) {
    return found('CELL_PATTERN', `${label} contiene ${quote(t)}, che non è un indirizzo e-mail valido: scrivere un indirizzo come protocollo@pec.comune.esempio.it`);
  }
  if (col.type === 'url' && !URL_SHAPE.test(t)) {
    return found('CELL_PATTERN', `${label} contiene ${quote(t)}, che non è un indirizzo web valido: scrivere un indirizzo come www.comune.esempio.it`);
  }
  return null;
}

/**
 * Checks one stored cell against its column: required (possibly depending on the row and the plan's
 * settings), JS type, enum membership, numeric range, pattern, e-mail / URL shape, date validity.
 * Computed columns are derived, never input, so they are never checked. Returns the first problem.
 */
export function checkCell(col: ColumnDef, value: CellValue | undefined, row: RowValues, settings: PlanSettings): CellFinding | null {
  if (col.computed) return null;
  const label = `«${col.label}»`;
  if (isEmpty(value)) {
    return isRequired(col, row, settings) ? found('CELL_REQUIRED', `${label} è obbligatorio: inserire un valore`) : null;
  }
  const typeProblem = checkType(col, label, value);
  if (typeProblem) return typeProblem;
  const badChar = typeof value === 'string' ? firstInvalidXmlChar(value) : null;
  if (badChar) {
    return found('CELL_CHARS', `${label} contiene un carattere non ammesso in Excel (${badChar}): eliminarlo e riscrivere il testo`);
  }
  if (typeof value === 'number') return checkRange(col, label, value);
  if (typeof value === 'string') return col.type === 'enum' ? checkEnum(col, label, value) : checkShape(col, label, value);
  return null;
}

/** A cell the norms require before approval (ColumnDef.requiredToApprove): validation only, never import. */
function approvalRequired(col: ColumnDef, value: CellValue | undefined, row: RowValues): CellFinding | null {
  const rule = col.requiredToApprove;
  if (!rule || col.computed || !isEmpty(value) || (typeof rule === 'function' && !rule(row))) return null;
  return found('CELL_REQUIRED', `«${col.label}» è obbligatorio per approvare il piano: inserire un valore`);
}

function checkRowCells(ctx: Ctx, sheet: SheetDef, values: RowValues, where: (column: string) => Where, name: string): void {
  const skipRequired = ctx.simplified && sheet.simplifiedOptional === true;
  for (const col of sheet.columns) {
    const f = checkCell(col, values[col.id], values, ctx.settings) ?? approvalRequired(col, values[col.id], values);
    if (!f || (skipRequired && f.rule === 'CELL_REQUIRED')) continue;
    ctx.sink.add(where(col.id), f.rule, 'error', `${name}: ${f.message}`);
  }
}

/** Runs checkCell on every cell of every sheet of the plan: the `_piano` records and tables, then each sector. */
export function checkAllCells(ctx: Ctx): void {
  for (const sheet of SHEETS) {
    if (sheet.scope !== 'plan') continue;
    if (sheet.kind === 'record') {
      const values = record(ctx.data, sheet.id as PlanSheetId);
      checkRowCells(ctx, sheet, values, (c) => inPlan(sheet.id, null, c), recordName(sheet.id));
    } else {
      planRows(ctx.data, sheet.id as PlanSheetId).forEach((row: SheetRow, i) =>
        checkRowCells(ctx, sheet, row.values, (c) => inPlan(sheet.id, rowRef(row, i), c), rowName(sheet.id, row.values, i)),
      );
    }
  }
  for (const sector of ctx.sectors) {
    for (const sheet of SHEETS) {
      if (sheet.scope !== 'sector') continue;
      sectorRows(sector, sheet.id as SectorSheetId).forEach((row, i) =>
        checkRowCells(ctx, sheet, row.values, (c) => inSector(sector, sheet.id, rowRef(row, i), c), rowName(sheet.id, row.values, i)),
      );
    }
  }
}
