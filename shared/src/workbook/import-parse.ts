import type ExcelJS from 'exceljs';
import type { SheetDef } from '../schema/types';
import { BASE_SHEET, type RawBase, readRawBase } from './import-base';
import { type RawCell, isBlank, loadWorkbook, matchSheet, rawValue, readHeader } from './import-read';
import { README_SHEET, SECTOR_SHEET_DEFS } from './layout';
import { TEMPLATE_SECTOR_LABEL } from './sector-template';

/**
 * The heavy half of an import: an uploaded workbook read into plain, structured-cloneable data (the
 * server runs it in a worker thread with a memory cap), with a cap on rows per sheet. The light half,
 * `mergeSectorFile`, compares it with the document right before the update is written.
 */

/** Rows per sheet an import accepts: a sector's sheets hold tens or hundreds of rows; this stops abuse. */
export const MAX_IMPORT_ROWS = 20_000;

export interface ParsedRow {
  /** Excel row number. */
  r: number;
  id: string | null;
  sector: RawCell;
  /** Column id → raw cell, for the (non-computed) schema columns the header names. */
  cells: Record<string, RawCell>;
}

export interface ParsedSheet {
  /** Worksheet name as in the file. */
  name: string;
  sheetId: string;
  header: { row: number; found: string[]; repeated: Array<{ label: string; column: number }> } | null;
  rows: ParsedRow[];
}

export interface ParsedBook {
  /** The sector id written in the Istruzioni sheet, if any. */
  declaredSector: string | null;
  base: RawBase | null;
  sheets: ParsedSheet[];
}

export type ParseResult = { ok: true; book: ParsedBook } | { ok: false; message: string };

const fmt = (n: number) => n.toLocaleString('it-IT');

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

function baseOf(wb: ExcelJS.Workbook): RawBase | null {
  const ws = wb.worksheets.find((w) => w.name === BASE_SHEET);
  if (!ws) return null;
  const cells: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const out: unknown[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => (out[c - 1] = rawValue(cell.value)));
    cells.push(out);
  });
  return readRawBase(cells);
}

function parseSheet(ws: ExcelJS.Worksheet, def: SheetDef): ParsedSheet {
  const header = readHeader(ws, def);
  const sheet: ParsedSheet = { name: ws.name, sheetId: def.id, header: null, rows: [] };
  if (!header) return sheet;
  sheet.header = { row: header.row, found: [...header.found], repeated: header.repeated };
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r <= header.row) return;
    let id: string | null = null;
    let sector: RawCell = null;
    const cells: Record<string, RawCell> = {};
    let blank = true;
    for (const [c, target] of header.columns) {
      const v = rawValue(row.getCell(c).value);
      if (target.kind === 'id') id = isBlank(v) ? null : String(v).trim();
      else if (target.kind === 'sector') sector = v;
      else if (!target.col.computed) {
        cells[target.col.id] = v;
        if (!isBlank(v)) blank = false;
      }
    }
    if (!blank) sheet.rows.push({ r, id, sector, cells }); // an empty row (or only an ID left behind) is skipped
  });
  return sheet;
}

/** Reads a sector workbook into plain data, or says in Italian why it cannot. Never throws. */
export async function parseSectorWorkbook(xlsx: Uint8Array | ArrayBuffer, maxRows = MAX_IMPORT_ROWS): Promise<ParseResult> {
  const loaded = await loadWorkbook(xlsx);
  if (!loaded.ok) return loaded;
  const wb = loaded.workbook;
  const matched = wb.worksheets.map((ws) => ({ ws, def: matchSheet(ws.name, SECTOR_SHEET_DEFS) })).filter((s): s is { ws: ExcelJS.Worksheet; def: SheetDef } => !!s.def);
  for (const { ws } of matched) {
    if (ws.actualRowCount > maxRows) {
      return { ok: false, message: `Il foglio «${ws.name}» ha ${fmt(ws.actualRowCount)} righe, oltre il massimo di ${fmt(maxRows)} per foglio: un settore ne ha molte meno. Controllare di aver caricato il file giusto.` };
    }
  }
  return { ok: true, book: { declaredSector: templateSectorId(wb), base: baseOf(wb), sheets: matched.map(({ ws, def }) => parseSheet(ws, def)) } };
}
