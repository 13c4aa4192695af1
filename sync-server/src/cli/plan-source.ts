import pino from 'pino';
import { isSlug, isTriennio, readPlanData, type PlanData } from '@piao/shared';
import { DEMO_PLAN, buildDemoDocs } from '@piao/shared/demo/index';
import { openDataDir } from '../data-dir';
import { loadPlanData } from '../http/plan-docs';
import { CliError } from './errors';

export interface PlanSourceOptions {
  demo?: boolean;
  data?: string;
  ente?: string;
  triennio?: string;
}

/** CLI commands keep stdout for their result: the data directory logs only warnings, on stderr. */
export function cliLogger() {
  return pino({ level: 'warn' }, pino.destination(2));
}

export function requirePlanRef(o: PlanSourceOptions): { ente: string; triennio: string } {
  if (!o.ente || !o.triennio) throw new CliError('Indicare il piano con --ente e --triennio (oppure usare --demo)');
  if (!isSlug(o.ente)) throw new CliError(`Codice ente non valido: "${o.ente}"`);
  if (!isTriennio(o.triennio)) throw new CliError(`Triennio non valido: "${o.triennio}" (formato AAAA-AAAA, es. 2024-2026)`);
  return { ente: o.ente, triennio: o.triennio };
}

/**
 * The plan a command works on: the demo plan built in memory (`--demo`, no database), or a plan read
 * straight from the database of a data directory.
 */
export async function readPlan(o: PlanSourceOptions): Promise<PlanData> {
  if (o.demo) {
    const { planDoc, sectorDocs } = buildDemoDocs();
    return readPlanData(DEMO_PLAN.ente, DEMO_PLAN.triennio, planDoc, (id) => sectorDocs.get(id));
  }
  const plan = requirePlanRef(o);
  const dd = await openDataDir(o.data ?? './data', { logger: cliLogger() });
  try {
    if (!(await dd.plans.hasPlan(plan))) throw new CliError(`Il piano ${plan.ente}/${plan.triennio} non esiste in ${o.data ?? './data'}`);
    return await loadPlanData((room) => dd.loadRoomDoc(room), plan.ente, plan.triennio);
  } finally {
    await dd.close();
  }
}
