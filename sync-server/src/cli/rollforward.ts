import { PLAN_ROOM, isTriennio, roomName } from '@piao/shared';
import { nextPlanChanges, rollForward, RollForwardError } from '@piao/shared/rollforward/index';
import { openDataDir } from '../data-dir';
import { changesAsUpdate, loadPlanData, type UnreadableRoom } from '../http/plan-docs';
import { CliError } from './errors';
import { cliLogger, requirePlanRef } from './plan-source';

export interface RollForwardCliOptions {
  data?: string;
  ente?: string;
  triennio?: string;
  to?: string;
  conferma?: string;
  sub?: string;
}

/**
 * `piao new-plan --from-triennio …`: the next triennium's plan built from a stored one (shared/rollforward),
 * written straight into the database. Meant for a stopped server, like `piao import`; with the server
 * running use POST /api/plans with {"from": …}. Prints the flags (one per line) on stderr.
 */
export async function rollForwardCommand(o: RollForwardCliOptions): Promise<void> {
  const from = requirePlanRef(o);
  if (!o.to || !isTriennio(o.to)) throw new CliError(`Indicare il nuovo triennio con --to (formato AAAA-AAAA, es. 2023-2025)${o.to ? `: "${o.to}" non è valido` : ''}`);
  const data = o.data ?? './data';
  const dd = await openDataDir(data, { logger: cliLogger() });
  try {
    if (!(await dd.plans.hasPlan(from))) throw new CliError(`Il piano ${from.ente}/${from.triennio} non esiste in ${data}`);
    if (await dd.plans.hasPlan({ ente: from.ente, triennio: o.to })) throw new CliError(`Il piano ${from.ente}/${o.to} esiste già`);
    const unreadable: UnreadableRoom[] = [];
    const source = await loadPlanData((room) => dd.loadRoomDoc(room), from.ente, from.triennio, unreadable);
    if (unreadable.length > 0) throw new CliError(`Nuovo piano non creato: ${unreadable.map((u) => `il settore ${u.sector} non è leggibile (${u.message})`).join('; ')}`, 1);
    let next;
    try {
      next = rollForward(source, o.to, o.conferma !== undefined ? { conferma: { atto: o.conferma } } : {});
    } catch (err) {
      if (err instanceof RollForwardError) throw new CliError(err.message);
      throw err;
    }
    const { plan, sectors } = nextPlanChanges(next);
    await dd.plans.createPlan({ ente: from.ente, triennio: o.to });
    const write = async (room: string, changes: Parameters<typeof changesAsUpdate>[1]) => {
      const update = changesAsUpdate(await dd.loadRoomDoc(room), changes, 'import');
      if (update) await dd.appendUpdate(room, update, o.sub ?? 'cli');
    };
    await write(roomName(from.ente, o.to, PLAN_ROOM), plan);
    for (const [sector, changes] of sectors) await write(roomName(from.ente, o.to, sector), changes);
    for (const f of next.flags) process.stderr.write(`Da rivedere (${f.room}): ${f.message}\n`);
    process.stderr.write(`Creato il piano ${from.ente}/${o.to} da ${from.triennio}: ${next.sectors.length} settori, ${next.flags.length} segnalazioni nel foglio Riporti\n`);
  } finally {
    await dd.close();
  }
}
