import { readSheet } from '@piao/shared/doc/rows';
import { getSheet, isSheetId } from '@piao/shared/schema/index';
import type { PlanSession } from '../sync/plan-session';

/** The 1-based grid row number of a table row in an open room, or null (records, unknown rows). */
export function rowNumber(session: PlanSession | null, room: string, sheet: string, id: string): string | null {
  const doc = session?.get(room)?.doc;
  if (!doc || !isSheetId(sheet) || getSheet(sheet).kind !== 'table') return null;
  const i = readSheet(doc, sheet).findIndex((x) => x.id === id);
  return i < 0 ? null : String(i + 1);
}
