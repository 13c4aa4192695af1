import type { PlanData } from '@piao/shared/doc/plan-data';
import { buildPlanDocument, writePlanDocx, writePlanPdf } from '@piao/shared/document/index';
import { documentFonts } from './fonts';

/** The plan's document as PDF (PDF/A-2a when the DejaVu fonts are installed) or DOCX. */
export async function renderDocument(data: PlanData, format: 'pdf' | 'docx'): Promise<Uint8Array> {
  const doc = buildPlanDocument(data);
  if (format === 'docx') return writePlanDocx(doc);
  const fonts = await documentFonts();
  return writePlanPdf(doc, fonts ? { fonts } : {});
}
