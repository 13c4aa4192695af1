import type { PlanData } from '../doc/plan-data';
import type { SheetRow } from '../doc/rows';
import { SHEETS, getSheet, withComputed } from '../schema';
import type { ColumnDef, PlanSheetId, RowValues, SectorSheetId, SheetDef, SheetId } from '../schema/types';
import { fmtDate } from '../validate/format';
import { formatCell } from './cells';
import { riepilogoTable } from './riepilogo';

/**
 * The publishable document as plain data: what goes in which section of the Piano tipo (D.M. 132/2022),
 * built from the plan. The PDF and DOCX writers only lay it out, so both say the same thing.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; /** Listed in the index. */ toc: boolean }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; table: DocTable };

export interface DocColumn {
  label: string;
  /** Relative width (the writers share the page width out in these proportions). */
  weight: number;
  align: 'left' | 'right';
}

export interface DocTable {
  caption: string;
  columns: DocColumn[];
  rows: string[][];
  /** Printed on a landscape page: too many or too wide columns for portrait. */
  landscape: boolean;
  /** The last row is a total (printed bold). */
  totalRow?: boolean;
}

export interface PlanDocument {
  title: string;
  ente: string;
  triennio: string;
  /** «Adottato con deliberazione … del …», or «Bozza» while the plan is not adopted. */
  adoption: string;
  adopted: boolean;
  blocks: Block[];
}

interface OutlineEntry {
  key: string;
  /** Shown before the title: «Sezione 1», «2.1», nothing for the premessa. */
  number: string;
  title: string;
  level: 1 | 2;
  sheets: readonly SheetId[];
}

/** Piano tipo order (D.M. 132/2022 art. 2-6); the `testi` sheet places its texts by `key`. */
export const OUTLINE: readonly OutlineEntry[] = [
  { key: 'Premessa', number: '', title: 'Premessa', level: 1, sheets: [] },
  { key: '1', number: 'Sezione 1', title: "Scheda anagrafica dell'amministrazione", level: 1, sheets: ['ente'] },
  { key: '2', number: 'Sezione 2', title: 'Valore pubblico, performance e anticorruzione', level: 1, sheets: [] },
  { key: '2.1', number: '2.1', title: 'Valore pubblico', level: 2, sheets: ['obiettivi_strategici'] },
  { key: '2.2', number: '2.2', title: 'Performance', level: 2, sheets: ['obiettivi', 'indicatori'] },
  { key: '2.3', number: '2.3', title: 'Rischi corruttivi e trasparenza', level: 2, sheets: ['processi', 'rischi', 'misure'] },
  { key: '3', number: 'Sezione 3', title: 'Organizzazione e capitale umano', level: 1, sheets: [] },
  { key: '3.1', number: '3.1', title: 'Struttura organizzativa', level: 2, sheets: ['settori', 'dotazione'] },
  { key: '3.2', number: '3.2', title: 'Organizzazione del lavoro agile', level: 2, sheets: ['lavoro_agile'] },
  {
    key: '3.3',
    number: '3.3',
    title: 'Piano triennale dei fabbisogni di personale',
    level: 2,
    sheets: ['capacita_assunzionale', 'fabbisogni', 'cessazioni'],
  },
  { key: '3.4', number: '3.4', title: 'Formazione del personale', level: 2, sheets: ['formazione'] },
  { key: '4', number: 'Sezione 4', title: 'Monitoraggio', level: 1, sheets: [] },
];

/** Above this many characters of column widths a table goes on a landscape page. */
const PORTRAIT_CHARS = 110;
const NUMERIC = new Set(['int', 'decimal', 'money', 'percent', 'year']);

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

const longestWord = (text: string): number => Math.max(0, ...text.split(/\s+/).map((w) => w.length));

/**
 * A column's share of the page: its Excel width, widened so that no word of the header or of a cell
 * (codes such as LLPP-2022-01, up to 18 characters) has to be broken mid-word, and capped so that
 * long texts wrap instead of squeezing the other columns.
 */
function fitWeight(label: string, cells: readonly string[], width: number): number {
  const words = Math.max(longestWord(label), ...cells.map((c) => Math.min(longestWord(c), 18)));
  return Math.min(Math.max(width, words + 2, 6), 48);
}

export function headingText(e: Pick<OutlineEntry, 'number' | 'title'>): string {
  return e.number ? `${e.number} – ${e.title}` : e.title;
}

/** Plain text of a `testi` row → paragraphs and lists: a blank line ends a paragraph, «- » starts an item. */
export function textBlocks(text: string): Block[] {
  const out: Block[] = [];
  let para: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'paragraph', text: para.join(' ') });
    if (list.length) out.push({ kind: 'list', items: list });
    para = [];
    list = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trim();
    if (line === '') flush();
    else if (line.startsWith('- ')) {
      if (para.length) flush();
      list.push(line.slice(2).trim());
    } else {
      if (list.length) flush();
      para.push(line);
    }
  }
  flush();
  return out;
}

