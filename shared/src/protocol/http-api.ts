import type { WorkflowMove } from '../workflow/workflow';
import type { ImportConflict as DomainImportConflict } from '../workbook/import-types';
import type { RollFlag } from '../rollforward/roll-forward';

/**
 * HTTP API contract between the sync server (`sync-server/src/http/*`) and the task pane
 * (`addin/src/taskpane/api.ts`), written once here (issue 10 §1). The server types its response
 * bodies with these (`satisfies …`), the pane reads them with the same names. JSON only: no Dates,
 * no byte arrays. The history page lives with its builder in `../doc/history` (`HistoryPage`).
 */

export type Role = 'coordinator' | 'editor' | 'viewer';
export type Access = 'none' | 'read' | 'write';

/** Body of every refused request (4xx/5xx): an Italian message the pane shows as it is. */
export interface ApiErrorBody {
  error: string;
}

/** One plan of the caller's administration, as GET /api/plans lists it. */
export interface PlanSummary {
  ente: string;
  triennio: string;
  denominazione: string;
}

/** GET /api/plans. */
export interface PlansListResponse {
  plans: PlanSummary[];
}

/** The caller, as the plan info reports it (the server may send more fields of its token). */
export interface Me {
  sub: string;
  name: string;
  role: Role;
  sectors: string[];
}

/** `deadline` of GET /api/plans/<ente>/<triennio>. */
export interface PlanDeadlineInfo {
  date: string;
  basis: string;
  warning: string | null;
}

/** GET /api/plans/<ente>/<triennio> (and 201 of POST /api/plans): what the plan holds and what the caller may do. */
export interface PlanInfo extends PlanSummary {
  sectors: Array<{ id: string; denominazione: string }>;
  /** Access per room, keyed by full room name (`ente/triennio/room`). */
  access: Record<string, Access>;
  me: Me;
  /** The adoption deadline (shared/deadline) and its Italian warning when near or passed. */
  deadline?: PlanDeadlineInfo | null;
}

/** 201 of POST /api/plans with `from`: the plan rolled forward from the previous triennio. */
export interface PlanFromResponse {
  ente: string;
  triennio: string;
  from: string;
  sectors: Array<{ id: string; denominazione: string }>;
  /** The act (`conferma.atto`) confirming the anticorruption subsection, when the request gave one. */
  conferma: string | null;
  /** What the roll forward could not carry over as it was (Italian messages to check). */
  flags: RollFlag[];
}

/** One recorded workflow move: the contract lives once, in shared/workflow. */
export type WorkflowMoveInfo = WorkflowMove;

/** GET …/workflow: states of the plan and of each sector, and every move (shared/workflow). */
export interface WorkflowInfo {
  plan: string;
  sectors: Record<string, string>;
  moves: WorkflowMoveInfo[];
  adoption?: { hash: string; currentHash: string; changed: boolean } | null;
}

/** Body of POST …/workflow: a move asked of the server; it checks roles and steps and answers in Italian. */
export interface MoveAsk {
  target: string;
  to: string;
  note?: string;
  atto?: string;
  data?: string;
}

/** 200 of POST …/workflow: the states after the move, and the move recorded. */
export interface MoveResponse {
  plan: string;
  sectors: Record<string, string>;
  move: WorkflowMoveInfo;
}

/**
 * A bad cell of an uploaded workbook, as the importer reports it. The server sends
 * `shared/workbook/import-types` `ImportError` (row 0 and column '' when not about one cell); the pane
 * also accepts null for those.
 */
export interface ImportCellError {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** What an accepted import did (the server's `applied`, an `ImportSummary`): the part the pane reads. */
export interface ImportApplied {
  added: number;
  cellsChanged: number;
  conflicts: number;
  overwritten: number;
  deletedByOthers: number;
  notInFile: number;
  message: string;
  /** Italian warnings (e.g. a file without a base: cells changed by others may have been overwritten). */
  warnings: string[];
}

/** A conflicting cell as the pane reads it (the domain's, whose `rowId` the pane does not need). */
export type ImportConflict = Omit<DomainImportConflict, 'rowId'>;

/** 200 of POST …/sectors/<id>/import. */
export interface ImportAcceptedResponse {
  applied?: ImportApplied;
  conflicts: ImportConflict[];
}

/** 422 of POST …/sectors/<id>/import: nothing was stored; the Italian message and the bad cells. */
export interface ImportRefusedResponse extends ApiErrorBody {
  errors: ImportCellError[];
}

export type { HistoryItem, HistoryPage } from '../doc/history';
