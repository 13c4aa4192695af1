import type { SheetId } from '../schema/types';

export type Severity = 'error' | 'warning';

/** Stable rule codes of docs/piao-domain.md, plus the cell-level checks derived from the schema. */
export type RuleCode =
  | 'CELL_REQUIRED'
  | 'CELL_TYPE'
  | 'CELL_ENUM'
  | 'CELL_RANGE'
  | 'CELL_PATTERN'
  /** A text holds a character an .xlsx cannot (U+FFFF, C0 controls, lone surrogates): see xml-chars.ts. */
  | 'CELL_CHARS'
  | 'DUP_CODE'
  | 'REF_MISSING'
  | 'ENTE_TRIENNIO'
  | 'ENTE_APPROVAL_DATE'
  | 'STAFF_TOTAL'
  | 'OBJ_WEIGHT_SUM'
  | 'OBJ_WEIGHT_POSITIVE'
  | 'OBJ_OWNER'
  | 'OBJ_REF'
  | 'OBJ_DATES'
  | 'OBJ_NO_INDICATOR'
  | 'OBJ_AC_PRESENT'
  | 'IND_REF'
  | 'IND_TARGET_DIRECTION'
  | 'IND_PERCENT_RANGE'
  | 'RISK_JUDGEMENT_LOW'
  | 'RISK_NEEDS_MEASURE'
  | 'FAB_YEAR'
  | 'FAB_PT'
  | 'FAB_BUDGET'
  | 'FAB_FLEX'
  | 'FAB_557'
  | 'FAB_PV_SHARE'
  | 'AGILE_ACCORDI'
  | 'TRAIN_HOURS'
  | 'DOC_ACT'
  | 'PAP_YEARS'
  | 'PAP_GENDER'
  | 'TRASP_OBLIGATION'
  | 'TRASP_SECTOR'
  | 'SEMPL_TIME'
  | 'MON_MISSING'
  | 'MON_GAP'
  | 'AC_CONTEXT'
  | 'AC_AREAS'
  | 'PROC_NO_RISK'
  | 'MISURA_TERMINE'
  /** The plan is not adopted and its deadline (31 January, or 30 days after the budget) is near or passed: deadline/. */
  | 'PLAN_DEADLINE'
  /** A sector's stored data cannot be read back (a corrupt record): reported by the server, not by rules. */
  | 'ROOM_UNREADABLE';

/** One validation finding: where it is, how bad it is, and an Italian message naming the row and the fix. */
export interface Issue {
  rule: RuleCode;
  severity: Severity;
  /** The room the row lives in: a sector id, or `_piano`. */
  room: string;
  /** Sector id, or null for plan-level sheets and plan-wide rules. */
  sector: string | null;
  sheet: SheetId;
  /** The row the issue is about (null for sheet-wide or plan-wide rules). */
  rowId: string | null;
  /** The column to jump to (null when the issue is about a whole row or sheet). */
  column: string | null;
  message: string;
}
