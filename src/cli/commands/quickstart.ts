/**
 * `npm start`: the README's first command. With no wiki configured it starts a sandbox, syncs
 * the bundled example handbook into it with a progress bar, prints where to read it and keeps
 * serving until Ctrl-C. With a wiki configured it syncs the handbook there instead.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { Option } from 'commander';
import { UsageError } from '../../errors.js';
import { examples, portNumber } from '../command-module.js';
import type { CliContext } from '../context.js';
import { ttyOf } from '../io.js';
import { runSyncCommand } from './sync.js';

/** examples/docs, from src/cli/commands or dist/cli/commands alike. */
export const EXAMPLE_DOCS = fileURLToPath(new URL('../../../examples/docs', import.meta.url));

interface QuickstartFlags {
  port: number;
  prefix: string;
  serve: boolean;
  sandbox?: boolean;
}

async function configured(ctx: CliContext): Promise<boolean> {
  try {
    await ctx.target();
    return true;
  } catch (error) {
    if (error instanceof UsageError && error.field === 'url') return false;
    throw error;
  }
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return; // nothing can stop us: serve until the process is killed
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function run(ctx: CliContext, flags: QuickstartFlags): Promise<void> {
  // Sync from a scratch copy: the package folder may be read-only, and its sync state must not
  // leak between sandboxes that come and go.
  const work = await mkdtemp(join(tmpdir(), 'wikikit-quickstart-'));
  try {
    await cp(EXAMPLE_DOCS, work, { recursive: true });
    if (flags.sandbox !== true && (await configured(ctx))) {
      const target = await ctx.target();
      ctx.out.info(`syncing the example handbook into ${target.url} under /${flags.prefix} …`);
      await runSyncCommand(ctx, 'push', work, { prefix: flags.prefix });
      ctx.out.record('quickstart', { url: `${target.url}/${flags.prefix}/home`, sandbox: false }, `\nRead it at ${target.url}/${flags.prefix}/home`);
      return;
    }

    const { startSandbox } = await import('../../sandbox/index.js');
    let sandbox;
    try {
      sandbox = await startSandbox({ port: flags.port, quiet: true });
    } catch (error) {
      if (!(error instanceof UsageError && error.field === 'port')) throw error;
      ctx.out.info(`port ${flags.port} is busy; using a free one`);
      sandbox = await startSandbox({ port: 0, quiet: true });
    }
    try {
      ctx.out.info(`no wiki configured: started a local sandbox at ${sandbox.url} (in memory)`);
      const wiki = await ctx.connectTo({ kind: 'wikijs', url: sandbox.url, token: sandbox.token, wikijsVersion: 2 });
      await runSyncCommand(ctx, 'push', work, { prefix: flags.prefix }, wiki);
      const readUrl = `${sandbox.url}/${flags.prefix}/home`;
      ctx.out.record('quickstart', { url: readUrl, sandbox: true, serving: flags.serve }, `\n${ctx.out.color.bold('Read the handbook at')} ${ctx.out.color.cyan(readUrl)}`);
      if (!flags.serve) return;
      if (ttyOf(ctx.io, 'stderr') && !ctx.options.quiet) {
        // Like `wikikit sandbox`: the throwaway key goes to the terminal that started it, and
        // deliberately past the output scrubber (it is this sandbox's own key, not a user secret).
        ctx.io.stderr.write(
          `\nTry the CLI against it from another terminal:\n  export WIKIKIT_URL=${sandbox.url}\n  export WIKIKIT_TOKEN=${sandbox.token}\n  npx wikikit pages ls --prefix ${flags.prefix}\n\n`,
        );
      }
      ctx.out.info('serving until Ctrl-C …');
      ctx.interruptIsStop = true; // from here on, Ctrl-C is the normal way to stop: exit 0
      await waitForAbort(ctx.signal);
      ctx.out.info('stopping the sandbox');
    } finally {
      await ctx.close();
      await sandbox.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('quickstart')
      .description('what `npm start` runs: sync the example handbook into the configured wiki, or into a new local sandbox that keeps serving until Ctrl-C')
      .addOption(new Option('--port <port>', 'sandbox port (0 or busy: a free one)').default(3000).argParser(portNumber))
      .option('--prefix <path>', 'wiki folder for the handbook', 'handbook')
      .option('--sandbox', 'use a sandbox even when a wiki is configured')
      .option('--no-serve', 'exit after syncing instead of serving until Ctrl-C')
      .action((flags: QuickstartFlags) => run(ctx, flags)),
    ['npm start', 'wikikit quickstart --port 4000', 'wikikit quickstart --sandbox --no-serve'],
  );
}
