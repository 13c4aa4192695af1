import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error that becomes a JSON answer `{ "error": message }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra fields sent beside `error` (e.g. the list of bad cells of an import). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Headers every answer carries. No X-Frame-Options: Office hosts the task pane in an iframe. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  // Sign-in and download links carry a token in the query string: never leak it to other sites.
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** API answers are data, never pages: nothing may run in them or be cached with a token. */
const API_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS,
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...API_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message, ...extra }, headers);
}

export function apiHeaders(headers: Record<string, string>): Record<string, string> {
  return { ...API_HEADERS, ...headers };
}

/** Reads a request body up to `limit` bytes; a larger body is refused with 413 before it is buffered whole. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `Il file supera la dimensione massima di ${Math.round(limit / (1024 * 1024))} MB`, {}, { connection: 'close' });
}

export async function readJson(req: IncomingMessage, limit = 1024 * 1024): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'Il corpo della richiesta non è un JSON valido');
  }
}
