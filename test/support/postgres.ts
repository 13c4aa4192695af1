/**
 * PostgreSQL for tests. With PIAO_TEST_DATABASE_URL set (a server the tests may create databases on,
 * e.g. postgres://postgres@127.0.0.1:5432/postgres) that server is used; otherwise a throwaway cluster
 * is started on a free loopback port with Debian's `postgresql` binaries (initdb -A trust + pg_ctl,
 * run as the `postgres` user when the tests run as root, since initdb refuses root). Every caller gets
 * its own database with a random name, dropped by `drop()`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  adminUrl: string;
  /** Stops the cluster for good and removes its files. */
  stop(): void;
  /** Stops the server (immediate shutdown, like a crash), keeping its files; `resume` starts it again. */
  pause(): void;
  resume(): void;
}

/** A cluster of its own (never PIAO_TEST_DATABASE_URL), for tests that stop and start the database. */
export async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL non installato (pacchetto Debian postgresql): eseguire npm run pretest o impostare PIAO_TEST_DATABASE_URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'piao-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  run('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '-D', data]);
  const port = await freePort();
  // fsync stays on (the default): the tests check durability, not a cluster tuned for speed.
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  start();
  let stopped = false;
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    pause: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    resume: start,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already stopped (paused).
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let cluster: Promise<Cluster> | null = null;
let users = 0;

function adminUrl(): Promise<string> {
  const fromEnv = process.env.PIAO_TEST_DATABASE_URL;
  if (fromEnv) return Promise.resolve(fromEnv);
  cluster ??= startCluster().then((c) => {
    // A test run that ends without dropping (a crash, a timeout) still stops its cluster.
    process.once('exit', () => c.stop());
    return c;
  });
  return cluster.then((c) => c.adminUrl);
}

async function admin<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}

/** A new empty database (random name) on the test server; `drop()` removes it and, last, the cluster. */
export async function createTestDatabase(): Promise<TestDatabase> {
  users++;
  const base = await adminUrl();
  const name = `piao_test_${randomBytes(6).toString('hex')}`;
  await admin(base, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      if (--users === 0 && cluster) {
        const c = await cluster;
        cluster = null;
        c.stop();
      }
    },
  };
}
