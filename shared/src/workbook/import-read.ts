import ExcelJS from 'exceljs';
import type { ColumnDef, SheetDef } from '../schema/types';
import { ID_COLUMN, SECTOR_COLUMN } from './layout';

/** Nodes the importer never needs; data validations in particular, which exceljs expands cell by cell. */
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'hyperlinks', 'drawing', 'picture', 'mergeCells', 'rowBreaks', 'headerFooter', 'pageSetup'];

export type LoadResult = { ok: true; workbook: ExcelJS.Workbook } | { ok: false; message: string };

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const ZIP_MAGIC = [0x50, 0x4b];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Loads an uploaded file as a workbook, or says in Italian why it is not one. Never throws. */
export async function loadWorkbook(xlsx: Uint8Array | ArrayBuffer): Promise<LoadResult> {
  const bytes = xlsx instanceof Uint8Array ? xlsx : new Uint8Array(xlsx);
  if (bytes.length === 0) return { ok: false, message: 'Il file è vuoto.' };
  if (startsWith(bytes, CFB_MAGIC)) {
    return { ok: false, message: 'Il file è nel vecchio formato Excel 97-2003 (.xls) oppure è protetto da password: salvarlo come cartella di lavoro Excel (.xlsx) senza password e riprovare.' };
  }
  if (!startsWith(bytes, ZIP_MAGIC)) return { ok: false, message: 'Il file non è una cartella di lavoro Excel (.xlsx): caricare il modello del settore compilato.' };
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS hands the bytes to JSZip.loadAsync, which takes a Uint8Array as it is
    // (https://stuk.github.io/jszip/documentation/api_jszip/load_async.html): no Node Buffer in shared/.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORED_NODES });
  } catch {
    return { ok: false, message: 'Il file è danneggiato o non è una cartella di lavoro Excel (.xlsx) valida: salvarlo di nuovo da Excel come .xlsx e riprovare.' };
  }
  if (workbook.worksheets.length === 0) {
    return { ok: false, message: 'Il file è un archivio ZIP ma non una cartella di lavoro Excel (.xlsx): caricare il modello del settore compilato.' };
  }
  return { ok: true, workbook };
}

const norm = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('it');

/** Finds the schema sheet a worksheet stands for: by its title (`2.2 Obiettivi`), id, or labels. */
export function matchSheet(name: string, defs: readonly SheetDef[]): SheetDef | undefined {
  const n = norm(name);
  return defs.find((d) => [d.title, d.id, d.label, d.labelEn].some((x) => norm(x) === n));
}

/** A raw cell as the importer understands it: formulas by their result, rich text as plain text. */
export type RawCell = string | number | boolean | Date | null | { error: string };

export function rawValue(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('error' in v && typeof v.error === 'string') return { error: v.error };
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? rawValue((v as { result?: ExcelJS.CellValue }).result ?? null) : null;
    if ('text' in v) return rawValue((v as { text: ExcelJS.CellValue }).text);
  }
  return null;
}

export function isBlank(v: RawCell): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** What a header cell stands for. */
export type HeaderTarget = { kind: 'id' } | { kind: 'sector' } | { kind: 'column'; col: ColumnDef };

export interface HeaderMap {
  /** Excel row of the header. */
  row: number;
  /** Excel column number → target. */
  columns: Map<number, HeaderTarget>;
  /** Schema columns found, by id. */
  found: Set<string>;
  /** Headers naming a column twice: label and Excel column of the repeat. */
  repeated: Array<{ label: string; column: number }>;
}

function targetOf(text: string, def: SheetDef): HeaderTarget | null {
  const n = norm(text);
  if (n === norm(ID_COLUMN)) return { kind: 'id' };
  if (n === norm(SECTOR_COLUMN)) return { kind: 'sector' };
  const col = def.columns.find((c) => norm(c.label) === n || norm(c.labelEn) === n || norm(c.id) === n);
  return col ? { kind: 'column', col } : null;
}

const HEADER_SCAN_ROWS = 10;

/** Finds the header row (the first of the top rows naming the most schema columns) and maps it. */
export function readHeader(ws: ExcelJS.Worksheet, def: SheetDef): HeaderMap | null {
  let best: HeaderMap | null = null;
  for (let r = 1; r <= Math.min(HEADER_SCAN_ROWS, ws.rowCount); r++) {
    const map: HeaderMap = { row: r, columns: new Map(), found: new Set(), repeated: [] };
    const seen = new Set<string>();
    ws.getRow(r).eachCell((cell, c) => {
      const raw = rawValue(cell.value);
      if (typeof raw !== 'string') return;
      const t = targetOf(raw, def);
      if (!t) return;
      const key = t.kind === 'column' ? t.col.id : t.kind;
      if (seen.has(key)) {
        map.repeated.push({ label: raw.trim(), column: c });
        return;
      }
      seen.add(key);
      map.columns.set(c, t);
      if (t.kind === 'column') map.found.add(t.col.id);
    });
    if (map.found.size > (best?.found.size ?? 0)) best = map;
  }
  return best;
}
