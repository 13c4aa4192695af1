import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageBreak,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableOfContents,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { Block, DocTable, PlanDocument } from './model';

/** A4 in twentieths of a point, 2 cm margins (Word's own units). */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const HEADING = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
const BLUE = '1F3864';
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: 'A6A6A6' };

type Child = Paragraph | Table | TableOfContents;

function cell(text: string, align: 'left' | 'right', opts: { header?: boolean; bold?: boolean; fill?: string; size: number }): TableCell {
  return new TableCell({
    children: text.split('\n').map(
      (line) =>
        new Paragraph({
          alignment: align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          spacing: { before: 0, after: 0 },
          children: [new TextRun({ text: line, bold: opts.header || opts.bold, size: opts.size })],
        }),
    ),
    ...(opts.fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: opts.fill } } : {}),
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    borders: { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER },
  });
}

/** A table whose first row is a header row: Word repeats it on each page and marks it as header (accessibility). */
function table(t: DocTable): Child[] {
  const width = (t.landscape ? PAGE.height : PAGE.width) - 2 * PAGE.margin;
  const total = t.columns.reduce((n, c) => n + c.weight, 0);
  const columnWidths = t.columns.map((c) => Math.floor((c.weight / total) * width));
  const size = t.landscape ? 15 : 17; // half-points
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_4, keepNext: true, children: [new TextRun({ text: t.caption })] }),
    new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: t.columns.map((c) => cell(c.label, c.align, { header: true, fill: 'DCE6F2', size })),
        }),
        ...t.rows.map(
          (row, r) =>
            new TableRow({
              cantSplit: true,
              children: row.map((text, i) => {
                const isTotal = t.totalRow === true && r === t.rows.length - 1;
                return cell(text, t.columns[i]!.align, { bold: isTotal, size, ...(isTotal ? { fill: 'E7E6E6' } : r % 2 === 1 ? { fill: 'F4F6FA' } : {}) });
              }),
            }),
        ),
      ],
    }),
    new Paragraph({ children: [] }),
  ];
}

function blockChildren(b: Block): Child[] {
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: HEADING[b.level - 1], keepNext: true, children: [new TextRun({ text: b.text })] })];
    case 'paragraph':
      return [new Paragraph({ alignment: AlignmentType.JUSTIFIED, children: [new TextRun(b.text)] })];
    case 'list':
      return b.items.map((item) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(item)] }));
    case 'table':
      return table(b.table);
  }
}

function pageSetup(landscape: boolean): ISectionOptions['properties'] & object {
  return {
    page: {
      size: { width: PAGE.width, height: PAGE.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
      margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
    },
  };
}

function furniture(doc: PlanDocument): Pick<ISectionOptions, 'headers' | 'footers'> {
  const small = { size: 16, color: '595959' };
  return {
    headers: {
      default: new Header({
        children: [new Paragraph({ children: [new TextRun({ text: `${doc.ente} – PIAO ${doc.triennio}${doc.adopted ? '' : ' – Bozza'}`, ...small })] })],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: ['Pagina ', PageNumber.CURRENT, ' di ', PageNumber.TOTAL_PAGES], ...small })],
          }),
        ],
      }),
    },
  };
}

/** Which orientation block i sits in: a heading goes with the content that follows it. */
function landscapeAt(blocks: readonly Block[], i: number): boolean {
  for (let j = i; j < blocks.length; j++) {
    const b = blocks[j]!;
    if (b.kind === 'table') return b.table.landscape;
    if (b.kind !== 'heading') return false;
  }
  return false;
}

/**
 * Writes the document as DOCX: real Word headings (so the navigation pane and the index work), an
 * index field Word fills in when the file is opened, landscape sections for wide tables, page numbers.
 */
export async function writePlanDocx(doc: PlanDocument): Promise<Uint8Array> {
  const center = (text: string, size: number, opts: { bold?: boolean; color?: string; italics?: boolean } = {}) =>
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, size, ...opts })] });
  const cover: Child[] = [
    new Paragraph({ spacing: { before: 2400 }, children: [] }),
    center(doc.ente, 40, { bold: true, color: BLUE }),
    new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.TITLE, children: [new TextRun({ text: `${doc.title} (PIAO)` })] }),
    center(`Triennio ${doc.triennio}`, 32, { color: '595959' }),
    new Paragraph({ spacing: { before: 1200 }, children: [] }),
    center(doc.adoption, 26, doc.adopted ? {} : { bold: true, color: '9C0006' }),
    center('Art. 6 D.L. 80/2021 · D.P.R. 81/2022 · D.M. 132/2022 (Piano tipo)', 20, { italics: true, color: '595959' }),
    new Paragraph({ children: [new PageBreak()] }),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Indice')] }),
    new TableOfContents('Indice', { hyperlink: true, headingStyleRange: '1-2' }),
  ];
  const sections: ISectionOptions[] = [{ properties: pageSetup(false), ...furniture(doc), children: cover }];
  let current: { landscape: boolean; children: Child[] } | null = null;
  const flush = () => {
    if (current) sections.push({ properties: pageSetup(current.landscape), ...furniture(doc), children: current.children });
    current = null;
  };
  doc.blocks.forEach((b, i) => {
    const landscape = landscapeAt(doc.blocks, i);
    const sectionStart = b.kind === 'heading' && b.level === 1;
    if (!current || sectionStart || current.landscape !== landscape) {
      flush();
      current = { landscape, children: [] };
    }
    current!.children.push(...blockChildren(b));
  });
  flush();
  const document = new Document({
    creator: 'PIAO Collab',
    title: `PIAO ${doc.triennio} – ${doc.ente}`,
    subject: `${doc.title} ${doc.triennio}`,
    features: { updateFields: true },
    styles: {
      default: {
        document: { run: { font: 'Calibri', size: 21, language: { value: 'it-IT' } } },
        heading1: { run: { color: BLUE, size: 32, bold: true }, paragraph: { spacing: { before: 240, after: 160 } } },
        heading2: { run: { color: BLUE, size: 26, bold: true }, paragraph: { spacing: { before: 200, after: 120 } } },
        heading3: { run: { color: BLUE, size: 22, bold: true }, paragraph: { spacing: { before: 160, after: 80 } } },
        heading4: { run: { color: BLUE, size: 20, bold: true }, paragraph: { spacing: { before: 120, after: 60 } } },
      },
    },
    sections,
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
