/**
 * Child processes of the benchmark (servers, load generator): started the same way for every server
 * (`node <flags> sync-server/bin/run-ts.mjs <script>` with an IPC channel), logs to a file, every
 * request bounded by a timeout, and all of them killed when the harness exits for any reason.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RUN_TS = fileURLToPath(new URL('../../sync-server/bin/run-ts.mjs', import.meta.url));

/** Every child still alive, so an exit of the harness (even on an exception) leaves nothing behind. */
const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const c of live) if (c.pid && c.exitCode === null) c.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const c of live) if (c.exitCode === null) c.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export interface ChildMessage {
  type: string;
  [k: string]: unknown;
}

export interface Child {
  readonly pid: number;
  readonly logFile: string;
  /** Sends a message and waits for the first reply of type `replyType`. */
  request<T extends ChildMessage>(msg: ChildMessage, replyType: string, timeoutMs: number): Promise<T>;
  /** Waits for a message of `type` (already received ones are not replayed). */
  next<T extends ChildMessage>(type: string, timeoutMs: number): Promise<T>;
  /** Asks the child to stop (`{type:'stop'}`), then kills it after `graceMs`. Resolves once it exited. */
  stop(graceMs?: number): Promise<number | null>;
  /** Messages of type `progress` are passed here as they arrive. */
  onProgress(fn: (m: ChildMessage) => void): void;
}

/** The tail of a child's log, for error messages. */
export function logTail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Forks `script` through run-ts.mjs and waits for its `{type:'ready'}` message. */
export async function startChild(
  script: string,
  args: string[],
  opts: { logFile: string; execArgv?: string[]; readyTimeoutMs?: number; env?: NodeJS.ProcessEnv },
): Promise<{ child: Child; ready: ChildMessage }> {
  hookExit();
  const fd = openSync(opts.logFile, 'a');
  const proc = fork(RUN_TS, [script, ...args], {
    execArgv: opts.execArgv ?? [],
    stdio: ['ignore', fd, fd, 'ipc'],
    env: { ...process.env, ...opts.env },
  });
  closeSync(fd);
  live.add(proc);
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      live.delete(proc);
      resolve(code);
    }),
  );
  const waiters = new Set<{ type: string; resolve: (m: ChildMessage) => void }>();
  let progress: (m: ChildMessage) => void = () => {};
  proc.on('message', (raw) => {
    const m = raw as ChildMessage;
    if (m?.type === 'progress') progress(m);
    for (const w of [...waiters]) {
      if (w.type === m?.type || m?.type === 'error') {
        waiters.delete(w);
        w.resolve(m);
      }
    }
  });

  const next = <T extends ChildMessage>(type: string, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const w = {
        type,
        resolve: (m: ChildMessage) => {
          clearTimeout(timer);
          proc.off('exit', onExit);
          if (m.type === 'error' && type !== 'error') reject(new Error(`${script}: ${String(m.message)}`));
          else resolve(m as T);
        },
      };
      const onExit = (code: number | null) => {
        waiters.delete(w);
        clearTimeout(timer);
        reject(new Error(`${script} è terminato (codice ${code}) prima di «${type}».\n${logTail(opts.logFile)}`));
      };
      const timer = setTimeout(() => {
        waiters.delete(w);
        proc.off('exit', onExit);
        reject(new Error(`${script}: nessuna risposta «${type}» entro ${timeoutMs} ms.\n${logTail(opts.logFile)}`));
      }, timeoutMs);
      waiters.add(w);
      proc.once('exit', onExit);
    });

  const child: Child = {
    pid: proc.pid ?? -1,
    logFile: opts.logFile,
    next,
    request(msg, replyType, timeoutMs) {
      const p = next<never>(replyType, timeoutMs);
      proc.send(msg);
      return p;
    },
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      if (proc.connected) proc.send({ type: 'stop' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    onProgress(fn) {
      progress = fn;
    },
  };
  try {
    const ready = await next<ChildMessage>('ready', opts.readyTimeoutMs ?? 30_000);
    return { child, ready };
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; null where /proc is missing. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / 100;
  } catch {
    return null;
  }
}
