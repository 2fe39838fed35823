import type { Wiki } from '../model/wiki.js';
import type { ResolvedTarget } from './config.js';

/** A writable text sink: `process.stdout`, or a capture in tests. */
export interface TextSink {
  write(chunk: string): unknown;
  /** Present on real terminals; lets the progress bar size itself. */
  readonly columns?: number;
}

/** Everything the CLI touches outside itself, passed in so `main` runs in-process in tests. */
export interface CliIO {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stdout / stderr / stdin are terminals. A boolean sets all three. */
  readonly isTTY: boolean | { readonly stdout: boolean; readonly stderr: boolean; readonly stdin: boolean };
  /** Cancels long jobs (Ctrl-C). */
  readonly signal?: AbortSignal;
  /**
   * Test seam: builds the Wiki for a resolved target instead of the real clients.
   * @internal
   */
  readonly wikiFactory?: (target: ResolvedTarget) => Promise<Wiki>;
}

export function ttyOf(io: CliIO, which: 'stdout' | 'stderr' | 'stdin'): boolean {
  return typeof io.isTTY === 'boolean' ? io.isTTY : io.isTTY[which];
}

/** Shell convention: a job stopped by a signal exits 128 + the signal number. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * 130 after Ctrl-C, 143 after SIGTERM (the abort reason `processIO` gives carries the signal in
 * `interruptSignal`); undefined when the signal was not a user interrupt.
 */
export function interruptExitCode(signal: AbortSignal | undefined): number | undefined {
  if (signal?.aborted !== true) return undefined;
  const name = (signal.reason as { interruptSignal?: unknown } | undefined)?.interruptSignal;
  return typeof name === 'string' ? SIGNAL_EXIT[name] : undefined;
}
