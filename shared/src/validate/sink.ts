import { SHEETS } from '../schema';
import { PLAN_ROOM } from '../doc/rooms';
import type { SheetId } from '../schema/types';
import type { Issue, RuleCode, Severity } from './issue';

/** Rule codes in the order issues of one cell are listed (the order of the union in issue.ts). */
export const RULE_ORDER = [
  'CELL_REQUIRED',
  'CELL_TYPE',
  'CELL_ENUM',
  'CELL_RANGE',
  'CELL_PATTERN',
  'CELL_CHARS',
  'DUP_CODE',
  'REF_MISSING',
  'ENTE_TRIENNIO',
  'ENTE_APPROVAL_DATE',
  'STAFF_TOTAL',
  'OBJ_WEIGHT_SUM',
  'OBJ_WEIGHT_POSITIVE',
  'OBJ_OWNER',
  'OBJ_REF',
  'OBJ_DATES',
  'OBJ_NO_INDICATOR',
  'OBJ_AC_PRESENT',
  'IND_REF',
  'IND_TARGET_DIRECTION',
  'IND_PERCENT_RANGE',
  'RISK_JUDGEMENT_LOW',
  'RISK_NEEDS_MEASURE',
  'FAB_YEAR',
  'FAB_PT',
  'FAB_BUDGET',
  'FAB_FLEX',
  'FAB_557',
  'FAB_PV_SHARE',
  'AGILE_ACCORDI',
  'TRAIN_HOURS',
  'DOC_ACT',
  'PAP_YEARS',
  'PAP_GENDER',
  'TRASP_OBLIGATION',
  'TRASP_SECTOR',
  'SEMPL_TIME',
  'MON_MISSING',
  'MON_GAP',
  'AC_CONTEXT',
  'AC_AREAS',
  'PROC_NO_RISK',
  'MISURA_TERMINE',
  'PLAN_DEADLINE',
  'ROOM_UNREADABLE',
] as const satisfies readonly RuleCode[];

// A rule code added to issue.ts but not listed above is a compile error here.
type Unlisted = Exclude<RuleCode, (typeof RULE_ORDER)[number]>;
const everyRuleListed: [Unlisted] extends [never] ? true : never = true;
void everyRuleListed;

/** A row as issues point to it: its id and its 0-based position in the sheet. */
export interface RowRef {
  id: string;
  index: number;
}

/** Where an issue is: room, sector, sheet, row (null: the whole sheet or a record) and column. */
export interface Where {
  room: string;
  sector: string | null;
  sheet: SheetId;
  row: RowRef | null;
  column: string | null;
}

const SHEET_INDEX = new Map<SheetId, number>(SHEETS.map((s, i) => [s.id, i]));
const COLUMN_INDEX = new Map<SheetId, Map<string, number>>(
  SHEETS.map((s) => [s.id, new Map(s.columns.map((c, i) => [c.id, i]))]),
);
const RULE_INDEX = new Map<RuleCode, number>(RULE_ORDER.map((r, i) => [r, i]));

const isCellRule = (r: RuleCode): boolean => r.startsWith('CELL_');
/** Domain rules that restate a schema check of the same cell with more to say (FAB_PT: 1–99 for part-time). */
const SUPERSEDES_CELL_CHECK: ReadonlySet<RuleCode> = new Set(['FAB_PT']);
const cellKey = (i: Issue): string => `${i.room}\u0000${i.sheet}\u0000${i.rowId ?? ''}\u0000${i.column ?? ''}`;

/**
 * Collects issues and hands them back in the documented order: room (`_piano` first, then the
 * sectors in the order of the plan), sheet (order of SHEETS), row, column, rule. Generation order
 * breaks the remaining ties, and every rule generates in a fixed order, so the output is a function of
 * content alone.
 */
export class IssueSink {
  private readonly found: Array<{ issue: Issue; key: readonly number[] }> = [];
  private readonly roomIndex: Map<string, number>;

  constructor(sectorIds: readonly string[]) {
    this.roomIndex = new Map([[PLAN_ROOM, -1], ...sectorIds.map((id, i): [string, number] => [id, i])]);
  }

  add(where: Where, rule: RuleCode, severity: Severity, message: string): void {
    const issue: Issue = {
      rule,
      severity,
      room: where.room,
      sector: where.sector,
      sheet: where.sheet,
      rowId: where.row?.id ?? null,
      column: where.column,
      message,
    };
    const key = [
      this.roomIndex.get(where.room) ?? Number.MAX_SAFE_INTEGER,
      SHEET_INDEX.get(where.sheet) ?? Number.MAX_SAFE_INTEGER,
      where.row?.index ?? -1,
      where.column === null ? -1 : (COLUMN_INDEX.get(where.sheet)?.get(where.column) ?? Number.MAX_SAFE_INTEGER),
      RULE_INDEX.get(rule) ?? Number.MAX_SAFE_INTEGER,
    ];
    this.found.push({ issue, key });
  }

  /**
   * The sorted issues. A generic cell finding is dropped when a rule that supersedes it speaks about
   * the same cell (FAB_PT about a part-time percentage out of 1–99): one problem, one message.
   */
  issues(): Issue[] {
    const ruled = new Set(this.found.filter((f) => SUPERSEDES_CELL_CHECK.has(f.issue.rule)).map((f) => cellKey(f.issue)));
    const kept = this.found.filter((f) => !isCellRule(f.issue.rule) || !ruled.has(cellKey(f.issue)));
    kept.sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) {
        const d = a.key[i]! - b.key[i]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    return kept.map((f) => f.issue);
  }
}
