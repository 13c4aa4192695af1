import { MAX_CELL_CHARS } from '@piao/shared/protocol/resilience';
import { groupThousands } from './numbers';

/**
 * The Italian message for a text longer than an Excel cell can hold (32,767 characters, Microsoft's
 * "Excel specifications and limits"), or null when it fits. Form and grid refuse such text before it
 * reaches the document, which the workbook could not carry.
 */
export function textTooLong(text: string): string | null {
  if (text.length <= MAX_CELL_CHARS) return null;
  return `Testo troppo lungo: ${groupThousands(String(text.length))} caratteri, Excel ne tiene al massimo ${groupThousands(String(MAX_CELL_CHARS))} in una cella`;
}
