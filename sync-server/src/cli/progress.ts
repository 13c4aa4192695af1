import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr when stdout is a terminal; nothing when the output is piped or redirected,
 * so scripts and logs never receive escape codes.
 */
export function progressBar(label: string, tty = process.stdout.isTTY === true): Progress {
  if (!tty) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} righe`, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(Math.max(total, 1), 0);
        started = true;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(Math.min(done, Math.max(total, 1)));
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
