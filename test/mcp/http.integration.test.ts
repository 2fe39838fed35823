/** `--http`: Streamable HTTP on 127.0.0.1 behind a bearer token, with the SDK's own HTTP client. */
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { generateToken, startMcpHttp, type McpHttpServer } from '../../src/mcp/http.js';
import { WikiMcp } from '../../src/mcp/server.js';
import type { Wiki } from '../../src/model/wiki.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';

function raw(port: number, options: { method?: string; path?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/mcp', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }));
  });
}

describe('wikikit MCP over Streamable HTTP', () => {
  const token = generateToken();
  let sandbox: Sandbox;
  let wiki: Wiki;
  let http: McpHttpServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    wiki = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token }).asWiki();
    http = await startMcpHttp({ mcp: new WikiMcp({ wiki, secrets: [sandbox.token, token] }), port: 0, token });
  });
  afterAll(async () => {
    await http.close();
    await wiki.close();
    await sandbox.close();
  });

  it('listens on 127.0.0.1 only, at /mcp', () => {
    expect(http.url).toBe(`http://127.0.0.1:${http.port}/mcp`);
  });

  it('serves the tools to the SDK client that sends the bearer token', async () => {
    const client = new Client({ name: 'http-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('update_page');
      const created = await client.callTool({ name: 'create_page', arguments: { path: 'http/one', content: 'over http\n' } });
      expect(created.isError).not.toBe(true);
      const read = await client.callTool({ name: 'read_page', arguments: { path: 'http/one' } });
      const blocks = read.content as { text: string }[];
      expect(blocks[1]?.text).toBe('over http\n');
      // Plans and confirmations outlive one request (the server is stateless per request).
      const ask = await client.callTool({ name: 'delete_page', arguments: { path: 'http/one' } });
      const confirmation = (JSON.parse((ask.content as { text: string }[])[0]?.text ?? '{}') as { confirmation_token: string }).confirmation_token;
      const done = await client.callTool({ name: 'delete_page', arguments: { path: 'http/one', confirmation_token: confirmation } });
      expect(done.isError).not.toBe(true);
      expect(await wiki.get('http/one')).toBeUndefined();
      expect(JSON.stringify([created, read, ask, done])).not.toContain(sandbox.token);
    } finally {
      await client.close();
    }
  });

  it('refuses a missing or wrong token with 401 before any MCP work', async () => {
    const none = await raw(http.port, { headers: { host: `127.0.0.1:${http.port}` } });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await raw(http.port, { headers: { authorization: `Bearer ${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    const basic = await raw(http.port, { headers: { authorization: `Basic ${token}` } });
    expect(basic.status).toBe(401);
    const client = new Client({ name: 'no-token', version: '1.0.0' });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(http.url)))).rejects.toThrow();
  });

  it('refuses foreign Host and Origin headers (DNS rebinding), other paths and methods', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await raw(http.port, { headers: { ...auth, host: `evil.example:${http.port}` } })).status).toBe(403);
    expect((await raw(http.port, { headers: { ...auth, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await raw(http.port, { headers: { ...auth, origin: `http://localhost:${http.port}` } })).status).toBe(200);
    expect((await raw(http.port, { headers: auth, path: '/other' })).status).toBe(404);
    const get = await raw(http.port, { headers: auth, method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers['allow']).toBe('POST');
  });

  it('needs a token of at least 16 characters', async () => {
    await expect(startMcpHttp({ mcp: new WikiMcp({ wiki }), port: 0, token: 'short' })).rejects.toBeInstanceOf(UsageError);
  });
});
