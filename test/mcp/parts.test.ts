/** The MCP server's parts on their own: tokens, path scope, results, the write log, URIs, the CLI command. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpError, UsageError } from '../../src/errors.js';
import { pageUri, pathOfUri } from '../../src/mcp/resources.js';
import { errorResult } from '../../src/mcp/results.js';
import { PathScope } from '../../src/mcp/scope.js';
import { TokenStore } from '../../src/mcp/tokens.js';
import { createWriteLog } from '../../src/mcp/write-log.js';
import { run } from '../cli/capture.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';
import { connect } from './helpers.js';

describe('TokenStore', () => {
  it('tokens are random, single use and expire', () => {
    let now = 0;
    const store = new TokenStore<string>('del', { ttlMs: 1000, now: () => now });
    const a = store.issue('a');
    const b = store.issue('a');
    expect(a).toMatch(/^del_[A-Za-z0-9_-]{24}$/);
    expect(a).not.toBe(b);
    expect(store.peek(a)).toBe('a');
    expect(store.take(a)).toBe('a');
    expect(store.take(a)).toBeUndefined();
    now = 1000;
    expect(store.take(b)).toBeUndefined();
  });

  it('keeps at most `max` tokens, dropping the oldest', () => {
    const store = new TokenStore<number>('plan', { max: 2 });
    const first = store.issue(1);
    const second = store.issue(2);
    const third = store.issue(3);
    expect([store.peek(first), store.peek(second), store.peek(third)]).toEqual([undefined, 2, 3]);
  });
});

describe('PathScope', () => {
  it('allows folders, not their look-alike siblings, and namespaces ending in ":"', () => {
    const scope = new PathScope('mediawiki', ['docs/ai', 'File:', '/Help/']);
    expect(scope.allows('Docs/ai/x')).toBe(true); // MediaWiki capitalises the first letter
    expect(scope.allows('docs/ai')).toBe(true);
    expect(scope.allows('docs/aix')).toBe(false);
    expect(scope.allows('File:Logo.png')).toBe(true);
    expect(scope.allows('file:logo.png')).toBe(true);
    expect(scope.allows('Help/page')).toBe(true);
    expect(scope.allows('Main Page')).toBe(false);
    expect(() => scope.assertWritable('Main Page', 'create_page')).toThrow(UsageError);
    expect(new PathScope('wikijs-v2').allows('anything/at/all')).toBe(true);
    expect(() => new PathScope('wikijs-v2', ['/'])).toThrow(UsageError);
    // Wiki.js paths are case-sensitive: no capitalisation there.
    expect(new PathScope('wikijs-v2', ['docs']).allows('Docs/x')).toBe(false);
  });
});

describe('results', () => {
  it('error results carry the category and a next step, and are scrubbed of secrets', () => {
    const secret = 'sk-canary-0123456789';
    const result = errorResult(new HttpError(`proxy said no to ${secret}`, { status: 502, bodyExcerpt: secret }), [secret]);
    const text = JSON.stringify(result);
    expect(result.isError).toBe(true);
    expect(text).not.toContain(secret);
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('"category\\": \\"http\\"');
    const internal = errorResult(new TypeError(`boom ${secret}`), [secret]);
    expect(JSON.stringify(internal)).toMatch(/InternalError/);
    expect(JSON.stringify(internal)).not.toContain(secret);
  });
});

describe('write log', () => {
  it('appends scrubbed JSON lines to a 0600 file and to stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wikikit-mcp-log-'));
    try {
      const file = join(dir, 'log.jsonl');
      const stderr: string[] = [];
      const log = createWriteLog({ file, stderr: { write: (s: string) => stderr.push(s) }, secrets: ['hunter2-secret'], now: () => new Date(0) });
      await Promise.all([
        log.record({ tool: 'create_page', path: 'a', oldRevision: null, newRevision: '1', outcome: 'written' }),
        log.record({ tool: 'update_page', path: 'hunter2-secret', oldRevision: '1', newRevision: null, outcome: 'refused' }),
      ]);
      const lines = (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([
        { time: '1970-01-01T00:00:00.000Z', type: 'write', tool: 'create_page', path: 'a', oldRevision: null, newRevision: '1', outcome: 'written' },
        { time: '1970-01-01T00:00:00.000Z', type: 'write', tool: 'update_page', path: '[REDACTED]', oldRevision: '1', newRevision: null, outcome: 'refused' },
      ]);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(stderr.join('')).not.toContain('hunter2-secret');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('write log failures', () => {
  it('a log file that stops accepting lines never fails the write; it is said on stderr', async () => {
    const stderr: string[] = [];
    const log = createWriteLog({ file: '/nonexistent-dir/log.jsonl', stderr: { write: (s: string) => stderr.push(s) } });
    await expect(log.record({ tool: 'create_page', path: 'a', oldRevision: null, newRevision: '1', outcome: 'written' })).resolves.toBeUndefined();
    expect(stderr.join('')).toMatch(/"tool":"create_page"[\s\S]*could not append to \/nonexistent-dir\/log.jsonl/);
  });
});

describe('resources', () => {
  it('wiki:// URIs round-trip paths with spaces, non-ASCII and reserved characters', () => {
    for (const path of ['docs/intro', 'Main Page', 'Café/Ünïcode page', 'a?b#c/100%']) {
      const uri = pageUri(path);
      expect(uri).not.toMatch(/[ ?#]/);
      expect(pathOfUri(new URL(uri))).toBe(path);
    }
  });
});

describe('over any Wiki (no getById): read_page by id scans the listing', () => {
  it('finds the page, and says not-found for an unknown id', async () => {
    const wiki = new MemoryWiki();
    wiki.seed({ path: 'x/one', content: 'one' });
    const page = wiki.seed({ path: 'x/two', content: 'two' });
    const session = await connect({ wiki });
    try {
      const read = await session.call('read_page', { id: page.id });
      expect(read.text).toBe('two');
      const missing = await session.call('read_page', { id: 'no-such-id' });
      expect(missing.data['error']).toMatchObject({ category: 'not-found' });
      wiki.failOn('x/one', new Error('disk on fire'));
      const failed = await session.call('update_page', { path: 'x/one', base_revision: 'r', content: 'new' });
      expect(failed.isError).toBe(true);
      expect(failed.data['error']).toMatchObject({ category: 'internal', message: 'disk on fire' });
      expect(session.writes.at(-1)).toMatchObject({ tool: 'update_page', outcome: 'failed' });
    } finally {
      await session.close();
    }
  });
});

describe('wikikit mcp (CLI)', () => {
  it('--help lists every option with examples', async () => {
    const result = await run(['mcp', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--read-only', '--allow-paths', '--tools', '--http', '--log-file', 'Examples:']) expect(result.stdout).toContain(option);
  });

  it('refuses a too-short WIKIKIT_MCP_TOKEN and a bad --tools with exit 2', async () => {
    const wiki = new MemoryWiki();
    const env = { WIKIKIT_URL: 'http://wiki.example', WIKIKIT_TOKEN: 'k', WIKIKIT_MCP_TOKEN: 'short' };
    const short = await run(['mcp', '--http', '0'], { env, wikiFactory: () => Promise.resolve(wiki) });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/at least 16 characters/);
    expect(short.stdout).toBe('');
    const bad = await run(['mcp', '--tools', 'most'], { env });
    expect(bad.code).toBe(2);
    const unwritable = await run(['mcp', '--log-file', '/nonexistent-dir/log.jsonl'], { env, wikiFactory: () => Promise.resolve(wiki) });
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/cannot write the log file .*ENOENT/);
  });
});
