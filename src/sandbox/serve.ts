import { startSandbox, type Sandbox, type SandboxOptions } from './index.js';

export interface ServeIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /**
   * Whether stdout is the terminal that started the sandbox. The admin password is printed only
   * then, so a log file or a pipe never holds it; the API key is printed either way (a sandbox
   * started in the background must still be usable). @default false
   */
  terminal?: boolean;
  /** Replaces the default announcement (the CLI prints through its own output, e.g. `--json`). */
  announce?: (sandbox: Sandbox) => void | Promise<void>;
}

/** The default announcement: URL and API key always; the admin password only to a terminal. */
export function announceSandbox(sandbox: Sandbox, options: SandboxOptions, io: ServeIO): void {
  io.stdout.write(`Wiki.js ${String(options.wikijsVersion ?? 2)} sandbox listening on ${sandbox.url}\n`);
  io.stdout.write(`GraphQL endpoint: ${sandbox.url}${options.wikijsVersion === 3 ? '/_graphql' : '/graphql'}\n`);
  io.stdout.write(`API key (full access): ${sandbox.token}\n`);
  if (io.terminal === true) io.stdout.write(`Admin login: ${sandbox.adminEmail} / ${sandbox.adminPassword}\n`);
  else io.stderr.write('Admin password not shown: output is not a terminal.\n');
  io.stderr.write(options.dataDir === undefined ? 'State is in memory and is lost on exit.\n' : `State is stored in ${options.dataDir}\n`);
}

/** Resolves when `signal` aborts (or at once when it already has); never rejects. */
function aborted(signal: AbortSignal | undefined): { promise: Promise<void>; dispose: () => void } {
  let dispose = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    const stop = (): void => {
      dispose();
      resolve();
    };
    dispose = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
    };
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    signal?.addEventListener('abort', stop, { once: true });
  });
  return { promise, dispose };
}

/**
 * `wikikit sandbox`: start, announce the URL and key, and stop on SIGINT/SIGTERM or when
 * `signal` aborts — also during start-up, where Ctrl-C stops it as soon as the listener can be
 * closed (the start is never left running in the background). The only sandbox module that prints.
 */
export async function serveSandbox(options: SandboxOptions, io: ServeIO, signal?: AbortSignal): Promise<void> {
  const stop = aborted(signal);
  let sandbox: Sandbox;
  try {
    const starting = startSandbox(options);
    const first = await Promise.race([starting, stop.promise.then(() => undefined)]);
    if (first === undefined) {
      // Interrupted while starting: let the start finish (it is a bind and a store open), then close.
      await (await starting).close();
      io.stderr.write('Sandbox stopped.\n');
      return;
    }
    sandbox = first;
  } catch (error) {
    stop.dispose();
    throw error;
  }
  try {
    if (io.announce === undefined) announceSandbox(sandbox, options, io);
    else await io.announce(sandbox);
    await stop.promise;
  } finally {
    stop.dispose();
    await sandbox.close();
  }
  io.stderr.write('Sandbox stopped.\n');
}
