export {
  rollForward,
  nextPlanChanges,
  registerRows,
  rowLabel,
  RollForwardError,
  type NextPlan,
  type CarriedRow,
  type RollFlag,
  type RollFlagCode,
  type RollForwardOptions,
} from './roll-forward';
