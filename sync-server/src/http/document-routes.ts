import type { ServerResponse } from 'node:http';
import type { Principal, ServerContext } from '../context';
import { planAccess } from './auth';
import { heavyPool } from './heavy-pool';
import { loadPlanData, type UnreadableRoom } from './plan-docs';
import { apiHeaders, HttpError } from './respond';
import { loader } from './workbook-routes';

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export type DocumentFormat = keyof typeof TYPES;

export function documentFormat(action: string): DocumentFormat | null {
  return action === 'document.pdf' ? 'pdf' : action === 'document.docx' ? 'docx' : null;
}

/**
 * GET …/document.pdf|.docx: the plan as the document to publish, built from the live documents in a
 * worker of the heavy pool (laying out a PDF takes seconds). Anyone who may read the plan may download
 * it. A sector room that cannot be read refuses the document: a published plan missing a sector
 * would be a silent loss, where the workbook can list the problem in its Controlli sheet.
 */
export async function planDocument(ctx: ServerContext, p: Principal, ente: string, triennio: string, format: DocumentFormat, res: ServerResponse): Promise<void> {
  await planAccess(ctx, p, ente, triennio);
  const unreadable: UnreadableRoom[] = [];
  const data = await loadPlanData(loader(ctx), ente, triennio, unreadable);
  if (unreadable.length > 0) {
    throw new HttpError(503, `Documento non generato: ${unreadable.map((u) => `il settore ${u.sector} non è leggibile (${u.message})`).join('; ')}`, { unreadable });
  }
  const r = await heavyPool(ctx).run({ kind: 'document', data, format });
  const bytes = r.bytes!;
  res.writeHead(
    200,
    apiHeaders({
      'content-type': TYPES[format],
      'content-disposition': `attachment; filename="PIAO-${ente}-${triennio}.${format}"`,
      'content-length': String(bytes.byteLength),
    }),
  );
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
