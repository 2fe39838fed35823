import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { usageError } from '../../errors.js';
import { examples, portNumber } from '../command-module.js';
import type { CliContext } from '../context.js';
import { ttyOf } from '../io.js';

/** The key, alone on one line, readable by the owner only. */
async function writeTokenFile(file: string, token: string): Promise<void> {
  const { writeFileAtomic } = await import('../../ops/files.js');
  try {
    await writeFileAtomic(file, `${token}\n`, { mode: 0o600 });
  } catch (error) {
    throw usageError(`cannot write --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: 'tokenFile', cause: error });
  }
}

interface SandboxFlags {
  port?: number;
  host?: string;
  data?: string;
  token?: string;
  seed?: string;
  reset?: boolean;
  wikijsVersion?: '2' | '3';
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('sandbox')
      .description('run a local Wiki.js-compatible server (in memory, or durable with --data) until Ctrl-C')
      .addOption(new Option('--port <port>', 'port (0 picks a free one)').default(3000).argParser(portNumber))
      .option('--host <host>', 'interface to bind (loopback unless told otherwise)', '127.0.0.1')
      .option('--data <dir>', 'keep state in this directory across restarts')
      .option('--token <token>', 'use this API key instead of a generated one')
      .option('--seed <file>', 'load pages from a seed file on start')
      .option('--reset', 'wipe --data before starting')
      .addOption(new Option('--wikijs-version <v>', 'Wiki.js API to speak').choices(['2', '3']).default('2'))
      .action(async (flags: SandboxFlags) => {
        const { serveSandbox } = await import('../../sandbox/serve.js');
        ctx.interruptIsStop = true; // Ctrl-C is how a sandbox is stopped: exit 0
        if (flags.token !== undefined) ctx.secrets.add(flags.token);
        const version = flags.wikijsVersion === '3' ? 3 : 2;
        // The global --token-file names the file a client reads the key from; for the sandbox
        // it is where the key is written, so `wikikit --token-file F …` works against it.
        const tokenFile = ctx.options.tokenFile === undefined ? undefined : resolve(ctx.io.cwd, ctx.options.tokenFile);
        // The admin password goes only to the terminal that started the sandbox. The API key is
        // shown either way (a sandbox run in the background must be usable), unless it went to
        // --token-file. Both are written past the output scrubber on purpose: they are this
        // sandbox's own secrets, and the user needs to read them.
        const terminal = ttyOf(ctx.io, 'stdout');
        await serveSandbox(
          {
            ...(flags.port === undefined ? {} : { port: flags.port }),
            ...(flags.host === undefined ? {} : { host: flags.host }),
            ...(flags.data === undefined ? {} : { dataDir: flags.data }),
            ...(flags.token === undefined ? {} : { token: flags.token }),
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            ...(flags.reset === true ? { reset: true } : {}),
            wikijsVersion: version,
          },
          {
            // serveSandbox only calls write(); our sinks are process streams or test captures.
            stdout: ctx.io.stdout as NodeJS.WritableStream,
            stderr: ctx.io.stderr as NodeJS.WritableStream,
            terminal,
            announce: async (sandbox) => {
              if (tokenFile !== undefined) await writeTokenFile(tokenFile, sandbox.token);
              const showKey = tokenFile === undefined || terminal;
              const graphql = `${sandbox.url}${version === 3 ? '/_graphql' : '/graphql'}`;
              const data = {
                url: sandbox.url,
                graphql,
                wikijsVersion: version,
                adminEmail: sandbox.adminEmail,
                ...(flags.data === undefined ? {} : { dataDir: flags.data }),
                ...(tokenFile === undefined ? {} : { tokenFile }),
              };
              if (ctx.out.json) {
                const secrets = { ...(showKey ? { token: sandbox.token } : {}), ...(terminal ? { adminPassword: sandbox.adminPassword } : {}) };
                ctx.io.stdout.write(`${JSON.stringify({ type: 'sandbox', ...data, ...secrets })}\n`);
              } else {
                ctx.out.line(`Wiki.js ${version} sandbox listening on ${ctx.out.color.cyan(sandbox.url)}`);
                ctx.out.line(`GraphQL endpoint: ${graphql}`);
                if (showKey) ctx.io.stdout.write(`API key (full access): ${sandbox.token}\n`);
                if (terminal) ctx.io.stdout.write(`Admin login: ${sandbox.adminEmail} / ${sandbox.adminPassword}\n`);
              }
              if (tokenFile !== undefined) ctx.out.info(`API key written to ${tokenFile} (mode 0600); use it with \`wikikit --url ${sandbox.url} --token-file ${tokenFile} …\``);
              if (!terminal) ctx.out.info('Admin password not shown: output is not a terminal (the API key has full access).');
              ctx.out.info(flags.data === undefined ? 'State is in memory and is lost on exit; stop with Ctrl-C.' : `State is stored in ${flags.data}; stop with Ctrl-C.`);
            },
          },
          ctx.signal,
        );
      }),
    ['wikikit sandbox', 'wikikit sandbox --port 0 --data ./.sandbox', 'wikikit sandbox --port 0 --token-file .sandbox-key &', 'wikikit sandbox --wikijs-version 3 --token dev-token'],
  );
}
