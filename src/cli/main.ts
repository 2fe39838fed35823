/**
 * `main(argv, io)` → exit code. The only place errors become exit codes and messages; it never
 * calls process.exit, so it runs in-process in tests. Commands are `import()`ed on demand so
 * `wikikit --version` loads nothing but commander.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CommandModule } from './command-module.js';
import type { GlobalOptions } from './context.js';
import type { CliIO } from './io.js';

export type { CliIO } from './io.js';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
}

/** Name → one-line summary (for the root --help) and a lazy loader. */
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  pages: { summary: 'list, read, write, move, delete and search pages', load: () => import('./commands/pages.js') },
  grep: { summary: 'search page bodies for a pattern (the wiki search does not index them)', load: () => import('./commands/grep.js') },
  tags: { summary: 'list tags (Wiki.js) or categories (MediaWiki)', load: () => import('./commands/tags.js') },
  assets: { summary: 'list, upload and download assets', load: () => import('./commands/assets.js') },
  users: { summary: 'list and create users (Wiki.js)', load: () => import('./commands/users.js') },
  sync: { summary: 'keep a folder of Markdown and the wiki in step (push, pull, status)', load: () => import('./commands/sync.js') },
  apply: { summary: 'carry out a plan written by --plan, refusing pages that moved since', load: () => import('./commands/apply.js') },
  export: { summary: 'back up a wiki to a folder or .tar.gz', load: () => import('./commands/export.js') },
  import: { summary: 'restore an export into a wiki', load: () => import('./commands/import.js') },
  mv: { summary: 'move a page or folder and rewrite every link to it (plan, journal, resume)', load: () => import('./commands/mv.js') },
  replace: { summary: 'find and replace across pages, with a diff of every change', load: () => import('./commands/replace.js') },
  migrate: { summary: 'migrate a MediaWiki into a Wiki.js', load: () => import('./commands/migrate.js') },
  sandbox: { summary: 'run a local Wiki.js-compatible server', load: () => import('./commands/sandbox.js') },
  doctor: { summary: 'check the connection, token, permissions and server version', load: () => import('./commands/doctor.js') },
  config: { summary: 'manage connection profiles (add, list, use, remove)', load: () => import('./commands/config.js') },
  mcp: { summary: 'serve the wiki to AI agents over the Model Context Protocol (stdio or HTTP)', load: () => import('./commands/mcp.js') },
  quickstart: { summary: 'start a sandbox (if no wiki is configured) and sync the example docs into it', load: () => import('./commands/quickstart.js') },
};

/**
 * Finds the command word past the global options, so only that command's module is loaded.
 * `valueFlags` are the root options that take a value (`--profile`, `-p`, …), read from the
 * program itself: a short flag missing from a hand-kept list once made `-p sb sync push …`
 * skip "sb" as the command and silently run nothing.
 */
export function commandWord(argv: readonly string[], valueFlags: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && valueFlags.has(arg)) i++;
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // A cluster of short flags (`-qp sb`, `-psb`): the first one that takes a value takes
      // the rest of the cluster, or the next argument when the cluster ends there.
      for (let c = 1; c < arg.length; c++) {
        if (valueFlags.has(`-${arg[c] ?? ''}`)) {
          if (c === arg.length - 1) i++;
          break;
        }
      }
      continue;
    }
    return arg === 'help' ? argv[i + 1] : arg;
  }
  return undefined;
}

/** The root program's options that take a value, by every spelling (`--profile`, `-p`). */
function valueFlagsOf(program: Command): Set<string> {
  const flags = new Set<string>();
  for (const option of program.options) {
    if (!option.required && !option.optional) continue;
    if (option.long !== undefined) flags.add(option.long);
    if (option.short !== undefined) flags.add(option.short);
  }
  return flags;
}

interface PackageInfo {
  readonly version: string;
  /** Where to report bugs: package.json `bugs` (a URL, or `{ url }`). */
  readonly bugs: string | undefined;
}

let packageInfo: PackageInfo | undefined;

/** package.json, read once at run time (the one source for the version and the bug tracker). */
function readPackage(): PackageInfo {
  if (packageInfo !== undefined) return packageInfo;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown; bugs?: unknown };
    const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : typeof (pkg.bugs as { url?: unknown } | undefined)?.url === 'string' ? (pkg.bugs as { url: string }).url : undefined;
    packageInfo = { version: typeof pkg.version === 'string' ? pkg.version : '0.0.0', bugs };
  } catch {
    packageInfo = { version: '0.0.0', bugs: undefined };
  }
  return packageInfo;
}

function readVersion(): string {
  return readPackage().version;
}

