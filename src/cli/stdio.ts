import type { CliIO } from './io.js';

/**
 * The abort reason for Ctrl-C / SIGTERM: an `AbortError` (so code that checks for aborts sees
 * one) that remembers which signal it was; `interruptExitCode` (io.ts) turns it into 130 / 143.
 * Defined here, not in io.ts, so `wikikit --version` loads nothing more than it did.
 */
function interruptReason(signal: NodeJS.Signals): Error {
  return Object.assign(new Error(`interrupted (${signal})`), { name: 'AbortError', interruptSignal: signal });
}

/**
 * The real process as a {@link CliIO}. The first Ctrl-C aborts the running job (which saves
 * its state and stops cleanly); the listener then removes itself so a second Ctrl-C kills.
 */
export function processIO(): CliIO {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    controller.abort(interruptReason(signal));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `wikikit pages ls | head`: the reader went away. Like any Unix tool, stop quietly instead
  // of crashing on EPIPE; the job is aborted so nothing half-done is left behind.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    controller.abort();
    process.stdout.destroy();
  });
  // isTTY is undefined (not false) on pipes at run time, whatever the typings say.
  const tty = (stream: { isTTY?: boolean }): boolean => stream.isTTY ?? false;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY: { stdout: tty(process.stdout), stderr: tty(process.stderr), stdin: tty(process.stdin) },
    signal: controller.signal,
  };
}
