import PDFDocument from 'pdfkit';
import type { Block, DocTable, PlanDocument } from './model';
import { drawTable, type TableStyle } from './pdf-table';

/**
 * TrueType fonts to embed. PDF/A requires every font embedded (ISO 19005-2 §6.2.11.4), which the 14
 * standard PDF fonts are not: with fonts the PDF is written as PDF/A-2a, without them as plain tagged PDF
 * in Helvetica. Passed in as bytes so this module reads no file (shared/ stays pure).
 */
export interface PdfFonts {
  regular: Uint8Array;
  bold: Uint8Array;
  italic: Uint8Array;
  condensed: Uint8Array;
  condensedBold: Uint8Array;
}

export interface PdfOptions {
  fonts?: PdfFonts;
  /** Creation date written in the metadata; fixed by the caller when the same bytes are wanted again. */
  date?: Date;
}

const COLOR = { heading: '#1F3864', text: '#1A1A1A', muted: '#595959', rule: '#8EA9DB', draft: '#9C0006' };
const MARGIN = { top: 64, bottom: 64, left: 62, right: 62 };

type Pdf = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

/** Writes the document as a tagged PDF (headings, paragraphs, lists, tables with header cells), A4. */
export async function writePlanPdf(doc: PlanDocument, opts: PdfOptions = {}): Promise<Uint8Array> {
  const pdf: Pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    bufferPages: true,
    tagged: true,
    lang: 'it-IT',
    displayTitle: true,
    pdfVersion: '1.7',
    ...(opts.fonts ? { subset: 'PDF/A-2a' as const } : {}),
    info: {
      Title: `PIAO ${doc.triennio} – ${doc.ente}`,
      Author: doc.ente,
      Subject: `${doc.title} ${doc.triennio}`,
      Creator: 'PIAO Collab',
      ...(opts.date ? { CreationDate: opts.date, ModDate: opts.date } : {}),
    },
  });
  const chunks: Uint8Array[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('data', (c: Uint8Array) => chunks.push(c));
    pdf.on('end', () => resolve());
    pdf.on('error', reject);
  });
  const f = registerFonts(pdf, opts.fonts);
  new Writer(pdf, f).write(doc);
  pdf.end();
  await done;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

interface Fonts {
  regular: string;
  bold: string;
  italic: string;
  cond: string;
  condBold: string;
}

