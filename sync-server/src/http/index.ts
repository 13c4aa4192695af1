import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context';
import { registry } from '../metrics';
import { readinessOf } from '../readiness';
import { handleApi } from './api';
import { HttpError, SECURITY_HEADERS, sendError, sendJson } from './respond';
import { serveStatic } from './static';
import { storageErrorAnswer } from './storage-errors';

/** Handles every HTTP request that is not a WebSocket upgrade: health, metrics, the API and static files. */
export async function handleHttp(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    sendError(res, 400, 'Indirizzo della richiesta non valido');
    return;
  }
  try {
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      await handleApi(ctx, req, res, url);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') {
      throw new HttpError(405, `Metodo ${method} non consentito`, {}, { allow: 'GET, HEAD' });
    }
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/readyz') {
      const r = readinessOf(ctx);
      if (r.ready) sendJson(res, 200, { status: 'ready' });
      else sendJson(res, 503, { status: 'not-ready', error: r.reason ?? 'server non pronto' }, { 'retry-after': '5' });
      return;
    }
    if (url.pathname === '/metrics') {
      const body = await registry.metrics();
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': registry.contentType, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (await serveStatic(ctx, req, res, url.pathname)) return;
    throw new HttpError(404, `Risorsa non trovata: ${url.pathname}`);
  } catch (err) {
    if (res.headersSent) {
      ctx.logger.error({ err, url: url.pathname }, 'errore dopo l\'invio della risposta');
      res.destroy();
      return;
    }
    if (err instanceof HttpError) {
      if (err.status >= 500) ctx.logger.error({ err, url: url.pathname }, err.message);
      sendError(res, err.status, err.message, err.extra, err.headers);
      return;
    }
    const stored = storageErrorAnswer(err);
    if (stored) {
      ctx.logger.warn({ err, url: url.pathname }, stored.message);
      sendError(res, stored.status, stored.message, stored.extra, stored.headers);
      return;
    }
    ctx.logger.error({ err, method, url: url.pathname }, 'errore interno nella richiesta HTTP');
    sendError(res, 500, 'Errore interno del server');
  }
}
