import type { IncomingMessage, ServerResponse } from 'node:http';
import { roomName } from '@piao/shared';
import type { Principal, ServerContext } from '../context';
import type { ImportAcceptedResponse, ImportRefusedResponse } from '@piao/shared/protocol/http-api';
import { planAccess } from './auth';
import { importGate } from './import-gate';
import { checkDeclaredSizes } from './import-guard';
import { parseInWorker } from './import-runner';
import { attributeConflicts } from './import-conflicts';
import { changesAsUpdate, loadPlanData } from './plan-docs';
import { HttpError, readBody, sendJson } from './respond';
import { templateSigner } from './template-key';
import { loader, sectorTemplateBytes, sendWorkbook, workbook } from './workbook-routes';

/** Largest workbook an import accepts: a sector's sheets are far smaller; this only stops abuse. */
export const IMPORT_LIMIT_BYTES = 20 * 1024 * 1024;

function requireSector(sectors: readonly string[], ente: string, triennio: string, sector: string): void {
  if (!sectors.includes(sector)) throw new HttpError(404, `Il settore "${sector}" non esiste nel piano ${ente}/${triennio}`);
}

/** GET …/sectors/:sector/template.xlsx: the sector's fillable workbook with its current rows and signed base. */
export async function sectorTemplate(ctx: ServerContext, p: Principal, ente: string, triennio: string, sector: string, res: ServerResponse): Promise<void> {
  const { sectors } = await planAccess(ctx, p, ente, triennio);
  requireSector(sectors, ente, triennio, sector);
  // Written in a worker thread and kept per plan version (workbook-routes.ts): a large sector no longer
  // holds the event loop while the template is built.
  sendWorkbook(res, `PIAO-${ente}-${triennio}-${sector}.xlsx`, await sectorTemplateBytes(ctx, ente, triennio, sector));
}

/** `?resolve=overwrite` overwrites every conflict; `?force=<key>,<key>` only those the importer saw. */
function forceChoice(req: IncomingMessage): ReadonlySet<string> | 'all' {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.searchParams.get('resolve') === 'overwrite') return 'all';
  const keys = url.searchParams.getAll('force').flatMap((v) => v.split(',')).map((k) => k.trim()).filter((k) => k !== '');
  if (keys.length > 10_000) throw new HttpError(400, 'Troppe celle indicate in "force"');
  return new Set(keys);
}

/**
 * POST …/sectors/:sector/import: reads the uploaded workbook in a worker thread, then — one import per
 * room at a time — merges it three-way against the document as it is now and stores the result as one
 * update through the room (stored before relayed). A file with errors is rejected whole (422) and
 * nothing is stored; conflicts are kept as theirs unless forced, and listed with who and when.
 */
export async function importSector(
  ctx: ServerContext,
  p: Principal,
  ente: string,
  triennio: string,
  sector: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { sectors, rooms } = await planAccess(ctx, p, ente, triennio);
  requireSector(sectors, ente, triennio, sector);
  const room = roomName(ente, triennio, sector);
  if (rooms[room] !== 'write') throw new HttpError(403, `Non hai i permessi per modificare il settore "${sector}"`);
  const force = forceChoice(req);
  const body = await readBody(req, IMPORT_LIMIT_BYTES);
  if (body.length === 0) throw new HttpError(400, 'Il corpo della richiesta è vuoto: inviare il file .xlsx');
  const declared = checkDeclaredSizes(body);
  if (!declared.ok) throw new HttpError(422, `${declared.message} Nessuna modifica salvata.`, { errors: [{ sheet: '', row: 0, column: '', message: declared.message }] } satisfies Pick<ImportRefusedResponse, 'errors'>);

  const outcome = await importGate(ctx).run(room, async () => {
    const parsed = await parseInWorker(body);
    if (!parsed.ok) {
      ctx.logger.warn({ room, sub: p.sub, reason: parsed.message }, 'importazione: file rifiutato');
      return { status: 422 as const, message: parsed.message, errors: [{ sheet: '', row: 0, column: '', message: parsed.message }] };
    }
    // From here to the stored update nothing else imports into this room, and the merge reads the document as it is now.
    const data = await loadPlanData(loader(ctx), ente, triennio);
    const { mergeSectorFile } = await workbook();
    const verifyBase = ctx.templateKey ? templateSigner(ctx.templateKey).verify : undefined;
    const result = mergeSectorFile(data, sector, parsed.book, { ...(verifyBase ? { verifyBase } : {}), force });
    if (!result.ok) {
      const n = result.errors.length;
      // A problem with the whole file is said as it is; cell errors are counted and listed.
      const whole = n === 1 && result.errors[0]!.sheet === '' ? `${result.errors[0]!.message} Nessuna modifica salvata.` : null;
      return { status: 422 as const, message: whole ?? `Importazione rifiutata: ${n} ${n === 1 ? 'errore' : 'errori'} nel file, nessuna modifica salvata`, errors: result.errors };
    }
    const update = changesAsUpdate(await ctx.rooms.getDoc(room), result.changes, 'import');
    if (update) await ctx.rooms.applyUpdate(room, update, p.sub);
    return { status: 200 as const, result };
  });
  if (outcome.status === 422) throw new HttpError(422, outcome.message, { errors: outcome.errors } satisfies Pick<ImportRefusedResponse, 'errors'>);
  const { result } = outcome;
  const conflicts = await attributeConflicts(ctx, { ente, triennio }, room, result.conflicts);
  ctx.logger.info({ room, sub: p.sub, changes: result.changes.length, conflicts: conflicts.length }, 'importazione completata');
  sendJson(res, 200, { applied: result.summary, conflicts } satisfies ImportAcceptedResponse);
}
