import type { SheetId } from '../schema/types';
import type { Issue } from './issue';

export interface IssueCounts {
  errors: number;
  warnings: number;
}

export interface IssueSummary extends IssueCounts {
  /** Counts per sheet, only for sheets that have issues. */
  bySheet: Partial<Record<SheetId, IssueCounts>>;
  /** Counts per room (sector id or `_piano`), only for rooms that have issues. */
  byRoom: Record<string, IssueCounts>;
}

/** Totals for badges and the "Controlli" sheet: errors block approval, warnings inform. */
export function summarizeIssues(issues: readonly Issue[]): IssueSummary {
  const out: IssueSummary = { errors: 0, warnings: 0, bySheet: {}, byRoom: {} };
  for (const i of issues) {
    const sheet = (out.bySheet[i.sheet] ??= { errors: 0, warnings: 0 });
    const room = (out.byRoom[i.room] ??= { errors: 0, warnings: 0 });
    for (const c of [out, sheet, room]) {
      if (i.severity === 'error') c.errors++;
      else c.warnings++;
    }
  }
  return out;
}
