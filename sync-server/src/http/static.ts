import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OFFICE_JS_LOCAL, REPO_ROOT, type StaticDirs } from '../config';
import type { ServerContext } from '../context';
import { responseBaseUrl } from './public-url';
import { SECURITY_HEADERS } from './respond';

/** manifest.xml at the repository root, found from the sources so the cwd does not matter. */
export const MANIFEST_PATH = path.join(REPO_ROOT, 'manifest.xml');
/** The origin manifest.xml is written for; rewritten to the origin the server is really reached at. */
const MANIFEST_ORIGIN = /https:\/\/localhost:3000/g;
const MANIFEST_DEFAULT_ORIGIN = 'https://localhost:3000';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Vite names built assets `name-<hash>.ext`: those never change and may be cached for a year. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * The file `rel` (a URL path, still percent-encoded) inside `root`, or null when it would escape the
 * folder (`..`, encoded slashes, NUL) or is malformed.
 */
export function resolveInside(root: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  return full === base || full.startsWith(base + path.sep) ? full : null;
}

/** Sends a file; false when it does not exist (the caller answers 404). */
export async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<boolean> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': contentType(file),
    'cache-control': cacheControl,
    etag,
    'last-modified': info.mtime.toUTCString(),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  res.writeHead(200, { ...headers, 'content-length': String(info.size) });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return true;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

async function sendManifest(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let xml: string;
  try {
    xml = await readFile(MANIFEST_PATH, 'utf8');
  } catch {
    sendText(res, 404, 'manifest.xml non trovato nella cartella del progetto');
    return;
  }
  // Never the request's Host: see public-url.ts (a poisoned manifest could be cached for everyone).
  const origin = ctx.origin ? responseBaseUrl(ctx.origin, req) : MANIFEST_DEFAULT_ORIGIN;
  const body = xml.replace(MANIFEST_ORIGIN, origin);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/xml; charset=utf-8',
    'content-disposition': 'inline; filename="manifest.xml"',
    'cache-control': 'no-cache',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The office.js script tag of addin/index.html, as Vite leaves it in the build. */
export const OFFICE_JS_TAG = '<script src="/office-js/office.js"></script>';

/** index.html with its office.js script pointed at `url` (Microsoft's CDN by default, or the local copy). */
export function withOfficeJs(html: string, url: string): string {
  return url === OFFICE_JS_LOCAL ? html : html.replace(OFFICE_JS_TAG, `<script src="${url}"></script>`);
}

/** The task pane's page, with the configured office.js; false when the pane is not built. */
async function sendIndex(req: IncomingMessage, res: ServerResponse, dirs: StaticDirs): Promise<boolean> {
  let html: string;
  try {
    html = await readFile(path.join(dirs.taskpane, 'index.html'), 'utf8');
  } catch {
    return false;
  }
  const body = withOfficeJs(html, dirs.officeJsUrl ?? OFFICE_JS_LOCAL);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-cache',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

const NOT_BUILT =
  'Il riquadro attività non è ancora stato compilato: eseguire `npm run build` nella cartella del progetto e ricaricare la pagina.';

/**
 * Serves the task pane, office.js and the manifest. Answers and returns true for paths it owns, false
 * otherwise (the caller answers 404).
 */
export async function serveStatic(ctx: ServerContext, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  if (pathname === '/manifest.xml') {
    await sendManifest(ctx, req, res);
    return true;
  }
  if (pathname.startsWith('/office-js/')) {
    const file = resolveInside(ctx.staticDirs.officeJs, pathname.slice('/office-js/'.length));
    return file !== null && (await sendFile(req, res, file, 'public, max-age=86400'));
  }
  const pane = ctx.staticDirs.taskpane;
  if (pathname === '/' || pathname === '/index.html' || pathname === '/taskpane.html') {
    // `staticDirs` is built from StaticDirs (config.ts), which also carries the office.js URL.
    if (!(await sendIndex(req, res, ctx.staticDirs as StaticDirs))) sendText(res, 503, NOT_BUILT);
    return true;
  }
  const file = resolveInside(pane, pathname);
  if (file === null) return false;
  const cache = pathname.startsWith('/assets/') && HASHED.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
  return sendFile(req, res, file, cache);
}
