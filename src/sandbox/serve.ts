import { startSandbox, type Sandbox, type SandboxOptions } from './index.js';

export interface ServeIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /**
   * Whether stdout is the terminal that started the sandbox. The API key and the admin password
   * are printed only then, so a log file or a pipe never holds them. @default false
   */
  terminal?: boolean;
  /** Replaces the default announcement (the CLI prints through its own output, e.g. `--json`). */
  announce?: (sandbox: Sandbox) => void;
}

/** The default announcement: URL always; credentials only to a terminal. */
export function announceSandbox(sandbox: Sandbox, options: SandboxOptions, io: ServeIO): void {
  io.stdout.write(`Wiki.js ${String(options.wikijsVersion ?? 2)} sandbox listening on ${sandbox.url}\n`);
  io.stdout.write(`GraphQL endpoint: ${sandbox.url}${options.wikijsVersion === 3 ? '/_graphql' : '/graphql'}\n`);
  if (io.terminal === true) {
    io.stdout.write(`API key (full access): ${sandbox.token}\n`);
    io.stdout.write(`Admin login: ${sandbox.adminEmail} / ${sandbox.adminPassword}\n`);
  } else {
    io.stderr.write(
      options.token === undefined
        ? 'API key and admin password not shown: output is not a terminal (choose the key with --token).\n'
        : 'API key: the one given with --token.\n',
    );
  }
  io.stderr.write(options.dataDir === undefined ? 'State is in memory and is lost on exit.\n' : `State is stored in ${options.dataDir}\n`);
}

/**
 * `wikikit sandbox`: start, announce the URL (and the key, to a terminal only), and stop on
 * SIGINT/SIGTERM or when `signal` aborts. The only sandbox module that prints.
 */
export async function serveSandbox(options: SandboxOptions, io: ServeIO, signal?: AbortSignal): Promise<void> {
  const sandbox = await startSandbox(options);
  try {
    if (io.announce === undefined) announceSandbox(sandbox, options, io);
    else io.announce(sandbox);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        signal?.removeEventListener('abort', stop);
        resolve();
      };
      if (signal?.aborted === true) {
        stop();
        return;
      }
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      signal?.addEventListener('abort', stop, { once: true });
    });
  } finally {
    await sandbox.close();
  }
  io.stderr.write('Sandbox stopped.\n');
}
