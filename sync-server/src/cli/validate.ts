import { summarizeIssues, validatePlan, type Issue } from '@piao/shared/validate/index';
import { readPlan, type PlanSourceOptions } from './plan-source';

export interface ValidateOptions extends PlanSourceOptions {
  json?: boolean;
}

function where(i: Issue): string {
  const parts = [i.room === '_piano' ? 'piano' : `settore ${i.room}`, i.sheet];
  if (i.column) parts.push(i.column);
  return parts.join(' · ');
}

/** `piao validate`: prints the plan's issues; the exit code is 1 when any of them is an error. */
export async function validateCommand(o: ValidateOptions): Promise<number> {
  const data = await readPlan(o);
  const issues = validatePlan(data);
  const summary = summarizeIssues(issues);
  if (o.json) {
    process.stdout.write(`${JSON.stringify({ issues, summary }, null, 2)}\n`);
  } else {
    for (const i of issues) {
      process.stdout.write(`${i.severity === 'error' ? 'ERRORE ' : 'AVVISO '} ${i.rule}  [${where(i)}]  ${i.message}\n`);
    }
    process.stdout.write(`\n${data.ente}/${data.triennio}: ${summary.errors} errori, ${summary.warnings} avvisi\n`);
  }
  return summary.errors > 0 ? 1 : 0;
}
