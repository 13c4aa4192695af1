import { readFile } from 'node:fs/promises';
import { isSlug, roomName } from '@piao/shared';
import { importSectorWorkbook } from '@piao/shared/workbook/index';
import { loadOrCreateSecret } from '../auth/secret';
import { openDataDir } from '../data-dir';
import { guardXlsx } from '../http/import-guard';
import { changesAsUpdate, loadPlanData } from '../http/plan-docs';
import { deriveTemplateKey, templateSigner } from '../http/template-key';
import { CliError } from './errors';
import { cliLogger, requirePlanRef } from './plan-source';

export interface ImportOptions {
  data?: string;
  ente?: string;
  triennio?: string;
  sector?: string;
  file?: string;
  sub?: string;
}

/**
 * `piao import`: merges a sector workbook into the database as one update (three-way against the base
 * the template carries; conflicts keep the document's value and are listed), or rejects it whole and
 * lists the bad cells (exit 1). Meant for a stopped server; with the server running, use the HTTP
 * import so connected clients receive the rows at once.
 */
export async function importCommand(o: ImportOptions): Promise<number> {
  const plan = requirePlanRef(o);
  if (!o.sector || !isSlug(o.sector)) throw new CliError('Indicare il settore con --sector');
  if (!o.file) throw new CliError('Indicare il file .xlsx con --file');
  let bytes: Buffer;
  try {
    bytes = await readFile(o.file);
  } catch (err) {
    throw new CliError(`Impossibile leggere ${o.file}: ${(err as Error).message}`);
  }
  const data = o.data ?? './data';
  const dd = await openDataDir(data, { logger: cliLogger() });
  try {
    if (!(await dd.plans.hasPlan(plan))) throw new CliError(`Il piano ${plan.ente}/${plan.triennio} non esiste in ${data}`);
    const docs = new Map<string, Awaited<ReturnType<typeof dd.loadRoomDoc>>>();
    const load = async (room: string) => {
      const doc = docs.get(room) ?? (await dd.loadRoomDoc(room));
      docs.set(room, doc);
      return doc;
    };
    const planData = await loadPlanData(load, plan.ente, plan.triennio);
    if (!planData.sectors.some((s) => s.id === o.sector)) throw new CliError(`Il settore "${o.sector}" non esiste nel piano ${plan.ente}/${plan.triennio}`);
    // The same limits as the server: a zip bomb must not exhaust the machine running the CLI either.
    const guard = await guardXlsx(bytes);
    if (!guard.ok) throw new CliError(`${o.file}: ${guard.message} Nessuna modifica salvata.`, 1);
    // The data directory's key checks the template's base, as the server that made it did.
    const verifyBase = templateSigner(deriveTemplateKey(await loadOrCreateSecret(data))).verify;
    let result;
    try {
      result = await importSectorWorkbook(planData, o.sector, bytes, { verifyBase });
    } catch (err) {
      throw new CliError(`${o.file} non è una cartella di lavoro Excel (.xlsx) leggibile: ${(err as Error).message}`, 1);
    }
    if (!result.ok) {
      process.stderr.write(`Importazione rifiutata, nessuna modifica salvata. Errori:\n`);
      for (const e of result.errors) {
        const where = [e.sheet && `foglio «${e.sheet}»`, e.row > 0 && `riga ${e.row}`, e.column && `colonna «${e.column}»`].filter(Boolean).join(', ');
        process.stderr.write(`  ${where ? `${where}: ` : ''}${e.message}\n`);
      }
      return 1;
    }
    const room = roomName(plan.ente, plan.triennio, o.sector);
    const update = changesAsUpdate(await load(room), result.changes, 'import');
    if (update) await dd.appendUpdate(room, update, o.sub ?? 'cli');
    for (const w of result.summary.warnings) process.stderr.write(`Attenzione: ${w}\n`);
    // Conflicts keep the document's value (the CLI has no way to ask): listed for the operator.
    for (const c of result.conflicts) {
      process.stderr.write(`Conflitto, mantenuto il valore del piano: foglio «${c.sheet}», riga ${c.row}${c.column ? `, colonna «${c.column}»` : ' (riga eliminata)'}: piano ${JSON.stringify(c.theirs)}, file ${JSON.stringify(c.yours)}\n`);
    }
    process.stdout.write(`${JSON.stringify({ applied: result.summary, conflicts: result.conflicts })}\n`);
    return 0;
  } finally {
    await dd.close();
  }
}
