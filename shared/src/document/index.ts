export { buildPlanDocument, adoptionText, textBlocks, OUTLINE, type PlanDocument, type Block, type DocTable, type DocColumn } from './model';
export { formatCell } from './cells';
export { writePlanPdf, type PdfFonts, type PdfOptions } from './pdf';
export { writePlanDocx } from './docx';
