import type { DocTable } from './model';

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

export interface TableStyle {
  font: string;
  bold: string;
  caption: string;
  size: number;
  heading: string;
}

const PAD = 3;
const FILL = { header: '#DCE6F2', zebra: '#F4F6FA', total: '#E7E6E6' };
const BORDER = '#A6A6A6';

/** Marks PDF structure attributes (ISO 32000-1 §14.8.5.7, Table attributes) on an element. */
function attributes(pdf: Pdf, el: Struct, attrs: Record<string, unknown>): void {
  const ref = (pdf as unknown as { ref(d: object): { end(): void } }).ref({ O: 'Table', ...attrs });
  (el as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = ref;
  ref.end();
}

/**
 * Column widths in points: each column at least as wide as its longest word (header and cells; words
 * over 18 characters may break), the rest of the page shared out by the columns' weights.
 */
function columnWidths(pdf: Pdf, t: DocTable, s: TableStyle, width: number): number[] {
  const longest = (font: string, texts: readonly string[]) => {
    pdf.font(font).fontSize(s.size);
    let m = 0;
    for (const text of texts) for (const w of text.split(/\s+/)) if (w.length <= 18) m = Math.max(m, pdf.widthOfString(w));
    return m;
  };
  const min = t.columns.map((c, i) => Math.max(longest(s.bold, [c.label]), longest(s.font, t.rows.map((r) => r[i]!))) + 2 * PAD + 4);
  const minSum = min.reduce((a, b) => a + b, 0);
  if (minSum >= width) return min.map((m) => (m * width) / minSum);
  const fixed = new Set<number>();
  let out = min.slice();
  for (let round = 0; round < t.columns.length; round++) {
    const free = width - [...fixed].reduce((n, i) => n + min[i]!, 0);
    const weight = t.columns.reduce((n, c, i) => (fixed.has(i) ? n : n + c.weight), 0);
    out = t.columns.map((c, i) => (fixed.has(i) ? min[i]! : (c.weight / weight) * free));
    const short = out.flatMap((w, i) => (!fixed.has(i) && w < min[i]! ? [i] : []));
    if (short.length === 0) break;
    for (const i of short) fixed.add(i);
  }
  return out;
}

/**
 * Draws a table by hand rather than with pdfkit's `table()`: the header row repeats on every page the
 * table runs onto (as an artifact there, so a screen reader hears it once), and the tags are
 * Table › TR › TH (Scope Column) / TD, with the caption inside the table.
 */
export function drawTable(pdf: Pdf, root: Struct, t: DocTable, s: TableStyle, newPage: (landscape: boolean) => void, landscapeNow: boolean): void {
  if (t.landscape !== landscapeNow) newPage(t.landscape);
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  const widths = columnWidths(pdf, t, s, width);
  const xs = widths.map((_, i) => left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const heightOf = (cells: readonly string[], font: string) => {
    pdf.font(font).fontSize(s.size);
    return Math.max(...cells.map((text, i) => pdf.heightOfString(text || ' ', { width: widths[i]! - 2 * PAD, lineGap: 0.5 }))) + 2 * PAD;
  };
  const headerH = heightOf(
    t.columns.map((c) => c.label),
    s.bold,
  );

  const table = pdf.struct('Table');
  root.add(table);
  if (pdf.page.maxY() - pdf.y < headerH + 60) newPage(t.landscape);
  table.add(
    pdf.struct('Caption', {}, () =>
      pdf.font(s.caption).fontSize(10.5).fillColor(s.heading).text(t.caption, left, pdf.y, { width }),
    ),
  );
  pdf.moveDown(0.3);

  const background = (y: number, h: number, fill: string | null) => {
    pdf.markContent('Artifact', { type: 'Layout' });
    if (fill) pdf.rect(left, y, width, h).fill(fill);
    pdf.lineWidth(0.4).strokeColor(BORDER);
    xs.forEach((x, i) => pdf.rect(x, y, widths[i]!, h).stroke());
    pdf.endMarkedContent();
  };
  const cellText = (text: string, i: number, y: number, font: string, h: number) => {
    const align = t.columns[i]!.align;
    pdf
      .font(font)
      .fontSize(s.size)
      .fillColor('#1A1A1A')
      .text(text, xs[i]! + PAD, y + PAD, { width: widths[i]! - 2 * PAD, height: h - 2 * PAD + 1, align, lineGap: 0.5, ellipsis: true });
  };
  const header = (tagged: boolean) => {
    const y = pdf.y;
    background(y, headerH, FILL.header);
    if (tagged) {
      const tr = pdf.struct('TR');
      table.add(tr);
      t.columns.forEach((c, i) => {
        const th = pdf.struct('TH', {}, () => cellText(c.label, i, y, s.bold, headerH));
        attributes(pdf, th, { Scope: 'Column' });
        tr.add(th);
      });
      tr.end();
    } else {
      pdf.markContent('Artifact', { type: 'Pagination' });
      t.columns.forEach((c, i) => cellText(c.label, i, y, s.bold, headerH));
      pdf.endMarkedContent();
    }
    pdf.y = y + headerH;
  };

  header(true);
  t.rows.forEach((row, r) => {
    const isTotal = t.totalRow === true && r === t.rows.length - 1;
    const font = isTotal ? s.bold : s.font;
    const pageRoom = pdf.page.maxY() - pdf.page.margins.top - headerH;
    // A row taller than a whole page is cut at the page (its text ends with an ellipsis).
    const h = Math.min(heightOf(row, font), pageRoom);
    if (pdf.y + h > pdf.page.maxY()) {
      newPage(t.landscape);
      header(false);
    }
    const y = pdf.y;
    background(y, h, isTotal ? FILL.total : r % 2 === 1 ? FILL.zebra : null);
    const tr = pdf.struct('TR');
    table.add(tr);
    row.forEach((text, i) => tr.add(pdf.struct('TD', {}, () => cellText(text, i, y, font, h))));
    tr.end();
    pdf.y = y + h;
  });
  table.end();
  pdf.x = left;
  pdf.moveDown(1);
}
