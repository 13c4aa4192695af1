export { canonicalPlan, planHash } from './canonical';
