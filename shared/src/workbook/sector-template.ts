import type { Writable } from 'node:stream';
import type { PlanData, SectorData } from '../doc/plan-data';
import { withComputed } from '../schema';
import type { RowValues, SectorSheetId } from '../schema/types';
import { type ExcelCell, toExcel } from './cells';
import { BASE_SHEET, type SignBase, baseSheetRows } from './import-base';
import { README_SHEET, SECTOR_SHEET_DEFS } from './layout';
import { outColumns } from './out-columns';
import { writeListsSheet } from './report-sheets';
import { openStreamBook } from './stream-book';
import { xmlSafe } from './xml-safe';
import { writeTable } from './sheet-writer';
import { BOLD_STYLE, TITLE_STYLE, WRAP_STYLE } from './styles';

/** Rows below the data that keep dropdowns and formats, for the manager's new rows. */
export const TEMPLATE_SPARE_ROWS = 1000;

/** Label of the read-me row holding the sector id, which the importer checks. */
export const TEMPLATE_SECTOR_LABEL = 'Codice settore';

/** What happens to other people's edits: the truth for a template that carries its base… */
const MERGE_LINES: Array<[string, string]> = [
  ['Modifiche di altri', 'Al caricamento vengono scritte solo le celle che in questo file sono diverse da come erano al download del modello.'],
  ['', 'Le modifiche fatte da altri nel frattempo restano. Se qualcuno ha cambiato nel frattempo una cella che anche questo file cambia, è un conflitto:'],
  ['', 'resta il valore attuale del piano e il conflitto viene elencato (chi, quando, i due valori), con la possibilità di sovrascriverlo con il valore del file.'],
  ['', 'Un foglio nascosto conserva i valori al download: se viene alterato il file è rifiutato.'],
];
/** …and for one made without a signing key (no base: every cell that differs is written). */
const NO_BASE_LINES: Array<[string, string]> = [
  ['Modifiche di altri', 'Al caricamento ogni cella di questo file diversa dal piano viene scritta, anche se nel frattempo l\'ha cambiata qualcun altro.'],
];

function readmeLines(data: PlanData, sector: SectorData, withBase: boolean): Array<[string, string]> {
  const ente = data.records.ente?.denominazione;
  return [
    ['Ente', typeof ente === 'string' && ente ? ente : data.ente],
    ['Triennio', data.triennio],
    ['Settore', sector.name],
    [TEMPLATE_SECTOR_LABEL, sector.id],
    ['', ''],
    ['Come compilare', 'Ogni foglio è una sezione del PIAO del settore, con le righe già presenti nel piano.'],
    ['', 'Per modificare una riga, cambiare le sue celle. Per aggiungere una riga, scriverla sotto l\'ultima.'],
    ['', 'La colonna nascosta «ID» collega ogni riga al piano condiviso: non va modificata né copiata.'],
    ['', 'Scegliere i valori dagli elenchi a discesa; le date vanno nel formato GG/MM/AAAA, gli importi in euro.'],
    ['', 'Le colonne calcolate (ad esempio «Costo totale annuo») sono ricalcolate al caricamento.'],
    ['Come caricare', 'Caricare il file dal pannello PIAO (Importa) o chiedere al coordinatore di importarlo.'],
    ['', 'Un file con errori viene rifiutato per intero, con l\'elenco delle celle da correggere (foglio, riga, colonna).'],
    ['Attenzione', 'Le righe cancellate da questo file NON vengono eliminate dal piano: per eliminarle usare il pannello.'],
    ...(withBase ? MERGE_LINES : NO_BASE_LINES),
  ];
}

/**
 * Writes the fillable workbook of one sector: a read-me sheet («Istruzioni»), then the sector's
 * sheets with their current rows, a first hidden and locked `ID` column (the row id), dropdowns and
 * number rules from the schema, the hidden `Liste` sheet and, when `signBase` is given, the veryHidden
 * base sheet (`import-base.ts`). `importSectorWorkbook` reads it back.
 */
export interface TemplateOptions {
  /**
   * Signs the template's base (the server's HMAC): the template then carries the values it was made
   * from and the import is a three-way merge. Without it the import falls back to two-way, with a warning.
   */
  signBase?: SignBase;
}

export async function writeSectorTemplate(data: PlanData, sectorId: string, out: NodeJS.WritableStream | Writable, opts: TemplateOptions = {}): Promise<void> {
  // Every cell below is written from this: stripped once of what XML cannot hold (xml-safe.ts).
  data = xmlSafe(data);
  const sector = data.sectors.find((s) => s.id === sectorId);
  if (!sector) throw new Error(`Settore «${sectorId}» non presente nel piano`);
  const { book, lists, check, finish } = openStreamBook(out);

  const readme = book.addWorksheet(README_SHEET);
  readme.columns = [{ width: 22 }, { width: 110 }];
  const title = readme.addRow([`PIAO ${data.triennio} — modello di compilazione del settore «${sector.name}»`]);
  title.getCell(1).style = TITLE_STYLE;
  title.commit();
  readme.addRow([]).commit();
  for (const [label, text] of readmeLines(data, sector, opts.signBase !== undefined)) {
    const row = readme.addRow(label || text ? [label, text] : []);
    if (label) row.getCell(1).style = BOLD_STYLE;
    if (text) row.getCell(2).style = WRAP_STYLE;
    row.commit();
  }
  readme.commit();

  for (const def of SECTOR_SHEET_DEFS) {
    const computed = def.columns.some((c) => c.computed);
    const rows = sector.sheets[def.id as SectorSheetId];
    function* cells(): Generator<ExcelCell[]> {
      for (const row of rows) {
        const values = computed ? withComputed(def, row.values) : row.values;
        yield [row.id, ...def.columns.map((c) => toExcel(c, values[c.id]))];
      }
    }
    await writeTable(
      book,
      { name: def.title, columns: outColumns(def, data, lists, { idColumn: true }), validationSpareRows: TEMPLATE_SPARE_ROWS, protect: true, check },
      cells(),
    );
  }
  await writeListsSheet(book, lists);
  if (opts.signBase) {
    const rows = new Map<string, Map<string, RowValues>>();
    for (const def of SECTOR_SHEET_DEFS) rows.set(def.id, new Map(sector.sheets[def.id as SectorSheetId].map((r) => [r.id, r.values])));
    const ws = book.addWorksheet(BASE_SHEET, { state: 'veryHidden' });
    for (const cells of baseSheetRows({ ente: data.ente, triennio: data.triennio, sector: sector.id, rows }, opts.signBase)) {
      check();
      ws.addRow(cells).commit();
    }
    ws.commit();
  }
  await finish();
}
