import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { validatePlan } from '@piao/shared/validate/index';
import { writePlanWorkbook } from '@piao/shared/workbook/index';
import { CliError } from './errors';
import { readPlan, type PlanSourceOptions } from './plan-source';
import { progressBar } from './progress';

export interface ExportOptions extends PlanSourceOptions {
  out?: string;
}

/** `piao export`: writes the consolidated workbook of a plan to a file, with a progress bar on a terminal. */
export async function exportCommand(o: ExportOptions): Promise<void> {
  if (!o.out) throw new CliError('Indicare il file da scrivere con --out (es. --out PIAO.xlsx)');
  const data = await readPlan(o);
  const issues = validatePlan(data);
  const file = createWriteStream(o.out);
  const bar = progressBar('Esportazione');
  try {
    await Promise.all([writePlanWorkbook(data, issues, file, { onProgress: (done, total) => bar.update(done, total) }), finished(file)]);
  } catch (err) {
    file.destroy();
    throw new CliError(`Esportazione non riuscita: ${err instanceof Error ? err.message : String(err)}`, 1);
  } finally {
    bar.stop();
  }
  const errors = issues.filter((i) => i.severity === 'error').length;
  process.stderr.write(`Scritto ${o.out}: ${data.sectors.length} settori, ${errors} errori e ${issues.length - errors} avvisi nel foglio Controlli\n`);
}
