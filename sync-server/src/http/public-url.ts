import type { IncomingMessage } from 'node:http';

/**
 * Where users reach this server, for URLs the server writes into what it serves (manifest.xml). Never
 * taken from the request by default: `Host` and `X-Forwarded-Host` are chosen by the client, and a
 * manifest answered with an attacker's host could be kept by a shared cache and handed to everyone
 * (issue 14, item 4). Forwarding headers count only behind a reverse proxy the operator declared
 * (`--trust-proxy`), which overwrites them.
 */

/** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could break XML. */
const HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The address users open. Loopback binds are shown as `localhost`, the name the development
 * certificate and manifest.xml are made for.
 */
export function publicBaseUrl(tls: boolean, host: string, port: number, explicit?: string): string {
  if (explicit) return explicit.replace(/\/+$/, '');
  const loopback = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(host);
  const shown = loopback ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `${tls ? 'https' : 'http'}://${shown}:${port}`;
}

/** Checks a `--public-url`: http(s), a host, optionally a path; no query, fragment or credentials. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Indirizzo pubblico non valido: "${text}" (esempio: https://piao.comune.example.it)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`L'indirizzo pubblico deve iniziare con https:// (o http://): "${text}"`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`L'indirizzo pubblico non può contenere query, frammenti o credenziali: "${text}"`);
  if (!HOST.test(url.host)) throw new Error(`Nome host non valido nell'indirizzo pubblico: "${url.host}"`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function firstHeader(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return String(Array.isArray(v) ? v[0] : (v ?? '')).split(',')[0]!.trim();
}

/** The origin a trusted reverse proxy announces (X-Forwarded-Proto/Host), or null when absent or malformed. */
export function forwardedOrigin(req: IncomingMessage): string | null {
  const host = firstHeader(req, 'x-forwarded-host');
  if (!host || !HOST.test(host)) return null;
  const proto = firstHeader(req, 'x-forwarded-proto');
  return `${proto === 'http' ? 'http' : 'https'}://${host}`;
}

/** What the server knows about where it is reached (ServerContext.origin). */
export interface OriginConfig {
  /** `--public-url`, validated; wins over everything. */
  publicUrl?: string;
  /** The address the server listens on (used when there is no public URL). */
  listenUrl: string;
  /** Behind a declared reverse proxy: X-Forwarded-* headers are believed. */
  trustProxy: boolean;
}

/** Base URL for a response: the configured one; else behind a trusted proxy what it announces; else the listening address. */
export function responseBaseUrl(cfg: OriginConfig, req: IncomingMessage): string {
  if (cfg.publicUrl) return cfg.publicUrl;
  return (cfg.trustProxy ? forwardedOrigin(req) : null) ?? cfg.listenUrl;
}

/**
 * The address a request comes from, for per-address limits. Behind a trusted proxy, the last entry of
 * X-Forwarded-For (the one the proxy itself appended; earlier entries are the client's to choose).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean | undefined): string {
  if (trustProxy) {
    const list = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const last = list.at(-1);
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
