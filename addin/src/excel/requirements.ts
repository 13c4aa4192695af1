/**
 * The Excel requirement set the add-in needs, in one place: the manifest's `<Set Name="ExcelApi"
 * MinVersion=…>` and the adapter's runtime check both read it, so Excel builds that cannot run the
 * binding are neither offered the add-in nor bound.
 *
 * What sets the minimum (API reference, learn.microsoft.com/javascript/api/excel, "API set" of each
 * member; requirement sets: learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets):
 * - `Table.resize` — ExcelApi 1.13: rows written below a table become part of it without
 *   `TableRowCollection.add`, which breaks real-time co-authoring;
 * - `Range.dataValidation`, `ListDataValidation.source` as a `Range` — ExcelApi 1.8;
 * - `Excel.run({ delayForCellEdit })` — ExcelApi 1.11; `WorksheetFreezePanes` — 1.7;
 *   `getItemOrNullObject`, `getUsedRangeOrNullObject` — 1.4; `Worksheet.protection` — 1.2.
 * Used when present, not required: `WorksheetChangedEventArgs.triggerSource` — ExcelApi 1.14.
 * Builds below 1.13 (Office 2019/2021 volume licence) also run the old Trident/EdgeHTML webviews our
 * bundle does not target.
 */
export const EXCEL_API_MIN = '1.13';

/** Optional: tells our own writes' change events apart without an address list. */
export const EXCEL_API_TRIGGER_SOURCE = '1.14';

/** The Italian message shown when Excel is older than `EXCEL_API_MIN`. */
export const UNSUPPORTED_EXCEL_MESSAGE = `Questa versione di Excel non supporta le API necessarie (ExcelApi ${EXCEL_API_MIN}): aggiornare Excel (Microsoft 365, Excel 2024 o Excel sul web) o usare il riquadro nel browser.`;
