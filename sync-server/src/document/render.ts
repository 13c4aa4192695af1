import type { PlanData } from '@piao/shared/doc/plan-data';
import { buildPlanDocument, writePlanDocx, writePlanPdf } from '@piao/shared/document/index';
import { documentFonts } from './fonts';

/**
 * The plan's document as PDF (PDF/A-2a when the DejaVu fonts are installed) or DOCX. An adopted plan's
 * PDF carries the adoption date as its creation date, so the same adopted content gives the same bytes
 * on every download (pdfkit's output is otherwise a function of its input); a draft carries today's.
 */
export async function renderDocument(data: PlanData, format: 'pdf' | 'docx'): Promise<Uint8Array> {
  const doc = buildPlanDocument(data);
  if (format === 'docx') return writePlanDocx(doc);
  const fonts = await documentFonts();
  const adopted = data.records.ente?.data_approvazione;
  const date = typeof adopted === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(adopted) ? new Date(`${adopted}T00:00:00Z`) : undefined;
  return writePlanPdf(doc, { ...(fonts ? { fonts } : {}), ...(date ? { date } : {}) });
}
