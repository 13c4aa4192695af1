import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../context';

/** Handles every HTTP request that is not a WebSocket upgrade. (Owned by the HTTP API module.) */
export async function handleHttp(_ctx: ServerContext, _req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: 'Risorsa non trovata' }));
}
