import type ExcelJS from 'exceljs';
import type { PlanData, SectorData } from '../doc/plan-data';
import { type RowChange, type SheetRow, newRowId } from '../doc/rows';
import type { CellValue, ColumnDef, PlanSettings, RowValues, SectorSheetId, SheetDef } from '../schema/types';
import { checkCell } from '../validate/cells';
import { coerceCell } from '../validate/coerce';
import { type HeaderMap, type RawCell, isBlank, loadWorkbook, matchSheet, rawValue, readHeader } from './import-read';
import type { ImportCounts, ImportError, ImportResult, ImportSummary } from './import-types';
import { ID_COLUMN, README_SHEET, SECTOR_SHEET_DEFS } from './layout';
import { TEMPLATE_SECTOR_LABEL } from './sector-template';

const fileError = (message: string): ImportResult => ({ ok: false, errors: [{ sheet: '', row: 0, column: '', message }] });

/** A row's stored cells in a canonical form (column order and empty cells do not matter). */
function signature(values: RowValues): string {
  return JSON.stringify(
    Object.entries(values)
      .filter(([, v]) => v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

const emptyCounts = (): ImportCounts => ({ added: 0, updated: 0, unchanged: 0, deleted: 0, notInFile: 0, otherSector: 0 });

function isRequired(col: ColumnDef, row: RowValues, settings: PlanSettings): boolean {
  return typeof col.required === 'function' ? col.required(row, settings) : col.required;
}

const same = (a: CellValue | undefined, b: CellValue | undefined): boolean => (a ?? null) === (b ?? null);

interface SheetContext {
  ws: ExcelJS.Worksheet;
  def: SheetDef;
  sector: SectorData;
  data: PlanData;
  settings: PlanSettings;
  /** Simplified regime (< 50 employees): this sheet's required columns are not required. */
  relaxed: boolean;
  errors: ImportError[];
  changes: RowChange[];
  counts: ImportCounts;
}

function err(ctx: SheetContext, row: number, column: string, message: string): void {
  ctx.errors.push({ sheet: ctx.ws.name, row, column, message });
}

function requiredHeadersMissing(ctx: SheetContext, header: HeaderMap): boolean {
  let missing = false;
  for (const col of ctx.def.columns) {
    if (col.computed || header.found.has(col.id) || ctx.relaxed) continue;
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

/** Where each code of a unique column is already used: column id → code → row id and where it lives. */
type CodeOwners = Map<string, Map<string, { rowId: string; where: string }>>;

function codeOwners(ctx: SheetContext): CodeOwners {
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
function checkCodes(ctx: SheetContext, owners: CodeOwners, inFile: Map<string, number>, r: number, existing: SheetRow | undefined, values: RowValues): boolean {
  let ok = true;
  const rowId = existing?.id ?? null;
  for (const [colId, codes] of owners) {
    const v = values[colId];
    if (typeof v !== 'string') continue;
    const col = ctx.def.columns.find((c) => c.id === colId)!;
    const key = `${colId}\u0000${v}`;
    const firstRow = inFile.get(key);
    // A duplicate the document already had is validation's business (DUP_CODE), not this file's.
    const untouched = existing !== undefined && existing.values[colId] === v;
    if (firstRow !== undefined && !untouched) {
      err(ctx, r, col.label, `«${col.label}»: il codice «${v}» compare anche alla riga ${firstRow} del file: usare un codice diverso.`);
      ok = false;
      continue;
    }
    if (firstRow === undefined) inFile.set(key, r);
    const owner = codes.get(v);
    if (owner && owner.rowId !== rowId) {
      const how = rowId === null ? "per modificare quella riga usare il modello del settore (con la colonna ID), per una riga nuova usare un codice diverso" : 'usare un codice diverso';
      err(ctx, r, col.label, `«${col.label}»: il codice «${v}» è già usato da un'altra riga ${owner.where}: ${how}.`);
      ok = false;
    }
  }
  return ok;
}

/** The file's cells of one row as document values, or null after reporting the cells that are not. */
function coerceRow(ctx: SheetContext, r: number, raw: ReadonlyMap<ColumnDef, RawCell>): RowValues | null {
  const values: RowValues = {};
  let ok = true;
  for (const [col, v] of raw) {
    if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
      err(ctx, r, col.label, `«${col.label}»: la cella contiene un errore di formula (${v.error}): sostituirlo con un valore.`);
      ok = false;
      continue;
    }
    const coerced = coerceCell(col, v);
    if (!coerced.ok) {
      err(ctx, r, col.label, `«${col.label}»: ${coerced.error}.`);
      ok = false;
      continue;
    }
    values[col.id] = coerced.value;
  }
  return ok ? values : null;
}

/**
 * Checks the row as it will be (the document's values with the file's cells on top) with the schema's
 * cell rules. An update is judged on the cells it changes: a value already in the document, even a
 * wrong one that validation reports, must not block the import of an untouched row.
 */
function checkRow(ctx: SheetContext, r: number, raw: ReadonlyMap<ColumnDef, RawCell>, existing: SheetRow | undefined, merged: RowValues): boolean {
  let ok = true;
  for (const col of ctx.def.columns) {
    if (col.computed) continue;
    if (existing && (!raw.has(col) || same(existing.values[col.id], merged[col.id]))) continue;
    const f = checkCell(col, merged[col.id], merged, ctx.settings);
    if (!f || (ctx.relaxed && f.rule === 'CELL_REQUIRED')) continue;
    err(ctx, r, col.label, f.message.endsWith('.') ? f.message : `${f.message}.`);
    ok = false;
  }
  return ok;
}

/** Reads one worksheet into changes (or errors) against the sector's current rows of that sheet. */
function importSheet(ctx: SheetContext): void {
  const { ws, def } = ctx;
  const header = readHeader(ws, def);
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
  let hasData = false;
  const headerErrorsAt = ctx.errors.length;
  const headerBroken = requiredHeadersMissing(ctx, header);

  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r <= header.row) return;
    let id: string | null = null;
    let sectorCell: RawCell = null;
    const raw = new Map<ColumnDef, RawCell>();
    for (const [c, target] of header.columns) {
      const v = rawValue(row.getCell(c).value);
      if (target.kind === 'id') id = isBlank(v) ? null : String(v).trim();
      else if (target.kind === 'sector') sectorCell = v;
      else if (!target.col.computed) raw.set(target.col, v);
    }
    if ([...raw.values()].every(isBlank)) return; // empty row (or only an ID left behind)
    hasData = true;
    if (!sectorMatches(sectorCell, ctx.sector)) {
      ctx.counts.otherSector++;
      return;
    }
    if (headerBroken) return;

    const existing = id === null ? undefined : byId.get(id);
    if (id !== null) {
      const first = seenIds.get(id);
      if (first !== undefined) {
        err(ctx, r, ID_COLUMN, `L'ID «${id}» compare anche alla riga ${first}: se la riga è una copia, cancellarne l'ID per aggiungerla come riga nuova.`);
        return;
      }
      seenIds.set(id, r);
      if (!existing) {
        err(ctx, r, ID_COLUMN, `L'ID «${id}» non corrisponde a nessuna riga di «${def.title}» del settore (forse è stata eliminata nel frattempo): per aggiungerla come riga nuova cancellarne l'ID.`);
        return;
      }
    }

    const values = coerceRow(ctx, r, raw);
    if (!values) return;
    if (!existing) {
      const sig = signature(values);
      const copies = present.get(sig) ?? 0;
      if (copies > 0) {
        present.set(sig, copies - 1);
        ctx.counts.unchanged++;
        return;
      }
    }
    const merged: RowValues = { ...(existing?.values ?? {}), ...values };
    if (!checkRow(ctx, r, raw, existing, merged) || !checkCodes(ctx, owners, codesInFile, r, existing, merged)) return;

    if (!existing) {
      const added: RowValues = {};
      for (const [k, v] of Object.entries(values)) if (v !== null) added[k] = v;
      ctx.changes.push({ kind: 'add', sheet: def.id, id: newRowId(), values: added });
      ctx.counts.added++;
      return;
    }
    const diff: RowValues = {};
    for (const [k, v] of Object.entries(values)) if (!same(existing.values[k], v)) diff[k] = v;
    if (Object.keys(diff).length === 0) ctx.counts.unchanged++;
    else {
      ctx.changes.push({ kind: 'update', sheet: def.id, id: existing.id, values: diff });
      ctx.counts.updated++;
    }
  });
  // A broken header matters only when the sheet has rows to read.
  if (!hasData) ctx.errors.length = headerErrorsAt;
  ctx.counts.notInFile = current.filter((r) => !seenIds.has(r.id)).length;
}

function templateSectorId(wb: ExcelJS.Workbook): string | null {
  const ws = wb.worksheets.find((w) => w.name.trim().toLocaleLowerCase('it') === README_SHEET.toLocaleLowerCase('it'));
  if (!ws) return null;
  let id: string | null = null;
  ws.eachRow((row) => {
    if (rawValue(row.getCell(1).value) === TEMPLATE_SECTOR_LABEL) {
      const v = rawValue(row.getCell(2).value);
      if (typeof v === 'string' && v.trim()) id = v.trim();
    }
  });
  return id;
}

function summaryMessage(s: ImportCounts): string {
  const parts = [`${s.added} righe aggiunte`, `${s.updated} aggiornate`, `${s.unchanged} invariate`];
  let msg = `${parts.join(', ')}.`;
  if (s.notInFile > 0) msg += ` ${s.notInFile} righe del piano non sono nel file e restano invariate: le righe non si eliminano da un file, usare il pannello.`;
  if (s.otherSector > 0) msg += ` ${s.otherSector} righe di altri settori sono state ignorate.`;
  return msg;
}

/**
 * Reads a sector workbook (the template of `writeSectorTemplate`, or any workbook whose sheets and
 * headers match) into row changes for that sector's room. Columns are matched by header (Italian or
 * English label); rows with an ID update that row (only the cells that differ), rows without one are
 * added, rows missing from the file are kept. Every bad cell is reported with sheet, row and column;
 * any error means `ok: false` and no changes at all. Never throws.
 */
export async function importSectorWorkbook(data: PlanData, sectorId: string, xlsx: Uint8Array | ArrayBuffer): Promise<ImportResult> {
  const sector = data.sectors.find((s) => s.id === sectorId);
  if (!sector) return fileError(`Il settore «${sectorId}» non fa parte del piano.`);
  const loaded = await loadWorkbook(xlsx);
  if (!loaded.ok) return fileError(loaded.message);
  const wb = loaded.workbook;

  const declared = templateSectorId(wb);
  if (declared !== null && declared !== sector.id) {
    const other = data.sectors.find((s) => s.id === declared)?.name ?? declared;
    return fileError(`Il file è il modello del settore «${other}», non di «${sector.name}»: caricarlo nel settore giusto.`);
  }

  const sheets = wb.worksheets.map((ws) => ({ ws, def: matchSheet(ws.name, SECTOR_SHEET_DEFS) })).filter((s): s is { ws: ExcelJS.Worksheet; def: SheetDef } => !!s.def);
  if (sheets.length === 0) {
    return fileError(`Nessun foglio riconosciuto: il file deve contenere almeno uno dei fogli del settore (${SECTOR_SHEET_DEFS.map((d) => `«${d.title}»`).join(', ')}).`);
  }
  const dipendenti = data.records.ente?.dipendenti_31_12;
  const simplified = typeof dipendenti === 'number' && dipendenti < 50;

  const errors: ImportError[] = [];
  const changes: RowChange[] = [];
  const total = emptyCounts();
  const perSheet: Record<string, ImportCounts> = {};
  const seenDefs = new Map<string, string>();
  for (const { ws, def } of sheets) {
    const previous = seenDefs.get(def.id);
    if (previous !== undefined) {
      errors.push({ sheet: ws.name, row: 0, column: '', message: `Il foglio «${ws.name}» ripete «${previous}»: lasciarne uno solo.` });
      continue;
    }
    seenDefs.set(def.id, ws.name);
    const counts = emptyCounts();
    importSheet({ ws, def, sector, data, settings: data.settings, relaxed: simplified && def.simplifiedOptional === true, errors, changes, counts });
    perSheet[ws.name] = counts;
    for (const k of Object.keys(total) as Array<keyof ImportCounts>) total[k] += counts[k];
  }
  if (errors.length > 0) return { ok: false, errors };
  const summary: ImportSummary = { ...total, sheets: perSheet, message: summaryMessage(total) };
  return { ok: true, changes, summary };
}
