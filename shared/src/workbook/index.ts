/**
 * The PIAO workbook: the consolidated export of a plan, the fillable template of a sector and the
 * importer that reads it back. Uses exceljs' streaming writer and Node streams (server side).
 */
export { writePlanWorkbook, planRowCount, type WriteOptions } from './plan-workbook';
export { writeSectorTemplate, TEMPLATE_SPARE_ROWS, type TemplateOptions } from './sector-template';
export { importSectorWorkbook, mergeSectorFile, type MergeOptions, type ForceChoice } from './import';
export { parseSectorWorkbook, MAX_IMPORT_ROWS, type ParsedBook, type ParseResult } from './import-parse';
export { BASE_SHEET, type SignBase, type VerifyBase } from './import-base';
export type { ImportResult, ImportError, ImportSummary, ImportCounts, ImportConflict } from './import-types';
export { planSummary, type PlanSummary, type SectorSummary, type SummaryLine } from './summary';
export { CONTROLS_HEADERS, SEVERITY_LABEL, PLAN_TOTAL_LABEL, summaryHeaders } from './report-sheets';
export {
  PLAN_WORKBOOK_SHEETS,
  DATA_SHEET_TITLES,
  SUMMARY_SHEET,
  CONTROLS_SHEET,
  LISTS_SHEET,
  README_SHEET,
  SECTOR_COLUMN,
  ID_COLUMN,
} from './layout';
