#!/usr/bin/env node
// Conformance run of `wikikit mcp` with the official MCP Inspector CLI (a client we did not
// write), over stdio and over Streamable HTTP, against an in-process sandbox.
//
//   npm run build && node scripts/mcp-inspector-check.mjs
//
// The Inspector needs Node >= 22.19 (its `engines`), so CI runs this in the Node 24 step.
// It is fetched from the registry with npx at a pinned version and is never a dependency.
// Prints one line per check and "N passed, N failed"; exits 1 on any failure.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'dist/bin/wikikit.js');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`mcp-inspector-check: the MCP Inspector needs Node >= 22.19; this is ${process.version}. Run it under Node 24 (CI does).`);
  process.exit(2);
}
if (!existsSync(bin)) {
  console.error('mcp-inspector-check: dist/ is missing; run `npm run build` first');
  process.exit(2);
}

const { startSandbox } = await import(join(root, 'dist/sandbox/index.js'));
const wikiToken = `inspector-canary-${Math.random().toString(36).slice(2)}-${Date.now()}`;
const sandbox = await startSandbox({ port: 0, quiet: true, token: wikiToken });
const serverEnv = { WIKIKIT_URL: sandbox.url, WIKIKIT_TOKEN: wikiToken, WIKIKIT_CONFIG: '/nonexistent/wikikit.json', HOME: '/nonexistent-home' };

function inspector(args) {
  return new Promise((resolve) => {
    execFile('npx', ['-y', INSPECTOR, '--cli', ...args], { cwd: root, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Inspector over stdio, spawning the built binary with `mcpArgs`. */
function stdio(mcpArgs, method, extra = []) {
  const env = Object.entries(serverEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return inspector([...env, process.execPath, bin, 'mcp', ...mcpArgs, '--method', method, ...extra]);
}

let passed = 0;
let failed = 0;
async function check(name, run) {
  try {
    await run();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
/** `expected`: the Inspector's exit code (5 = the tool answered with isError). */
function json(result, expected = 0) {
  assert(result.code === expected, `inspector exited ${result.code}: ${result.stderr.slice(0, 500)}${result.stdout.slice(0, 500)}`);
  assert(!result.stdout.includes(wikiToken) && !result.stderr.includes(wikiToken), 'the wiki token leaked into the output');
  return JSON.parse(result.stdout);
}
const toolJson = (result) => JSON.parse(result.content[0].text);

try {
  await check('stdio: tools/list passes the Inspector --strict schema portability check', async () => {
    const listed = json(await stdio([], 'tools/list', ['--strict']));
    const names = listed.tools.map((t) => t.name);
    for (const name of ['search', 'grep', 'read_page', 'list_pages', 'tree', 'history', 'diff', 'create_page', 'update_page', 'move_page', 'replace_plan', 'replace_apply', 'upload_asset', 'delete_page']) {
      assert(names.includes(name), `tool ${name} missing`);
    }
  });
  let revision;
  await check('stdio: create_page then read_page', async () => {
    const created = toolJson(json(await stdio([], 'tools/call', ['--tool-name', 'create_page', '--tool-arg', 'path=inspector/page', 'content=# Inspector'])));
    assert(created.action === 'created', `create_page said ${JSON.stringify(created)}`);
    revision = created.revision;
    const read = json(await stdio([], 'tools/call', ['--tool-name', 'read_page', '--tool-arg', 'path=inspector/page']));
    assert(read.content[1].text === '# Inspector', 'read_page content differs');
  });
  await check('stdio: a stale update_page is an isError conflict result', async () => {
    await new Promise((r) => setTimeout(r, 10));
    json(await stdio([], 'tools/call', ['--tool-name', 'update_page', '--tool-arg', 'path=inspector/page', `base_revision=${revision}`, 'content=v2']));
    const stale = json(await stdio([], 'tools/call', ['--tool-name', 'update_page', '--tool-arg', 'path=inspector/page', `base_revision=${revision}`, 'content=v3']), 5);
    assert(stale.isError === true && toolJson(stale).error.category === 'conflict', `expected a conflict, got ${JSON.stringify(stale)}`);
  });
  await check('stdio: resources/templates/list and resources/read wiki://PATH', async () => {
    const templates = json(await stdio([], 'resources/templates/list'));
    assert(templates.resourceTemplates.some((t) => t.uriTemplate === 'wiki://{+path}'), 'no wiki:// template');
    const read = json(await stdio([], 'resources/read', ['--uri', 'wiki://inspector/page']));
    assert(read.contents[0].mimeType === 'text/markdown' && read.contents[0].text === 'v2', `resource read gave ${JSON.stringify(read)}`);
  });
  await check('stdio: --read-only lists no write tool', async () => {
    const listed = json(await stdio(['--read-only'], 'tools/list'));
    assert(!listed.tools.some((t) => t.annotations?.readOnlyHint !== true), 'a tool that is not read-only is listed');
  });

  const mcpToken = `inspector-mcp-token-${Date.now()}`;
  const child = spawn(process.execPath, [bin, 'mcp', '--http', '0'], { env: { ...serverEnv, PATH: process.env.PATH, WIKIKIT_MCP_TOKEN: mcpToken }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${text}`)), 20_000);
      child.stderr.setEncoding('utf8').on('data', (chunk) => {
        text += chunk;
        const match = /MCP endpoint \(Streamable HTTP\): (\S+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    await check('http: tools/list and tools/call with the bearer token', async () => {
      const listed = json(await inspector([url, '--transport', 'http', '--header', `Authorization: Bearer ${mcpToken}`, '--method', 'tools/list']));
      assert(listed.tools.length === 14, `expected 14 tools, got ${listed.tools.length}`);
      const pages = toolJson(json(await inspector([url, '--transport', 'http', '--header', `Authorization: Bearer ${mcpToken}`, '--method', 'tools/call', '--tool-name', 'list_pages'])));
      assert(pages.pages.some((p) => p.path === 'inspector/page'), 'list_pages misses the page');
    });
    await check('http: without the token the Inspector cannot connect', async () => {
      const refused = await inspector([url, '--transport', 'http', '--method', 'tools/list']);
      assert(refused.code !== 0, 'connected without a token');
    });
  } finally {
    child.kill('SIGINT');
  }
} finally {
  await sandbox.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