async function buildProgram(io: CliIO): Promise<Command> {
  const { Command, Option } = await import('commander');
  const { positiveInt, positiveNumber } = await import('./command-module.js');
  const program = new Command('wikikit');
  program
    .description('Automate Wiki.js and MediaWiki: pages, folder sync, export, find-and-replace, migration and a local sandbox.')
    .version(readVersion(), '-V, --version', 'print the version')
    .option('--json', 'machine output: one JSON object per line (NDJSON) on stdout')
    .option('-q, --quiet', 'no progress or status messages')
    .option('-v, --verbose', 'log every request (redacted) to stderr')
    .option('-p, --profile <name>', 'connection profile from the config file (env: WIKIKIT_PROFILE)')
    .option('--url <url>', 'wiki URL: a Wiki.js site or a MediaWiki api.php (env: WIKIKIT_URL)')
    .option('--token-file <file>', 'read the API key (MediaWiki: bot password) from a file (env: WIKIKIT_TOKEN); `sandbox` writes its key there')
    .addOption(new Option('--concurrency <n>', 'requests in flight at once').argParser(positiveInt))
    .addOption(new Option('--timeout <seconds>', 'give up on a call to the wiki after this many seconds, retries included (default 120)').argParser(positiveNumber))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ wikikit config add prod --url https://wiki.example.com     # prompts for the API key
  $ wikikit pages ls --prefix docs
  $ wikikit sync push ./docs --prefix handbook --dry-run
  $ wikikit export backup.tar.gz --with-assets
  $ wikikit sandbox --port 3000

Exit codes: 0 ok, 1 failure, 2 usage, 3 conflict, 4 auth/permission, 5 network/timeout/rate limit, 70 internal error.
Environment: WIKIKIT_URL, WIKIKIT_TOKEN, WIKIKIT_PROFILE, WIKIKIT_USERNAME, WIKIKIT_PASSWORD, WIKIKIT_CONFIG, NO_COLOR.
`,
    );
  return program;
}

function globalsOf(program: Command): GlobalOptions {
  const o = program.opts<{
    json?: boolean;
    quiet?: boolean;
    verbose?: boolean;
    profile?: string;
    url?: string;
    tokenFile?: string;
    concurrency?: number;
    timeout?: number;
  }>();
  return {
    json: o.json === true,
    quiet: o.quiet === true,
    verbose: o.verbose === true,
    ...(o.profile === undefined ? {} : { profile: o.profile }),
    ...(o.url === undefined ? {} : { url: o.url }),
    ...(o.tokenFile === undefined ? {} : { tokenFile: o.tokenFile }),
    ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }),
    ...(o.timeout === undefined ? {} : { timeout: o.timeout }),
  };
}

/** Internal errors: a stack with local paths made relative, and where to report it. */
function internalMessage(error: unknown, cwd: string): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const relative = stack.split(cwd).join('.').replace(/file:\/\/\.?/g, '');
  const bugs = readPackage().bugs;
  return `${relative}\n\nThis is a bug in wikikit, please report it${bugs === undefined ? '' : ` at ${bugs}`} with the command you ran.`;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: unknown }).code === 'ABORT_ERR');
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  // `wikikit --version` is what scripts and shells call most: answer it before loading anything.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  // Everything else loads lazily, in parallel, so a command pays only for what it uses.
  const [program, { CliContext }, { CommanderError }, { isWikikitError }, { EXIT, exitCodeFor }, { interruptExitCode }] = await Promise.all([
    buildProgram(io),
    import('./context.js'),
    import('commander'),
    import('../errors.js'),
    import('./exit-codes.js'),
    import('./io.js'),
  ]);
  const ctx = new CliContext(io, () => globalsOf(program));
  const wanted = commandWord(argv, valueFlagsOf(program));
  try {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      if (name === wanted) (await entry.load()).register(program, ctx);
      else {
        // A placeholder for the root --help only. Reaching its action means the command word
        // was misread: fail loudly rather than exit 0 having done nothing.
        program
          .command(name)
          .description(entry.summary)
          .helpOption(false)
          .allowUnknownOption()
          .allowExcessArguments()
          .action(async () => {
            // Loaded here: `--version` and the other cold paths must not pay for the error model.
            const { internalError } = await import('../errors.js');
            throw internalError(`command "${name}" was not loaded (the command line was misread: ${JSON.stringify(argv)})`);
          });
      }
    }
    await program.parseAsync([...argv], { from: 'user' });
    // A long job stopped by Ctrl-C returns with its partial report (already printed); the exit
    // code still says it was interrupted, as every shell tool's does.
    const interrupted = ctx.interruptIsStop ? undefined : interruptExitCode(ctx.signal);
    return interrupted ?? ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (help, version or the usage error) to our io.
      if (error.exitCode === 0) return EXIT.ok;
      if (ctx.options.json) {
        io.stdout.write(`${JSON.stringify({ type: 'error', error: { name: 'UsageError', category: 'usage', message: error.message.replace(/^error: /, '') } })}\n`);
      }
      return EXIT.usage;
    }
    if (isWikikitError(error)) {
      ctx.out.error(error);
      return Math.max(ctx.exitCode, exitCodeFor(error.category));
    }
    if (isAbort(error) || ctx.signal?.aborted === true) {
      ctx.out.error('interrupted; state was saved, run the same command again to resume');
      return interruptExitCode(ctx.signal) ?? 130;
    }
    ctx.out.error(error, internalMessage(error, io.cwd));
    return EXIT.internal;
  } finally {
    await ctx.close();
  }
}
