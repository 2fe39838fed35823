import { resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { collectList, examples, portNumber } from '../command-module.js';
import type { CliContext } from '../context.js';
import { usageError, internalError } from '../../errors.js';

interface McpFlags {
  readOnly?: boolean;
  allowPaths?: string[];
  tools: 'essential' | 'all';
  http?: number;
  logFile?: string;
}

/** Resolves when the signal aborts (Ctrl-C); never without one. */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    if (signal?.aborted === true) done();
    signal?.addEventListener('abort', () => {
      done();
    }, { once: true });
  });
}

async function serve(ctx: CliContext, flags: McpFlags, version: string): Promise<void> {
  const [{ WikiMcp }, { createWriteLog, checkLogFile }] = await Promise.all([import('../../mcp/server.js'), import('../../mcp/write-log.js')]);
  if (flags.allowPaths?.length === 0) throw usageError('--allow-paths names no folder; omit it to allow writes anywhere', { field: 'allow-paths' });
  if (flags.logFile !== undefined) await checkLogFile(resolve(ctx.io.cwd, flags.logFile));
  const wiki = await ctx.connect();
  const log = createWriteLog({
    stderr: ctx.io.stderr,
    ...(flags.logFile === undefined ? {} : { file: resolve(ctx.io.cwd, flags.logFile) }),
    secrets: ctx.secrets,
  });
  const mcp = new WikiMcp({
    wiki,
    readOnly: flags.readOnly === true,
    ...(flags.allowPaths === undefined ? {} : { allowPaths: flags.allowPaths }),
    tools: flags.tools,
    log,
    secrets: ctx.secrets,
    version,
  });
  const scope = flags.readOnly === true ? 'read-only' : mcp.context.scope.prefixes.length > 0 ? `writes only under ${mcp.context.scope.prefixes.join(', ')}` : 'writes anywhere';
  const summary = `${wiki.kind} ${wiki.url}, ${mcp.toolNames.length} tools (${flags.tools}), ${scope}`;

  if (flags.http !== undefined) {
    const { startMcpHttp, generateToken } = await import('../../mcp/http.js');
    const given = ctx.io.env['WIKIKIT_MCP_TOKEN'];
    const token = given !== undefined && given !== '' ? given : generateToken();
    const http = await startMcpHttp({
      mcp,
      port: flags.http,
      token,
      onError: (error) => {
        ctx.out.warn(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    // Written past the scrubber on purpose, once: the user needs it to configure the client.
    // From here on it is a secret like the wiki's own token.
    ctx.io.stderr.write(`wikikit mcp: serving ${summary}\nMCP endpoint (Streamable HTTP): ${http.url}\n`);
    ctx.io.stderr.write(token === given ? 'bearer token: the one in WIKIKIT_MCP_TOKEN\n' : `bearer token (shown once, not stored): ${token}\n`);
    ctx.secrets.add(token);
    ctx.interruptIsStop = true; // a server: Ctrl-C is how it is stopped, exit 0
    try {
      await aborted(ctx.signal);
    } finally {
      await http.close();
    }
    return;
  }

  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  // stdout carries the protocol and nothing else; every message of ours goes to stderr.
  const stdin: unknown = ctx.io.stdin;
  const stdout: unknown = ctx.io.stdout;
  if (!(stdin instanceof Readable) || !(stdout instanceof Writable)) throw internalError('wikikit mcp over stdio needs real stdin/stdout streams');
  const server = mcp.createServer();
  const closed = new Promise<void>((done) => {
    server.server.onclose = done;
    stdin.once('end', done);
    stdin.once('close', done);
  });
  await server.connect(new StdioServerTransport(stdin, stdout));
  ctx.out.info(`wikikit mcp: serving ${summary} over stdio`);
  ctx.interruptIsStop = true;
  await Promise.race([closed, aborted(ctx.signal)]);
  await server.close();
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('mcp')
      .description('serve the wiki to AI agents over the Model Context Protocol (stdio, or Streamable HTTP on 127.0.0.1)')
      .option('--read-only', 'offer no tool that changes the wiki (they are not registered at all)')
      .option('--allow-paths <prefix...>', 'writes only under these folders (or MediaWiki namespaces like "Help:"); refused elsewhere before any request', collectList)
      .addOption(new Option('--tools <set>', 'which tools to offer: essential (search, read, list, create, update) or all').choices(['essential', 'all']).default('all'))
      .addOption(new Option('--http <port>', 'serve Streamable HTTP on 127.0.0.1:PORT (0 = any free port) instead of stdio; bearer token from WIKIKIT_MCP_TOKEN or generated and shown once').argParser(portNumber))
      .option('--log-file <file>', 'also append every write (tool, path, old and new revision) to this JSON-lines file')
      .action((flags: McpFlags) => serve(ctx, flags, program.version() ?? '0.0.0')),
    [
      'wikikit mcp --profile prod --read-only',
      'wikikit mcp --allow-paths docs/ai-drafts --log-file mcp-writes.jsonl',
      'WIKIKIT_MCP_TOKEN=$(openssl rand -hex 32) wikikit mcp --http 8765',
    ],
  );
}
