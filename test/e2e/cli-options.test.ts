// Issue 15 items 1, 6 and 9: global options work before and after the command (and a misread
// command line is never a silent exit 0), retries are shown on stderr and --timeout bounds the
// whole call, and one option has one name across commands (old names still accepted, unlisted).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, pageContent, wikikit, writeTree } from './bin.js';

let target: WikiJsTarget;
let root: string;
let config: Record<string, string>;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  target = await wikiJsTarget();
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-options-'));
  const file = join(root, 'config.json');
  await writeFile(file, JSON.stringify({ version: 1, profiles: { sb: { kind: 'wikijs', url: target.url, token: target.token } } }));
  config = { WIKIKIT_CONFIG: file };
  const seed = await wikikit(['-p', 'sb', 'pages', 'put', `opts-${run}/seed`, '-', '--title', 'Seed'], config, { stdin: 'Wikijs is great\n' });
  expect(seed.code, seed.stderr).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await target.close();
});

const paths = (stdout: string): unknown[] => ndjson(stdout).filter((e) => e['type'] === 'page').map((e) => e['path']);

describe('global options before and after the command (item 1)', () => {
  it.each([
    [['-p', 'sb', 'pages', 'ls', '--json']],
    [['pages', 'ls', '-p', 'sb', '--json']],
    [['pages', '-p', 'sb', 'ls', '--json']],
    [['--profile', 'sb', 'pages', 'ls', '--json']],
    [['--profile=sb', '--json', 'pages', 'ls']],
    [['-psb', 'pages', 'ls', '--json']],
    [['-qp', 'sb', 'pages', 'ls', '--json']],
    [['--timeout', '30', '-p', 'sb', '--concurrency', '2', 'pages', 'ls', '--json']],
    [['pages', 'ls', '--json', '--timeout', '30', '--profile', 'sb']],
  ])('%j lists the pages of profile sb', async (argv) => {
    const result = await wikikit(argv, config);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(result.stdout)).toContain(`opts-${run}/seed`);
  }, 30_000);

  it('-p NAME before `sync push` really pushes', async () => {
    const dir = await writeTree(root, 'push', { 'a.md': '---\ntitle: A\n---\n\nalpha\n' });
    const result = await wikikit(['-p', 'sb', 'sync', 'push', dir, '--prefix', `opts-${run}/pushed`, '--json'], config);
    expect(result.code, result.stderr).toBe(0);
    expect(ndjson(result.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ applied: 1 });
    expect(await pageContent(`opts-${run}/pushed/a`, { ...config, WIKIKIT_PROFILE: 'sb' })).toContain('alpha');
  }, 60_000);

  it('-p NAME before `doctor` checks that profile', async () => {
    const result = await wikikit(['-p', 'sb', 'doctor'], config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(target.url);
  }, 30_000);

  it.each([
    [['-p', 'nope', 'pages', 'ls'], /no profile "nope"/],
    [['--bogus', 'pages', 'ls'], /unknown option '--bogus'/],
    [['pages', 'ls', '--bogus'], /unknown option '--bogus'/],
    [['-p', 'sb', 'pages', 'ls', '-x'], /unknown option '-x'/],
    [['--prefix', 'x', 'pages', 'ls'], /unknown option '--prefix'/],
    [['-p'], /argument missing/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const result = await wikikit(argv, config);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
  }, 30_000);
});

/** A local server whose every request is counted and answered by `handle` (or never). */
async function server(handle: ((res: import('node:http').ServerResponse) => void) | undefined): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const srv: Server = createServer((req, res) => {
    requests++;
    req.resume();
    handle?.(res);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((srv.address() as AddressInfo).port)}`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

describe('retries are shown, --timeout bounds the whole call (item 6)', () => {
  it('each retry of a failing read is announced on stderr, and -q hides it', async () => {
    const busy = await server((res) => res.writeHead(503).end('busy'));
    try {
      const env = { WIKIKIT_URL: busy.url, WIKIKIT_TOKEN: 'some-token' };
      const loud = await wikikit(['pages', 'ls'], env);
      expect(loud.code).not.toBe(0);
      const retries = loud.stderr.split('\n').filter((l) => /^retrying \S+ in \d+(\.\d)? s \(HTTP 503\)$/.test(l));
      // Wiki.js detection probes /graphql and /_graphql at once: 3 retries each.
      expect(retries.length, loud.stderr).toBe(6);
      const quiet = await wikikit(['-q', 'pages', 'ls'], env);
      expect(quiet.code).toBe(loud.code);
      expect(quiet.stderr).not.toContain('retrying');
    } finally {
      await busy.close();
    }
  }, 60_000);

  it('--timeout 2 against a server that never answers gives up after 2 s in all (one attempt, exit 5)', async () => {
    const silent = await server(undefined);
    try {
      const started = Date.now();
      const result = await wikikit(['--timeout', '2', 'pages', 'ls'], { WIKIKIT_URL: silent.url, WIKIKIT_TOKEN: 'some-token' });
      const elapsed = Date.now() - started;
      expect(result.code, result.stderr).toBe(5);
      expect(result.stderr).toMatch(/timed out after 2000 ms/);
      // The old per-attempt meaning sent 4 attempts to each of the two detection probes (about
      // 9.5 s); the whole call is now 2 s: one attempt per probe.
      expect(silent.requests()).toBe(2);
      expect(elapsed).toBeLessThan(9_000);
    } finally {
      await silent.close();
    }
  }, 60_000);
});

describe('one name per option (item 9)', () => {
  it('replace and grep take --prefix; --path-prefix still works but is not listed', async () => {
    const prefix = `opts-${run}`;
    const dry = await wikikit(['-p', 'sb', 'replace', 'Wikijs', 'Wiki.js', '--prefix', prefix, '--dry-run', '--json'], config);
    expect(dry.code, dry.stderr).toBe(0);
    expect(ndjson(dry.stdout).filter((e) => e['type'] === 'change').map((e) => e['path'])).toEqual([`${prefix}/seed`]);
    const outside = await wikikit(['-p', 'sb', 'replace', 'Wikijs', 'Wiki.js', '--prefix', `${prefix}-elsewhere`, '--dry-run', '--json'], config);
    expect(ndjson(outside.stdout).filter((e) => e['type'] === 'change')).toEqual([]);
    const old = await wikikit(['-p', 'sb', 'replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix, '--dry-run', '--json'], config);
    expect(old.code, old.stderr).toBe(0);
    expect(ndjson(old.stdout).filter((e) => e['type'] === 'change').map((e) => e['path'])).toEqual([`${prefix}/seed`]);
    const grep = await wikikit(['-p', 'sb', 'grep', 'Wikijs', '--prefix', prefix, '-l'], config);
    expect(grep.code, grep.stderr).toBe(0);
    expect(grep.stdout).toContain(`${prefix}/seed`);
    for (const command of ['replace', 'grep']) {
      const help = await wikikit([command, '--help'], {});
      expect(help.stdout).toContain('--prefix <path>');
      expect(help.stdout).not.toContain('--path-prefix');
    }
  }, 60_000);

  it('migrate names its asset option --with-assets like export; --with-files is a hidden alias', async () => {
    const help = await wikikit(['migrate', '--help'], {});
    expect(help.stdout).toContain('--with-assets');
    expect(help.stdout).not.toContain('--with-files');
    const exportHelp = await wikikit(['export', '--help'], {});
    expect(exportHelp.stdout).toContain('--with-assets');
  }, 30_000);
});
