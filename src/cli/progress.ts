/**
 * A progress bar (count, rate, ETA) on stderr for jobs that run longer than a second. It is
 * never drawn with --quiet, --json, or when stderr is not a terminal, so logs and pipes stay clean.
 */
import cliProgress from 'cli-progress';
import type { CliIO } from './io.js';

export interface Progress {
  /** Sets or grows the expected total (unknown totals render as a counter). */
  setTotal(total: number): void;
  /** Counts `n` more items done. */
  tick(n?: number): void;
  /** Removes the bar (idempotent). */
  stop(): void;
  /** Items counted so far. */
  readonly done: number;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total?: number;
  /** False when --quiet / --json / not a terminal. */
  readonly enabled: boolean;
  /** Delay before the bar appears, so short jobs print nothing. @default 1000 */
  readonly delayMs?: number;
  readonly now?: () => number;
}

export function createProgress(io: CliIO, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const started = now();
  let total = options.total ?? 0;
  let done = 0;
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;

  const rate = (): string => {
    const seconds = (now() - started) / 1000;
    return seconds <= 0 ? '0' : (done / seconds).toFixed(1);
  };

  const show = (): void => {
    if (stopped || bar !== undefined) return;
    bar = new cliProgress.SingleBar(
      {
        stream: io.stderr as NodeJS.WritableStream,
        format: `${options.label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(Math.max(total, done), done, { rate: rate() });
  };

  const timer = options.enabled ? setTimeout(show, options.delayMs ?? 1000) : undefined;
  timer?.unref();

  return {
    get done() {
      return done;
    },
    setTotal(value: number) {
      total = value;
      bar?.setTotal(Math.max(total, done));
    },
    tick(n = 1) {
      done += n;
      if (bar !== undefined) {
        if (done > total) bar.setTotal(done);
        bar.update(done, { rate: rate() });
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      bar?.stop();
    },
  };
}
