export { canonicalPlan, planHash } from './canonical';
export { diffPlans, type SheetDiff, type CellChange } from './diff';
