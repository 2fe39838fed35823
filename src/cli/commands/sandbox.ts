import type { Command } from 'commander';
import { Option } from 'commander';
import { examples, portNumber } from '../command-module.js';
import type { CliContext } from '../context.js';
import { ttyOf } from '../io.js';

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
        if (flags.token !== undefined) ctx.secrets.add(flags.token);
        const version = flags.wikijsVersion === '3' ? 3 : 2;
        // The key goes only to the terminal that started the sandbox, written past the output
        // scrubber on purpose: it is this sandbox's own key, and the user needs to read it.
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
            announce: (sandbox) => {
              const graphql = `${sandbox.url}${version === 3 ? '/_graphql' : '/graphql'}`;
              const data = { url: sandbox.url, graphql, wikijsVersion: version, adminEmail: sandbox.adminEmail, ...(flags.data === undefined ? {} : { dataDir: flags.data }) };
              const credentials = { token: sandbox.token, adminPassword: sandbox.adminPassword };
              if (ctx.out.json) {
                ctx.io.stdout.write(`${JSON.stringify({ type: 'sandbox', ...data, ...(terminal ? credentials : {}) })}\n`);
              } else {
                ctx.out.line(`Wiki.js ${version} sandbox listening on ${ctx.out.color.cyan(sandbox.url)}`);
                ctx.out.line(`GraphQL endpoint: ${graphql}`);
                if (terminal) ctx.io.stdout.write(`API key (full access): ${sandbox.token}\nAdmin login: ${sandbox.adminEmail} / ${sandbox.adminPassword}\n`);
              }
              if (!terminal) {
                ctx.out.info(
                  flags.token === undefined
                    ? 'API key and admin password not shown: output is not a terminal (choose the key with --token)'
                    : 'API key: the one given with --token',
                );
              }
              ctx.out.info(flags.data === undefined ? 'State is in memory and is lost on exit; stop with Ctrl-C.' : `State is stored in ${flags.data}; stop with Ctrl-C.`);
            },
          },
          ctx.signal,
        );
      }),
    ['wikikit sandbox', 'wikikit sandbox --port 0 --data ./.sandbox', 'wikikit sandbox --wikijs-version 3 --token dev-token'],
  );
}
