/**
 * Validation of a PIAO: a pure, deterministic function from plan content to an ordered list of issues.
 * Same content → same issues, in the same order, with the same messages, on every machine.
 */
import type { PlanData } from '../doc/plan-data';
import { checkAllCells } from './cells';
import { checkCoherence } from './coherence-rules';
import { checkContent } from './content-rules';
import { buildContext } from './context';
import { checkForeign } from './foreign-rules';
import type { Issue } from './issue';
import { checkPersonaleRows } from './personale-rules';
import { checkPerformance } from './performance-rules';
import { checkPlan } from './plan-rules';
import { checkRefs } from './refs';
import { checkRisks } from './risk-rules';
import { checkUniqueness } from './uniqueness';

export type { Issue, RuleCode, Severity } from './issue';
export { checkCell, type CellFinding } from './cells';
export { summarizeIssues, type IssueCounts, type IssueSummary } from './summary';
export { RULE_ORDER } from './sink';
export * from './coerce';

/**
 * Every issue of the plan, sorted: room (`_piano` first, then sectors in plan order), sheet (order of
 * SHEETS), row, column, rule. Sectors listed twice are validated once.
 */
export function validatePlan(data: PlanData): Issue[] {
  const ctx = buildContext(data);
  checkAllCells(ctx);
  checkForeign(ctx);
  checkUniqueness(ctx);
  checkRefs(ctx);
  checkPerformance(ctx);
  checkRisks(ctx);
  checkPersonaleRows(ctx);
  checkPlan(ctx);
  checkCoherence(ctx);
  checkContent(ctx);
  return ctx.sink.issues();
}

/** The issues whose room is `sectorId`, computed with the whole plan as context (codes, budget…). */
export function validateSector(data: PlanData, sectorId: string): Issue[] {
  return validatePlan(data).filter((i) => i.room === sectorId);
}
