import path from 'node:path';
import pino, { type Logger } from 'pino';
import { startupBanner } from '../bootstrap/banner';
import { ensureDevCerts, trustAdvice, DEV_CERT_DIR, type DevCerts } from '../bootstrap/certs';
import { ensureDemo, signInLinks, type SignInLink } from '../bootstrap/demo';
import { defaultStaticDirs, parseOfficeJsSource, type OfficeJsSource } from '../config';
import { startServer, type RunningServer } from '../server';
import { openDataDir } from '../data-dir';
import { DataDirError } from '../data-guard';
import { parsePublicUrl, publicBaseUrl } from '../http/public-url';
import { openDatabase, resolveDatabaseUrl } from '../storage/database-url';
import { CliError } from './errors';

export interface ServeOptions {
  port?: string;
  host?: string;
  data?: string;
  demo?: boolean;
  insecureHttp?: boolean;
  publicUrl?: string;
  jwksUrl?: string;
  oidcIssuer?: string;
  oidcAudience?: string;
  /** `cdn` (default: Microsoft's CDN, as Microsoft asks) or `local` (the packaged copy, air-gapped networks). */
  officeJs?: string;
  /** Create a new signing key although the database holds data (every earlier token stops working). */
  newSigningKey?: boolean;
  /** Behind a reverse proxy that sets X-Forwarded-* (believed only then). */
  trustProxy?: boolean;
  /** PostgreSQL URL (else PIAO_DATABASE_URL; neither: SQLite in the data folder). */
  database?: string;
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new CliError(`Porta non valida: "${text}" (0–65535; 0 = una porta libera qualsiasi)`);
  return n;
}

// Lives with the server, which writes it into manifest.xml; re-exported for the banner's callers.
export { publicBaseUrl } from '../http/public-url';

/** JSON logs on stderr, so stdout carries only what people read (the banner, the sign-in links). */
function serverLogger(): { logger: Logger; flush(): void } {
  const dest = pino.destination({ dest: 2, sync: false });
  const logger = pino({ name: 'piao', level: process.env.PIAO_LOG_LEVEL ?? 'info' }, dest);
  return { logger, flush: () => dest.flushSync() };
}

async function certificates(): Promise<DevCerts> {
  try {
    return await ensureDevCerts();
  } catch (err) {
    throw new CliError(
      [
        `Impossibile creare i certificati HTTPS di sviluppo in ${DEV_CERT_DIR}: ${(err as Error).message}`,
        'Soluzioni: verificare i permessi della cartella (o eliminarla e riprovare), oppure generarli con',
        '  npx office-addin-dev-certs install',
        'oppure avviare senza HTTPS, solo per test o dietro un reverse proxy HTTPS: piao serve --insecure-http',
      ].join('\n'),
      1,
    );
  }
}

/** `piao serve`: HTTPS (or HTTP) server for the task pane, the API and the sync endpoint, until a signal. */
export async function serveCommand(o: ServeOptions): Promise<void> {
  const port = parsePort(o.port);
  const host = o.host ?? DEFAULT_HOST;
  const dataDir = path.resolve(o.data ?? './data');
  const tlsWanted = !o.insecureHttp;
  const oidc = o.jwksUrl
    ? { jwksUrl: o.jwksUrl, issuer: o.oidcIssuer ?? '', audience: o.oidcAudience ?? '' }
    : undefined;
  if (oidc && (!oidc.issuer || !oidc.audience)) throw new CliError('Con --jwks-url indicare anche --oidc-issuer e --oidc-audience');
  let officeJs: OfficeJsSource;
  try {
    officeJs = parseOfficeJsSource(o.officeJs);
  } catch (err) {
    throw new CliError((err as Error).message);
  }

  let publicUrl: string | undefined;
  try {
    publicUrl = o.publicUrl ? parsePublicUrl(o.publicUrl) : undefined;
  } catch (err) {
    throw new CliError((err as Error).message);
  }

  let databaseUrl: string | undefined;
  try {
    databaseUrl = resolveDatabaseUrl(o.database);
  } catch (err) {
    throw new CliError((err as Error).message);
  }

  const certs = tlsWanted ? await certificates() : null;
  const { logger, flush } = serverLogger();
  try {
    if (o.demo) {
      // Opened here with the server's logger and flags: a key created now is logged (at warn) too.
      const dd = await openDataDir(dataDir, {
        logger,
        newSigningKey: o.newSigningKey === true,
        ...(databaseUrl ? { storage: await openDatabase(databaseUrl).catch((err: Error) => Promise.reject(new CliError(err.message, 1))) } : {}),
      });
      try {
        const { created, plan } = await ensureDemo(dd);
        logger.info({ plan, created }, created ? 'piano demo creato' : 'piano demo già presente');
      } finally {
        await dd.close();
      }
    }
  } catch (err) {
    if (err instanceof DataDirError) throw new CliError(err.message, 1);
    throw err;
  }

  let server: RunningServer;
  try {
    server = await startServer({
      port,
      host,
      dataDir,
      logger,
      // The manifest is written for the address users open, never for a request's Host header.
      ...(publicUrl || port !== 0 ? { publicUrl: publicUrl ?? publicBaseUrl(!!certs, host, port) } : {}),
      ...(o.trustProxy ? { trustProxy: true } : {}),
      ...(o.newSigningKey ? { newSigningKey: true } : {}),
      ...(databaseUrl ? { databaseUrl } : {}),
      // SQLite in its own thread: a frozen disk must not freeze health checks and other rooms.
      storageThread: true,
      staticDirs: defaultStaticDirs(officeJs), ...(certs ? { tls: { cert: certs.cert, key: certs.key } } : {}), ...(oidc ? { oidc } : {}) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`La porta ${port} è già in uso: chiudere l'altro programma o scegliere --port`, 1);
    if (code === 'EACCES') throw new CliError(`Permesso negato per la porta ${port} su ${host}: scegliere una porta sopra 1024`, 1);
    if (err instanceof DataDirError) throw new CliError(err.message, 1);
    if (databaseUrl && (err as Error).message.startsWith('Impossibile aprire il database PostgreSQL')) throw new CliError((err as Error).message, 1);
    throw err;
  }

  const url = publicBaseUrl(!!certs, host, server.port, publicUrl);
  let links: SignInLink[] = [];
  if (o.demo && !oidc) links = await signInLinks(url, server.ctx.auth);
  const lines = [startupBanner({ url, links, dataDir: o.data ?? './data' })];
  if (certs) lines.push(...trustAdvice(certs.caPath), '');
  lines.push('Premere Ctrl+C per fermare il server.', '');
  process.stdout.write(lines.join('\n'));

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        // A second Ctrl+C means "now": the log may lose only what no client has been told is saved.
        flush();
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'arresto richiesto');
      server
        .close()
        .catch((err: unknown) => {
          logger.error({ err }, 'errore durante l\'arresto');
          process.exitCode = 1;
        })
        .finally(() => {
          flush();
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
