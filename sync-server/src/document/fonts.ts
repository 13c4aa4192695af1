import { readFile } from 'node:fs/promises';
import type { PdfFonts } from '@piao/shared/document/index';

/**
 * DejaVu Sans from Debian (`fonts-dejavu-core` and `fonts-dejavu-extra`, installed by .ci/run and
 * scripts/ensure-system-deps.mjs): embedding them is what lets the PDF be PDF/A-2a. When they are
 * missing the document is still written, in the standard Helvetica, as plain tagged PDF.
 */
const DIR = '/usr/share/fonts/truetype/dejavu';
const FILES: Record<keyof PdfFonts, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  condensed: 'DejaVuSansCondensed.ttf',
  condensedBold: 'DejaVuSansCondensed-Bold.ttf',
};

let cached: Promise<PdfFonts | undefined> | undefined;

export function documentFonts(dir = DIR): Promise<PdfFonts | undefined> {
  if (dir !== DIR) return load(dir);
  return (cached ??= load(dir));
}

async function load(dir: string): Promise<PdfFonts | undefined> {
  try {
    const entries = await Promise.all(Object.entries(FILES).map(async ([k, f]) => [k, new Uint8Array(await readFile(`${dir}/${f}`))] as const));
    return Object.fromEntries(entries) as unknown as PdfFonts;
  } catch {
    return undefined;
  }
}
