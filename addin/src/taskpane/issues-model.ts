import type { Issue, RuleCode } from '@piao/shared/validate/issue';
import { PLAN_ROOM } from '@piao/shared/doc/rooms';
import { getSheet, isSheetId } from '@piao/shared/schema/index';

/**
 * Rules whose outcome depends on sectors the pane may not have open (codes unique across the plan, the
 * plan-wide hiring budget, flexible work and c. 557 limit summed over every sector's hires, training
 * hours, the four anticorruption areas mapped across sectors): for those the server, which sees every
 * room, is right.
 */
export const CROSS_SECTOR_RULES: ReadonlySet<RuleCode> = new Set<RuleCode>([
  'DUP_CODE',
  'FAB_BUDGET',
  'FAB_FLEX',
  'FAB_557',
  'FAB_PV_SHARE',
  'TRAIN_HOURS',
  'AC_AREAS',
]);

/**
 * The issue list the pane shows: live issues (validated here, over the rooms open in this pane) for what
 * the pane can see whole; the server's for rooms not open and for cross-sector rules — unless every
 * sector is open, then everything is live.
 */
export function mergeIssues(
  live: readonly Issue[],
  server: readonly Issue[] | null,
  openRooms: ReadonlySet<string>,
  allSectorsOpen: boolean,
): Issue[] {
  if (allSectorsOpen || !server) return live.filter((i) => openRooms.has(i.room) && (allSectorsOpen || !CROSS_SECTOR_RULES.has(i.rule)));
  const fromLive = live.filter((i) => openRooms.has(i.room) && !CROSS_SECTOR_RULES.has(i.rule));
  const fromServer = server.filter((i) => !openRooms.has(i.room) || CROSS_SECTOR_RULES.has(i.rule));
  return [...fromLive, ...fromServer];
}

/** A plan-wide rule about sector sheets (budget, training hours): it concerns every sector. */
function isPlanWide(i: Issue): boolean {
  return i.room === PLAN_ROOM && i.rowId === null && isSheetId(i.sheet) && getSheet(i.sheet).scope === 'sector';
}

/** What the list shows: the current room and plan-wide issues, or the whole plan. Errors first. */
export function issuesInView(issues: readonly Issue[], room: string, wholePlan: boolean): Issue[] {
  const shown = wholePlan ? [...issues] : issues.filter((i) => i.room === room || isPlanWide(i));
  // Stable: keeps the validator's order (room, sheet, row) within each severity.
  return shown.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

export interface Counts {
  errors: number;
  warnings: number;
}

/** Issue counts per sheet of one room (for the sheet tabs). */
export function countsBySheet(issues: readonly Issue[], room: string): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const i of issues) {
    if (i.room !== room) continue;
    let c = out.get(i.sheet);
    if (!c) out.set(i.sheet, (c = { errors: 0, warnings: 0 }));
    if (i.severity === 'error') c.errors++;
    else c.warnings++;
  }
  return out;
}

/** The issues of one row, by column (null: about the whole row), for inline errors in the form. */
export function issuesOfRow(issues: readonly Issue[], room: string, sheet: string, rowId: string | null): Map<string | null, Issue[]> {
  const out = new Map<string | null, Issue[]>();
  for (const i of issues) {
    if (i.room !== room || i.sheet !== sheet || i.rowId !== rowId) continue;
    const list = out.get(i.column) ?? [];
    list.push(i);
    out.set(i.column, list);
  }
  return out;
}

/** A stable React key for an issue. */
export function issueKey(i: Issue, index: number): string {
  return `${i.room}|${i.sheet}|${i.rowId ?? ''}|${i.column ?? ''}|${i.rule}|${index}`;
}
