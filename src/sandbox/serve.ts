import { startSandbox, type SandboxOptions } from './index.js';

/**
 * `wikikit sandbox`: start, print the URL and the key (to this terminal only), and stop on
 * SIGINT/SIGTERM or when `signal` aborts. The only sandbox module that prints.
 */
export async function serveSandbox(
  options: SandboxOptions,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  signal?: AbortSignal,
): Promise<void> {
  const sandbox = await startSandbox(options);
  io.stdout.write(`Wiki.js ${String(options.wikijsVersion ?? 2)} sandbox listening on ${sandbox.url}\n`);
  io.stdout.write(`GraphQL endpoint: ${sandbox.url}/graphql\n`);
  io.stdout.write(`API key (full access): ${sandbox.token}\n`);
  io.stdout.write(`Admin login: ${sandbox.adminEmail} / ${sandbox.adminPassword}\n`);
  io.stderr.write(options.dataDir === undefined ? 'State is in memory and is lost on exit.\n' : `State is stored in ${options.dataDir}\n`);
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
  await sandbox.close();
  io.stderr.write('Sandbox stopped.\n');
}