function tableOf(caption: string, cols: readonly ColumnDef[], rows: ReadonlyArray<{ sector?: string; values: RowValues }>, sheet: SheetDef): DocTable {
  const full = rows.map((r) => ({ sector: r.sector, values: withComputed(sheet, r.values) }));
  // Columns nobody filled in say nothing in print: they are left out so the rest stays legible.
  const kept = cols.filter((c, i) => i === 0 || full.some((r) => formatCell(c, r.values[c.id]) !== ''));
  const withSector = rows.some((r) => r.sector !== undefined);
  const cells = full.map((r) => kept.map((c) => formatCell(c, r.values[c.id])));
  const columns: DocColumn[] = [
    ...(withSector ? [{ label: 'Settore', weight: fitWeight('Settore', full.map((r) => r.sector ?? ''), 16), align: 'left' as const }] : []),
    ...kept.map((c, i) => ({
      label: c.label,
      weight: fitWeight(c.label, cells.map((row) => row[i]!), c.width),
      align: NUMERIC.has(c.type) ? ('right' as const) : ('left' as const),
    })),
  ];
  const width = columns.reduce((s, c) => s + c.weight, 0);
  return {
    caption,
    columns,
    rows: full.map((r, i) => [...(withSector ? [r.sector ?? ''] : []), ...cells[i]!]),
    landscape: width > PORTRAIT_CHARS || columns.length > 8,
  };
}

/** A one-record sheet as a two-column table (Voce, Valore), empty items left out. */
function recordTable(sheet: SheetDef, values: RowValues): DocTable {
  const full = withComputed(sheet, values);
  const rows = sheet.columns.map((c) => [c.label, formatCell(c, full[c.id])]).filter(([, v]) => v !== '');
  return {
    caption: sheet.label,
    columns: [
      { label: 'Voce', weight: 40, align: 'left' },
      { label: 'Valore', weight: 60, align: 'left' },
    ],
    rows,
    landscape: false,
  };
}

function sheetBlocks(data: PlanData, id: SheetId): Block[] {
  const sheet = getSheet(id);
  if (sheet.scope === 'plan' && sheet.kind === 'record') {
    const t = recordTable(sheet, data.records[id as PlanSheetId] ?? {});
    return t.rows.length ? [{ kind: 'table', table: t }] : [];
  }
  const rows: Array<{ sector?: string; values: RowValues }> =
    sheet.scope === 'plan'
      ? (data.tables[id as PlanSheetId] ?? []).map((r: SheetRow) => ({ values: r.values }))
      : data.sectors.flatMap((s) => s.sheets[id as SectorSheetId].map((r) => ({ sector: s.name, values: r.values })));
  if (rows.length === 0) return [{ kind: 'paragraph', text: `${sheet.label}: nessun dato inserito.` }];
  return [{ kind: 'table', table: tableOf(sheet.label, sheet.columns, rows, sheet) }];
}

/** «Adottato con deliberazione … del GG/MM/AAAA», or «Bozza» when the plan names no adopting act. */
export function adoptionText(ente: RowValues | undefined): { adopted: boolean; text: string } {
  const act = str(ente?.estremi_approvazione);
  const date = str(ente?.data_approvazione);
  if (!act && !date) return { adopted: false, text: 'Bozza – non ancora adottato' };
  return { adopted: true, text: `Adottato con ${act || 'atto'}${date ? ` del ${fmtDate(date)}` : ''}` };
}

/** Sheets that are not part of the published plan: settings, texts (printed as text), the roll-forward register. */
const NOT_PRINTED: ReadonlySet<string> = new Set(['impostazioni', 'testi', 'riporti']);
/** The section of the Piano tipo holding the linked acts and documents (`documenti` sheet), after the Riepilogo. */
const ACTS_SECTION = '5';

/** The sheets of a section: the outline's own, then any other exported sheet the schema places there. */
function sectionSheets(entry: OutlineEntry): SheetId[] {
  const listed = new Set<string>(OUTLINE.flatMap((e) => e.sheets));
  const more = SHEETS.filter((s) => {
    const section: string = s.section;
    return s.exported && section === entry.key && !listed.has(s.id) && !NOT_PRINTED.has(s.id);
  }).map((s) => s.id);
  return [...entry.sheets, ...more];
}

/** The whole document of a plan, a pure function of its data. */
export function buildPlanDocument(data: PlanData): PlanDocument {
  const ente = data.records.ente ?? {};
  const testi = data.tables.testi ?? [];
  const blocks: Block[] = [];
  for (const entry of OUTLINE) {
    const texts = testi.filter((r) => str(r.values.sezione) === entry.key);
    const tables = sectionSheets(entry).flatMap((id) => sheetBlocks(data, id));
    blocks.push({ kind: 'heading', level: entry.level, text: headingText(entry), toc: true });
    const sub = (entry.level + 1) as 2 | 3;
    for (const t of texts) {
      const title = str(t.values.titolo);
      if (title && title !== entry.title) blocks.push({ kind: 'heading', level: sub, text: title, toc: false });
      blocks.push(...textBlocks(str(t.values.testo)));
    }
    if (texts.length === 0 && tables.length === 0 && entry.sheets.length === 0 && entry.level === 1 && entry.key !== '2' && entry.key !== '3') {
      blocks.push({ kind: 'paragraph', text: 'Sezione non ancora compilata.' });
    }
    blocks.push(...tables);
  }
  blocks.push({ kind: 'heading', level: 1, text: 'Riepilogo', toc: true });
  blocks.push({ kind: 'table', table: riepilogoTable(data) });
  const acts = SHEETS.filter((s) => {
    const section: string = s.section;
    return s.exported && section === ACTS_SECTION;
  });
  if (acts.length > 0) {
    blocks.push({ kind: 'heading', level: 1, text: 'Documenti e atti collegati', toc: true });
    for (const s of acts) blocks.push(...sheetBlocks(data, s.id));
  }
  const adoption = adoptionText(ente);
  return {
    title: 'Piano integrato di attività e organizzazione',
    ente: str(ente.denominazione) || data.ente,
    triennio: str(ente.triennio) || data.triennio,
    adoption: adoption.text,
    adopted: adoption.adopted,
    blocks,
  };
}
