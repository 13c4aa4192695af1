export { planDeadline, deadlineIssues, todayInItaly, DEADLINE_NEAR_DAYS, type PlanDeadline } from './deadline';
