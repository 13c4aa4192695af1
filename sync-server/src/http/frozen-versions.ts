import type { ServerResponse } from 'node:http';
import * as Y from 'yjs';
import { PLAN_ROOM, readPlanData, roomName } from '@piao/shared';
import { planHash } from '@piao/shared/version/index';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { documentFormat } from './document-routes';
import { heavyPool } from './heavy-pool';
import { apiHeaders, HttpError } from './respond';

/**
 * Frozen versions (issue 13 item 2): at adoption the server copies every room of the plan into rooms
 * named `<ente>/<triennio>/_versione-<n>-<room>`. Those names are not room names a client can ask for
 * (parseRoom refuses them, so the access policy answers «none» to everyone) and no route writes them
 * after the copy: the version stays as adopted while the live plan goes on. The copies are taken in one
 * turn of the event loop, so no edit lands between the rooms.
 */
export function frozenRoom(ente: string, triennio: string, versione: number, room: string): string {
  return `${ente}/${triennio}/_versione-${versione}-${room === PLAN_ROOM ? 'piano' : room}`;
}

/** Copies the plan's rooms into version `versione` and returns the SHA-256 of the copied content. */
export async function freezeVersion(ctx: ServerContext, ente: string, triennio: string, sectors: readonly string[], versione: number, sub: string): Promise<string> {
  const rooms = [PLAN_ROOM, ...sectors];
  const docs = await Promise.all(rooms.map((r) => ctx.rooms.getDoc(roomName(ente, triennio, r))));
  const states = docs.map((d) => Y.encodeStateAsUpdate(d)); // one synchronous turn: a consistent cut
  const copies = new Map(
    rooms.map((r, i) => {
      const d = new Y.Doc();
      Y.applyUpdate(d, states[i]!);
      return [r, d] as const;
    }),
  );
  const hash = await planHash(readPlanData(ente, triennio, copies.get(PLAN_ROOM)!, (id) => copies.get(id)));
  for (const [i, r] of rooms.entries()) await ctx.rooms.applyUpdate(frozenRoom(ente, triennio, versione, r), states[i]!, sub);
  for (const d of copies.values()) d.destroy();
  return hash;
}

/** GET …/versions/<n>/document.pdf|.docx: the document of an adopted version, the same bytes every time for the PDF. */
export async function versionDocument(ctx: ServerContext, p: Principal, ente: string, triennio: string, versione: string, action: string, res: ServerResponse): Promise<void> {
  const format = documentFormat(action);
  if (!format || !/^[1-9]\d{0,3}$/.test(versione)) throw new HttpError(404, `Risorsa non trovata: versione ${versione}/${action}`);
  await planAccess(ctx, p, ente, triennio);
  const n = Number(versione);
  const planDoc = await ctx.rooms.getDoc(frozenRoom(ente, triennio, n, PLAN_ROOM));
  if (!planDoc.share.has('settori')) throw new HttpError(404, `Il piano ${ente}/${triennio} non ha una versione ${n} adottata`);
  const docs = new Map<string, Y.Doc>();
  for (const row of planDoc.getMap<Y.Map<unknown>>('settori').values()) {
    const id = row instanceof Y.Map ? row.get('id') : undefined;
    if (typeof id === 'string') docs.set(id, await ctx.rooms.getDoc(frozenRoom(ente, triennio, n, id)));
  }
  const data = readPlanData(ente, triennio, planDoc, (id) => docs.get(id));
  const bytes = (await heavyPool(ctx).run({ kind: 'document', data, format })).bytes!;
  res.writeHead(
    200,
    apiHeaders({
      'content-type': format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="PIAO-${ente}-${triennio}-v${n}.${format}"`,
      'content-length': String(bytes.byteLength),
    }),
  );
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
