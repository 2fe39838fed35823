/**
 * The built binary, as an MCP client starts it: `wikikit mcp` over stdio (stdout carries the
 * protocol and nothing else) and `wikikit mcp --http 0` (token generated and shown once on
 * stderr; Ctrl-C stops it cleanly).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { assertBuilt, BIN, spawnBin } from './bin.js';

describe('wikikit mcp (built binary)', () => {
  const canary = `canary-${randomBytes(12).toString('hex')}`;
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    assertBuilt();
    sandbox = await startSandbox({ port: 0, quiet: true, token: canary });
    dir = await mkdtemp(join(tmpdir(), 'wikikit-mcp-'));
    env = { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent-home', WIKIKIT_CONFIG: '/nonexistent/wikikit.json', WIKIKIT_URL: sandbox.url, WIKIKIT_TOKEN: canary };
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stdio: the SDK client drives it; writes are scoped and logged to --log-file', async () => {
    const logFile = join(dir, 'writes.jsonl');
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', '--allow-paths', 'bin', '--log-file', logFile], env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const client = new Client({ name: 'bin-test', version: '1.0.0' });
    await client.connect(transport);
    const results: unknown[] = [];
    try {
      expect(client.getServerVersion()).toMatchObject({ name: 'wikikit' });
      expect(client.getInstructions()).toMatch(/Writes are allowed only under: bin/);
      results.push(await client.callTool({ name: 'create_page', arguments: { path: 'bin/page', content: 'from the binary\n' } }));
      results.push(await client.callTool({ name: 'create_page', arguments: { path: 'elsewhere', content: 'no' } }));
      results.push(await client.callTool({ name: 'read_page', arguments: { path: 'bin/page' } }));
    } finally {
      await client.close();
    }
    expect((results[0] as { isError?: boolean }).isError).not.toBe(true);
    expect((results[1] as { isError?: boolean }).isError).toBe(true);
    expect(JSON.stringify(results[2])).toContain('from the binary');
    const log = (await readFile(logFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(log).toEqual([
      expect.objectContaining({ type: 'write', tool: 'create_page', path: 'bin/page', oldRevision: null, outcome: 'written' }),
      expect.objectContaining({ tool: 'create_page', path: 'elsewhere', outcome: 'refused' }),
    ]);
    expect(stderr).toMatch(/serving wikijs-v2 .* writes only under bin over stdio/);
    expect(`${JSON.stringify(results)}${stderr}${JSON.stringify(log)}`).not.toContain(canary);
  });

  it('stdio: every line on stdout is a JSON-RPC message, and it exits 0 when stdin closes', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', '--read-only', '--verbose'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const send = (message: object): void => {
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    };
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list', params: {} });
    send({ id: 3, method: 'tools/call', params: { name: 'list_pages', arguments: {} } });
    await expect.poll(() => stdout.split('\n').filter((l) => l !== '').length, { timeout: 15_000 }).toBe(3);
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.split('\n').filter((l) => l !== '');
    const messages = lines.map((line) => JSON.parse(line) as { jsonrpc: string; id: number; result?: { tools?: { name: string }[] } });
    expect(messages.map((m) => [m.jsonrpc, m.id])).toEqual([['2.0', 1], ['2.0', 2], ['2.0', 3]]);
    expect(messages[1]?.result?.tools?.map((t) => t.name)).not.toContain('create_page');
    // --verbose logs every request to stderr, redacted.
    expect(stderr).toMatch(/http /);
    expect(stdout + stderr).not.toContain(canary);
  });

  it('--http 0: prints the endpoint and a generated token once on stderr; Ctrl-C stops it with exit 0', async () => {
    const { child, done } = spawnBin(['mcp', '--http', '0'], env);
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await expect.poll(() => /bearer token \(shown once, not stored\): (\S+)/.test(text), { timeout: 15_000 }).toBe(true);
    const url = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(text)?.[1] ?? '';
    const token = /bearer token \(shown once, not stored\): (\S+)/.exec(text)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(token.length).toBeGreaterThanOrEqual(40);
    const client = new Client({ name: 'bin-http', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    const listed = await client.callTool({ name: 'list_pages', arguments: {} });
    expect(listed.isError).not.toBe(true);
    await client.close();
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.split(token).length).toBe(2);
    expect(result.stderr).not.toContain(canary);
  });
});
