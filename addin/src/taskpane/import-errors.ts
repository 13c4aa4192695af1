import type { Translate } from '../i18n';
import type { ImportCellError } from './api';

/**
 * One refused-import error as the user reads it: "Foglio, riga 3, colonna Peso: …" for a cell, and
 * without the parts the error does not have — a file-level error is only its message, never
 * "riga 0, colonna :" (issue 9 item 9).
 */
export function importErrorText(e: ImportCellError, sheetName: (id: string) => string, t: Translate): string {
  const row = typeof e.row === 'number' && e.row > 0 ? e.row : null;
  const column = e.column ? e.column : null;
  const sheet = e.sheet ? sheetName(e.sheet) : null;
  if (!sheet) return e.message;
  if (row !== null && column !== null) return t('files.importCell', { sheet, row, column, message: e.message });
  if (row !== null) return t('files.importRow', { sheet, row, message: e.message });
  if (column !== null) return t('files.importColumn', { sheet, column, message: e.message });
  return t('files.importSheet', { sheet, message: e.message });
}
