import type { PlanData, SectorData } from '../doc/plan-data';
import { type RowChange, newRowId } from '../doc/rows';
import type { CellValue, ColumnDef, PlanSettings, RowValues, SectorSheetId, SheetDef } from '../schema/types';
import { SHEET_BY_ID } from '../schema';
import { checkCell } from '../validate/cells';
import { coerceCell } from '../validate/coerce';
import { type TemplateBase, type VerifyBase, checkBase } from './import-base';
import { conflictKey, mergeRow, rowChangedSinceBase, sameCell } from './import-merge';
import { type ParsedBook, type ParsedRow, type ParsedSheet, parseSectorWorkbook } from './import-parse';
import { type RawCell, isBlank } from './import-read';
import { NO_BASE_WARNING, summaryMessage } from './import-summary';
import type { ImportConflict, ImportCounts, ImportError, ImportResult, ImportSummary } from './import-types';
import { checkCodes, codeOwners } from './import-codes';
import { ID_COLUMN, SECTOR_SHEET_DEFS } from './layout';

const fileError = (message: string): ImportResult => ({ ok: false, errors: [{ sheet: '', row: 0, column: '', message }] });

/** A row's stored cells in a canonical form (column order and empty cells do not matter). */
function signature(values: RowValues): string {
  return JSON.stringify(
    Object.entries(values)
      .filter(([, v]) => v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

const emptyCounts = (): ImportCounts => ({
  added: 0, updated: 0, unchanged: 0, deleted: 0, notInFile: 0, otherSector: 0, cellsChanged: 0, conflicts: 0, overwritten: 0, deletedByOthers: 0,
});

function isRequired(col: ColumnDef, row: RowValues, settings: PlanSettings): boolean {
  return typeof col.required === 'function' ? col.required(row, settings) : col.required;
}

/** Which conflicts the importer chose to overwrite: every one, or those whose keys they send back. */
export type ForceChoice = ReadonlySet<string> | 'all';

export interface MergeOptions {
  /** Checks the signature of the file's base (the server's HMAC). Without it a base is not trusted. */
  verifyBase?: VerifyBase;
  force?: ForceChoice;
}

interface SheetContext {
  sheet: ParsedSheet;
  def: SheetDef;
  sector: SectorData;
  data: PlanData;
  settings: PlanSettings;
  /** Simplified regime (50 employees or fewer): this sheet's required columns are not required. */
  relaxed: boolean;
  /** The file's base rows of this sheet; undefined without a base (two-way merge). */
  base: ReadonlyMap<string, RowValues> | undefined;
  force: ForceChoice;
  errors: ImportError[];
  changes: RowChange[];
  conflicts: ImportConflict[];
  counts: ImportCounts;
}

function err(ctx: SheetContext, row: number, column: string, message: string): void {
  ctx.errors.push({ sheet: ctx.sheet.name, row, column, message });
}

const label = (ctx: SheetContext, colId: string): string => ctx.def.columns.find((c) => c.id === colId)?.label ?? colId;

function requiredHeadersMissing(ctx: SheetContext, header: NonNullable<ParsedSheet['header']>): boolean {
  let missing = false;
  for (const col of ctx.def.columns) {
    if (col.computed || header.found.includes(col.id) || ctx.relaxed) continue;
    if (isRequired(col, {}, ctx.settings)) {
      err(ctx, header.row, col.label, `Manca la colonna obbligatoria «${col.label}»: ripristinare l'intestazione (riga ${header.row}) o usare il modello del settore.`);
      missing = true;
    }
  }
  for (const r of header.repeated) err(ctx, header.row, r.label, `La colonna «${r.label}» compare due volte: lasciarne una sola.`);
  return missing || header.repeated.length > 0;
}

function sectorMatches(raw: RawCell, sector: SectorData): boolean {
  if (isBlank(raw)) return true;
  const t = String(raw).trim().toLocaleLowerCase('it');
  return t === sector.name.trim().toLocaleLowerCase('it') || t === sector.id;
}

/** The file's cells of one row as document values, or null after reporting the cells that are not. */
function coerceRow(ctx: SheetContext, row: ParsedRow): RowValues | null {
  const values: RowValues = {};
  let ok = true;
  for (const [colId, v] of Object.entries(row.cells)) {
    const col = SHEET_BY_ID[ctx.def.id as keyof typeof SHEET_BY_ID].columns.find((c) => c.id === colId)!;
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      err(ctx, row.r, col.label, `«${col.label}»: la cella contiene un errore di formula (${v.error}): sostituirlo con un valore.`);
      ok = false;
      continue;
    }
    const coerced = coerceCell(col, v);
    if (!coerced.ok) {
      err(ctx, row.r, col.label, `«${col.label}»: ${coerced.error}.`);
      ok = false;
      continue;
    }
    values[col.id] = coerced.value;
  }
  return ok ? values : null;
}

/**
 * Checks the row as it will be with the schema's cell rules, on the cells the import writes (`cols`;
 * null for a new row: all of them). A value already in the document, even a wrong one that validation
 * reports, must not block the import of an untouched cell.
 */
function checkRow(ctx: SheetContext, r: number, cols: ReadonlySet<string> | null, merged: RowValues): boolean {
  let ok = true;
  for (const col of ctx.def.columns) {
    if (col.computed || (cols !== null && !cols.has(col.id))) continue;
    const f = checkCell(col, merged[col.id], merged, ctx.settings);
    if (!f || (ctx.relaxed && f.rule === 'CELL_REQUIRED')) continue;
    err(ctx, r, col.label, f.message.endsWith('.') ? f.message : `${f.message}.`);
    ok = false;
  }
  return ok;
}

const forced = (ctx: SheetContext, key: string): boolean => ctx.force === 'all' || ctx.force.has(key);

function conflict(ctx: SheetContext, r: number, rowId: string, columnId: string | null, theirs: CellValue, yours: CellValue, overwritten: boolean): void {
  ctx.conflicts.push({
    key: conflictKey(ctx.def.id, rowId, columnId, theirs),
    sheet: ctx.sheet.name,
    row: r,
    column: columnId === null ? '' : label(ctx, columnId),
    sheetId: ctx.def.id,
    rowId,
    columnId,
    theirs,
    yours,
    ...(columnId === null ? { rowDeleted: true as const } : {}),
    overwritten,
  });
  ctx.counts.conflicts++;
  if (overwritten) ctx.counts.overwritten++;
}

function addRow(ctx: SheetContext, id: string, values: RowValues): void {
  const added: RowValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== '') added[k] = v;
  ctx.changes.push({ kind: 'add', sheet: ctx.def.id, id, values: added });
  ctx.counts.added++;
}

/** Merges one sheet of the file into changes (or errors and conflicts) against the sector's current rows. */
function importSheet(ctx: SheetContext): void {
  const { sheet, def } = ctx;
  const header = sheet.header;
  if (!header) return; // a sheet with no recognisable header and thus no rows to read
  const current = ctx.sector.sheets[def.id as SectorSheetId];
  const byId = new Map(current.map((r) => [r.id, r]));
  // Rows already in the document, by content: a row without ID identical to one of them is a re-upload
  // of a row added by an earlier import (the manager's file never learns its new ID), not a new row.
  const present = new Map<string, number>();
  for (const r of current) present.set(signature(r.values), (present.get(signature(r.values)) ?? 0) + 1);
  const seenIds = new Map<string, number>();
  const owners = codeOwners(ctx);
  const codesInFile = new Map<string, number>();
  const headerErrorsAt = ctx.errors.length;
  const headerBroken = requiredHeadersMissing(ctx, header);
  // A broken header matters only when the sheet has rows to read.
  if (sheet.rows.length === 0) ctx.errors.length = headerErrorsAt;

  for (const row of sheet.rows) {
    const { r, id } = row;
    if (!sectorMatches(row.sector, ctx.sector)) {
      ctx.counts.otherSector++;
      continue;
    }
    if (headerBroken) continue;
    const existing = id === null ? undefined : byId.get(id);
    const baseRow = id === null ? undefined : ctx.base?.get(id);
    if (id !== null) {
      const first = seenIds.get(id);
      if (first !== undefined) {
        err(ctx, r, ID_COLUMN, `L'ID «${id}» compare anche alla riga ${first}: se la riga è una copia, cancellarne l'ID per aggiungerla come riga nuova.`);
        continue;
      }
      seenIds.set(id, r);
      if (!existing && !baseRow) {
        err(ctx, r, ID_COLUMN, `L'ID «${id}» non corrisponde a nessuna riga di «${def.title}» del settore (forse è stata eliminata nel frattempo): per aggiungerla come riga nuova cancellarne l'ID.`);
        continue;
      }
    }
    const values = coerceRow(ctx, row);
    if (!values) continue;

    if (id !== null && !existing && baseRow) {
      // Deleted by someone else since the base: re-created only if the file changed it and the importer chose so.
      if (!rowChangedSinceBase(baseRow, values)) {
        ctx.counts.deletedByOthers++;
        continue;
      }
      const overwrite = forced(ctx, conflictKey(def.id, id, null, null));
      conflict(ctx, r, id, null, null, null, overwrite);
      const merged = { ...baseRow, ...values };
      if (overwrite && checkRow(ctx, r, null, merged) && checkCodes(ctx, owners, codesInFile, r, undefined, id, merged)) addRow(ctx, id, merged);
      continue;
    }
    if (!existing) {
      const sig = signature(values);
      const copies = present.get(sig) ?? 0;
      if (copies > 0) {
        present.set(sig, copies - 1);
        ctx.counts.unchanged++;
        continue;
      }
      if (checkRow(ctx, r, null, values) && checkCodes(ctx, owners, codesInFile, r, undefined, null, values)) addRow(ctx, newRowId(), values);
      continue;
    }

    const m = mergeRow(baseRow, existing.values, values, (column, theirs) => forced(ctx, conflictKey(def.id, existing.id, column, theirs)));
    const write = m.write;
    const merged: RowValues = { ...existing.values, ...write };
    const cols = new Set(Object.keys(write).filter((k) => !sameCell(existing.values[k], write[k])));
    if (!checkRow(ctx, r, cols, merged) || !checkCodes(ctx, owners, codesInFile, r, existing, existing.id, merged)) continue;
    for (const c of m.conflicts) conflict(ctx, r, existing.id, c.column, c.theirs, c.yours, c.column in write);
    if (cols.size === 0) {
      if (m.conflicts.length === 0) ctx.counts.unchanged++;
      continue;
    }
    const diff: RowValues = {};
    for (const k of cols) diff[k] = write[k]!;
    ctx.changes.push({ kind: 'update', sheet: def.id, id: existing.id, values: diff });
    ctx.counts.updated++;
    ctx.counts.cellsChanged += cols.size;
  }
  ctx.counts.notInFile = current.filter((r) => !seenIds.has(r.id)).length;
}

/**
 * Merges a parsed sector workbook into changes for that sector's room, against `data` (the document
 * as it is right now). Columns are matched by header (Italian or English label). With a verified base
 * (`import-base.ts`) it is a three-way merge: only cells the file changed are written, and a cell
 * someone else changed since is a conflict, kept as theirs unless forced. Rows without ID are added,
 * rows missing from the file are kept. Any bad cell means `ok: false` and no changes. Never throws.
 */
export function mergeSectorFile(data: PlanData, sectorId: string, book: ParsedBook, opts: MergeOptions = {}): ImportResult {
  const sector = data.sectors.find((s) => s.id === sectorId);
  if (!sector) return fileError(`Il settore «${sectorId}» non fa parte del piano.`);
  if (book.declaredSector !== null && book.declaredSector !== sector.id) {
    const other = data.sectors.find((s) => s.id === book.declaredSector)?.name ?? book.declaredSector;
    return fileError(`Il file è il modello del settore «${other}», non di «${sector.name}»: caricarlo nel settore giusto.`);
  }
  if (book.sheets.length === 0) {
    return fileError(`Nessun foglio riconosciuto: il file deve contenere almeno uno dei fogli del settore (${SECTOR_SHEET_DEFS.map((d) => `«${d.title}»`).join(', ')}).`);
  }
  let base: TemplateBase | undefined;
  if (book.base && opts.verifyBase) {
    const checked = checkBase(book.base, opts.verifyBase);
    if (!checked.ok) return fileError(checked.message);
    if (checked.base.ente !== data.ente || checked.base.triennio !== data.triennio || checked.base.sector !== sector.id) {
      return fileError(`Il file è il modello di un altro piano o settore (${checked.base.ente} ${checked.base.triennio}, «${checked.base.sector}»): caricarlo nel piano e nel settore giusti.`);
    }
    base = checked.base;
  }
  const dipendenti = data.records.ente?.dipendenti_31_12;
  // 50 or fewer, as validation (D.P.R. 81/2022 art. 1 c. 1; validate/context.ts).
  const simplified = typeof dipendenti === 'number' && dipendenti <= 50;

  const errors: ImportError[] = [];
  const changes: RowChange[] = [];
  const conflicts: ImportConflict[] = [];
  const total = emptyCounts();
  const perSheet: Record<string, ImportCounts> = {};
  const seenDefs = new Map<string, string>();
  for (const sheet of book.sheets) {
    const def = SECTOR_SHEET_DEFS.find((d) => d.id === sheet.sheetId)!;
    const previous = seenDefs.get(def.id);
    if (previous !== undefined) {
      errors.push({ sheet: sheet.name, row: 0, column: '', message: `Il foglio «${sheet.name}» ripete «${previous}»: lasciarne uno solo.` });
      continue;
    }
    seenDefs.set(def.id, sheet.name);
    const counts = emptyCounts();
    const relaxed = simplified && def.simplifiedOptional === true;
    const sheetBase = base ? (base.rows.get(def.id) ?? new Map<string, RowValues>()) : undefined;
    importSheet({ sheet, def, sector, data, settings: data.settings, relaxed, base: sheetBase, force: opts.force ?? new Set(), errors, changes, conflicts, counts });
    perSheet[sheet.name] = counts;
    for (const k of Object.keys(total) as Array<keyof ImportCounts>) total[k] += counts[k];
  }
  if (errors.length > 0) return { ok: false, errors };
  const warnings = base ? [] : [NO_BASE_WARNING];
  const summary: ImportSummary = { ...total, sheets: perSheet, message: summaryMessage(total), warnings, threeWay: base !== undefined };
  return { ok: true, changes, summary, conflicts };
}

/** Reads and merges a sector workbook in one go (the CLI and tests; the server splits the two halves). */
export async function importSectorWorkbook(data: PlanData, sectorId: string, xlsx: Uint8Array | ArrayBuffer, opts: MergeOptions = {}): Promise<ImportResult> {
  if (!data.sectors.some((s) => s.id === sectorId)) return fileError(`Il settore «${sectorId}» non fa parte del piano.`);
  const parsed = await parseSectorWorkbook(xlsx);
  if (!parsed.ok) return fileError(parsed.message);
  return mergeSectorFile(data, sectorId, parsed.book, opts);
}