function registerFonts(pdf: Pdf, fonts: PdfFonts | undefined): Fonts {
  if (!fonts) return { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', cond: 'Helvetica', condBold: 'Helvetica-Bold' };
  const reg = (name: string, bytes: Uint8Array) => pdf.registerFont(name, bytes as unknown as Buffer);
  reg('Body', fonts.regular);
  reg('Bold', fonts.bold);
  reg('Italic', fonts.italic);
  reg('Cond', fonts.condensed);
  reg('CondBold', fonts.condensedBold);
  return { regular: 'Body', bold: 'Bold', italic: 'Italic', cond: 'Cond', condBold: 'CondBold' };
}

class Writer {
  private root!: Struct;
  private page = -1;
  private landscape = false;
  private readonly tocPages: Array<{ text: string; level: number; page: number }> = [];

  constructor(
    private readonly pdf: Pdf,
    private readonly f: Fonts,
  ) {
    pdf.on('pageAdded', () => this.page++);
  }

  write(doc: PlanDocument): void {
    const pdf = this.pdf;
    this.root = pdf.struct('Document');
    pdf.addStructure(this.root);
    this.cover(doc);
    pdf.addPage({ size: 'A4', layout: 'portrait', margins: MARGIN });
    const toc = pdf.struct('TOC');
    this.root.add(toc);
    const tocPage = this.page;
    doc.blocks.forEach((b, i) => this.block(doc.blocks, b, i));
    this.index(toc, tocPage);
    this.furniture(doc);
  }

  private cover(doc: PlanDocument): void {
    const pdf = this.pdf;
    pdf.addPage({ size: 'A4', layout: 'portrait', margins: MARGIN });
    const w = pdf.page.width - MARGIN.left - MARGIN.right;
    pdf.markContent('Artifact', { type: 'Layout' });
    pdf.rect(MARGIN.left, 150, w, 3).fill(COLOR.heading);
    pdf.endMarkedContent();
    pdf.y = 190;
    this.root.add(pdf.struct('P', {}, () => pdf.font(this.f.bold).fontSize(20).fillColor(COLOR.heading).text(doc.ente, MARGIN.left, 190, { width: w, align: 'center' })));
    pdf.moveDown(2.5);
    this.root.add(
      pdf.struct('Title' as 'P', {}, () => pdf.font(this.f.bold).fontSize(26).fillColor(COLOR.text).text(`${doc.title} (PIAO)`, { width: w, align: 'center' })),
    );
    pdf.moveDown(0.6);
    this.root.add(pdf.struct('P', {}, () => pdf.font(this.f.regular).fontSize(16).fillColor(COLOR.muted).text(`Triennio ${doc.triennio}`, { width: w, align: 'center' })));
    pdf.moveDown(4);
    this.root.add(
      pdf.struct('P', {}, () =>
        pdf
          .font(doc.adopted ? this.f.regular : this.f.bold)
          .fontSize(13)
          .fillColor(doc.adopted ? COLOR.text : COLOR.draft)
          .text(doc.adoption, { width: w, align: 'center' }),
      ),
    );
    pdf.moveDown(1);
    this.root.add(
      pdf.struct('P', {}, () =>
        pdf
          .font(this.f.italic)
          .fontSize(10)
          .fillColor(COLOR.muted)
          .text('Art. 6 D.L. 80/2021 · D.P.R. 81/2022 · D.M. 132/2022 (Piano tipo)', { width: w, align: 'center' }),
      ),
    );
    pdf.fillColor(COLOR.text);
  }

  /** The orientation the next content after block i wants (a heading goes where its content goes). */
  private wantsLandscape(blocks: readonly Block[], i: number): boolean {
    for (let j = i; j < blocks.length; j++) {
      const b = blocks[j]!;
      if (b.kind === 'table') return b.table.landscape;
      if (b.kind !== 'heading') return false;
    }
    return false;
  }

  private newPage(landscape: boolean): void {
    this.pdf.addPage({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: MARGIN });
    this.landscape = landscape;
  }

  private room(): number {
    return this.pdf.page.maxY() - this.pdf.y;
  }

  private block(blocks: readonly Block[], b: Block, i: number): void {
    const pdf = this.pdf;
    const landscape = this.wantsLandscape(blocks, i);
    if (b.kind === 'heading') {
      // Sections start on a new page; any heading keeps with what follows and sits on a page of its orientation.
      if (b.level === 1 || landscape !== this.landscape || this.room() < 140) this.newPage(landscape);
      const size = b.level === 1 ? 18 : b.level === 2 ? 14 : 11.5;
      pdf.moveDown(b.level === 1 ? 0 : 0.6);
      if (b.toc) this.tocPages.push({ text: b.text, level: b.level, page: this.page });
      this.root.add(
        pdf.struct(`H${b.level}` as 'H1', {}, () =>
          pdf.font(this.f.bold).fontSize(size).fillColor(COLOR.heading).text(b.text, pdf.page.margins.left, pdf.y, { width: this.width() }),
        ),
      );
      if (b.level === 1) {
        pdf.markContent('Artifact', { type: 'Layout' });
        pdf.rect(pdf.page.margins.left, pdf.y + 2, this.width(), 1).fill(COLOR.rule);
        pdf.endMarkedContent();
        pdf.moveDown(0.8);
      } else pdf.moveDown(0.3);
      pdf.fillColor(COLOR.text);
      return;
    }
    if (landscape !== this.landscape) this.newPage(landscape);
    if (b.kind === 'paragraph') {
      this.root.add(
        pdf.struct('P', {}, () =>
          pdf.font(this.f.regular).fontSize(10.5).fillColor(COLOR.text).text(b.text, pdf.page.margins.left, pdf.y, { width: this.width(), align: 'justify', lineGap: 2 }),
        ),
      );
      pdf.moveDown(0.6);
    } else if (b.kind === 'list') {
      pdf.font(this.f.regular).fontSize(10.5).fillColor(COLOR.text);
      pdf.list(b.items, pdf.page.margins.left + 8, pdf.y, {
        width: this.width() - 8,
        structParent: this.root,
        bulletRadius: 1.8,
        textIndent: 12,
        lineGap: 2,
        paragraphGap: 2,
      } as PDFKit.Mixins.TextOptions);
      pdf.moveDown(0.6);
    } else this.table(b.table);
  }

  private width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  private table(t: DocTable): void {
    const style: TableStyle = {
      font: this.f.cond,
      bold: this.f.condBold,
      caption: this.f.bold,
      size: t.landscape ? 7.5 : 8.5,
      heading: COLOR.heading,
    };
    drawTable(this.pdf, this.root, t, style, (landscape) => this.newPage(landscape), this.landscape);
  }

  /** The index on page 2: one entry per section with dot leaders and its page number. */
  private index(toc: Struct, tocPage: number): void {
    const pdf = this.pdf;
    pdf.switchToPage(tocPage);
    const w = this.pageWidth(tocPage);
    pdf.x = MARGIN.left;
    pdf.y = MARGIN.top;
    toc.add(pdf.struct('H1', {}, () => pdf.font(this.f.bold).fontSize(18).fillColor(COLOR.heading).text('Indice', MARGIN.left, MARGIN.top, { width: w })));
    pdf.moveDown(1);
    for (const e of this.tocPages) {
      const indent = e.level === 1 ? 0 : 16;
      const font = e.level === 1 ? this.f.bold : this.f.regular;
      const num = String(e.page + 1);
      toc.add(
        pdf.struct('TOCI', {}, () => {
          pdf.font(font).fontSize(11).fillColor(COLOR.text);
          const y = pdf.y;
          const numW = pdf.widthOfString(num);
          const textW = Math.min(pdf.widthOfString(e.text), w - indent - numW - 30);
          pdf.text(e.text, MARGIN.left + indent, y, { width: textW + 1, lineBreak: false, ellipsis: true });
          const dotW = pdf.widthOfString('.');
          const from = MARGIN.left + indent + textW + 6;
          const to = MARGIN.left + w - numW - 6;
          const dots = Math.max(0, Math.floor((to - from) / dotW));
          pdf.fillColor(COLOR.muted).text('.'.repeat(dots), to - dots * dotW, y, { lineBreak: false });
          pdf.fillColor(COLOR.text).text(num, MARGIN.left + w - numW, y, { lineBreak: false });
          pdf.x = MARGIN.left;
          pdf.y = y + (e.level === 1 ? 20 : 17);
        }),
      );
    }
    toc.end();
  }

  private pageWidth(page: number): number {
    this.pdf.switchToPage(page);
    return this.pdf.page.width - MARGIN.left - MARGIN.right;
  }

  /** Running header and «Pagina N di M» on every page but the cover, as artifacts (not read aloud). */
  private furniture(doc: PlanDocument): void {
    const pdf = this.pdf;
    const { start, count } = pdf.bufferedPageRange();
    for (let i = start + 1; i < start + count; i++) {
      pdf.switchToPage(i);
      const p = pdf.page;
      const bottom = p.margins.bottom;
      p.margins.bottom = 0; // text below the bottom margin would otherwise open a new page
      const w = p.width - MARGIN.left - MARGIN.right;
      pdf.markContent('Artifact', { type: 'Pagination' });
      pdf.font(this.f.regular).fontSize(8).fillColor(COLOR.muted);
      pdf.text(`${doc.ente} – PIAO ${doc.triennio}${doc.adopted ? '' : ' – Bozza'}`, MARGIN.left, 34, { width: w, align: 'left', lineBreak: false });
      pdf.text(`Pagina ${i - start + 1} di ${count}`, MARGIN.left, p.height - 40, { width: w, align: 'center', lineBreak: false });
      pdf.endMarkedContent();
      p.margins.bottom = bottom;
    }
    pdf.fillColor(COLOR.text);
  }
}
