import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  HttpError,
  NetworkError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  TimeoutError,
  UsageError,
  ValidationError,
} from '../../src/errors.js';
import { FakeWiki } from './fake-wiki.js';
import { ndjson, run } from './capture.js';

const TOKEN = 'planted-secret-token-9f8e7d6c5b4a';
const ENV = { WIKIKIT_URL: 'http://wiki.test', WIKIKIT_TOKEN: TOKEN, WIKIKIT_CONFIG: '/nonexistent/wikikit.json' };

function withWiki(wiki: FakeWiki) {
  return { env: ENV, wikiFactory: async () => wiki };
}

describe('wikikit --version / usage', () => {
  it('prints the package version and exits 0', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const result = await run(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it.each([
    [['nope']],
    [['pages', 'ls', '--bogus']],
    [['--concurrency', '0', 'pages', 'ls']],
    [['pages', 'get']],
    [['sync', 'push']],
  ])('usage error %j exits 2', async (argv) => {
    const result = await run(argv, { env: ENV });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error/i);
  });

  it('a missing configuration is a usage error that says what to do', async () => {
    const result = await run(['pages', 'ls'], { env: { WIKIKIT_CONFIG: '/nonexistent/x.json' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('wikikit config add');
  });
});

describe('exit codes per error category', () => {
  const wiki = { wiki: 'wikijs-v2' as const, code: 'x' };
  it.each([
    ['auth', new AuthError('bad key', wiki), 4],
    ['permission', new PermissionError('forbidden', wiki), 4],
    ['conflict', new ConflictError('stale', wiki), 3],
    ['network', new NetworkError('connection refused'), 5],
    ['timeout', new TimeoutError('too slow', { phase: 'attempt', timeoutMs: 10 }), 5],
    ['rate-limit', new RateLimitError('slow down', wiki), 5],
    ['not-found', new NotFoundError('gone', wiki), 1],
    ['http', new HttpError('502 from proxy', { status: 502 }), 1],
    ['validation', new ValidationError('empty content', wiki), 2],
    ['usage', new UsageError('bad input'), 2],
  ])('%s → %i', async (_name, error, code) => {
    const fake = new FakeWiki();
    fake.failWith = error;
    const result = await run(['pages', 'ls'], withWiki(fake));
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(error.message);
    expect(fake.closed).toBe(true);
  });

  it('an unexpected exception exits 70 and asks to report it', async () => {
    const fake = new FakeWiki();
    fake.failWith = new TypeError('cannot read properties of undefined');
    const result = await run(['pages', 'ls'], withWiki(fake));
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('please report');
    expect(result.stderr).not.toContain(process.cwd());
  });
});

describe('--json', () => {
  it('prints valid NDJSON, one event per line', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', '# A');
    fake.seed('docs/b', '# B', { tags: ['x'] });
    const result = await run(['pages', 'ls', '--json'], withWiki(fake));
    expect(result.code).toBe(0);
    const events = ndjson(result.stdout);
    expect(events.map((e) => [e['type'], e['path']])).toEqual([
      ['page', 'docs/a'],
      ['page', 'docs/b'],
    ]);
  });

  it.each([
    [['pages', 'ls'], 'page'],
    [['pages', 'get', 'docs/a'], 'page'],
    [['pages', 'search', 'a'], 'page'],
    [['tags', 'ls'], 'tag'],
    [['grep', 'body'], 'match'],
    [['pages', 'put', 'docs/new', '-'], 'page'],
    [['pages', 'mv', 'docs/b', 'docs/c'], 'page'],
    [['pages', 'rm', 'docs/a', '--yes'], 'page'],
  ])('%j prints only NDJSON events on stdout', async (argv, type) => {
    const fake = new FakeWiki();
    fake.seed('docs/a', '# A\n\nbody', { tags: ['x'] });
    fake.seed('docs/b', '# B');
    const result = await run([...argv, '--json'], { ...withWiki(fake), stdin: 'new page\n' });
    expect(result.code, result.stderr).toBe(0);
    const events = ndjson(result.stdout);
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e['type'])).toContain(type);
  });

  it('renders errors through toJSON() as an error event', async () => {
    const fake = new FakeWiki();
    fake.failWith = new AuthError('Wiki.js pages.list failed: Unauthorized', { wiki: 'wikijs-v2', code: 'Unauthorized' });
    const result = await run(['--json', 'pages', 'ls'], withWiki(fake));
    expect(result.code).toBe(4);
    const [event] = ndjson(result.stdout);
    expect(event).toEqual({ type: 'error', error: expect.objectContaining({ name: 'AuthError', category: 'auth', code: 'Unauthorized' }) });
  });

  it('usage errors are NDJSON too', async () => {
    const result = await run(['pages', 'ls', '--json', '--bogus'], { env: ENV });
    expect(result.code).toBe(2);
    expect(ndjson(result.stdout)[0]).toMatchObject({ type: 'error', error: { category: 'usage' } });
  });

  it('page get --json carries the whole page', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', '# Alpha\n\nbody', { title: 'Alpha', tags: ['t1'] });
    const result = await run(['pages', 'get', 'docs/a', '--json'], withWiki(fake));
    expect(ndjson(result.stdout)).toEqual([expect.objectContaining({ type: 'page', path: 'docs/a', title: 'Alpha', content: '# Alpha\n\nbody', tags: ['t1'] })]);
  });
});

describe('pages', () => {
  it('get prints Markdown with front matter', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', '# Alpha', { title: 'Alpha', description: 'first', tags: ['x'] });
    const result = await run(['pages', 'get', 'docs/a'], withWiki(fake));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^---\ntitle: Alpha\ndescription: first\ntags:\n {2}- x\n/);
    expect(result.stdout).toContain('# Alpha');
  });

  it('get of a missing page exits 1', async () => {
    const result = await run(['pages', 'get', 'nope'], withWiki(new FakeWiki()));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"nope" does not exist');
  });

  it('put --dry-run prints a unified diff and writes nothing', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', 'old line\n');
    const result = await run(['pages', 'put', 'docs/a', '-', '--dry-run'], { ...withWiki(fake), stdin: 'new line\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('-old line');
    expect(result.stdout).toContain('+new line');
    expect(fake.writes).toBe(0);
    expect(fake.pages.get('docs/a')?.content).toBe('old line\n');
  });

  it('put with a stale --expect-revision prints the diff and exits 3', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', 'theirs\n');
    const result = await run(['pages', 'put', 'docs/a', '-', '--expect-revision', '2000-01-01T00:00:00.000Z'], { ...withWiki(fake), stdin: 'mine\n' });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('-theirs');
    expect(result.stdout).toContain('+mine');
    expect(fake.pages.get('docs/a')?.content).toBe('theirs\n');
  });

  it('put creates a page from stdin with front matter', async () => {
    const fake = new FakeWiki();
    const result = await run(['pages', 'put', 'docs/new', '-'], { ...withWiki(fake), stdin: '---\ntitle: New one\n---\n\n# Hello\n' });
    expect(result.code).toBe(0);
    expect(fake.pages.get('docs/new')).toMatchObject({ title: 'New one', content: '# Hello\n' });
  });

  it('rm without a terminal refuses unless --yes', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/a', 'x');
    const refused = await run(['pages', 'rm', 'docs/a'], withWiki(fake));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(fake.pages.has('docs/a')).toBe(true);
    const done = await run(['pages', 'rm', 'docs/a', '--yes'], withWiki(fake));
    expect(done.code).toBe(0);
    expect(fake.pages.has('docs/a')).toBe(false);
  });
});

describe('secrets never reach output', () => {
  it('a token inside an error message is scrubbed from stderr and --json', async () => {
    const fake = new FakeWiki();
    fake.failWith = new AuthError(`server echoed Authorization: Bearer ${TOKEN}`, { wiki: 'wikijs-v2', code: 'x' });
    for (const argv of [['pages', 'ls'], ['pages', 'ls', '--json'], ['pages', 'ls', '--verbose']]) {
      const result = await run(argv, withWiki(fake));
      expect(result.code).toBe(4);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
      expect(result.stdout + result.stderr).toContain('[REDACTED]');
    }
  });

  it('page content that happens to contain the token is scrubbed too', async () => {
    const fake = new FakeWiki();
    fake.seed('docs/leak', `oops ${TOKEN}`);
    const result = await run(['pages', 'get', 'docs/leak', '--body'], withWiki(fake));
    expect(result.stdout).not.toContain(TOKEN);
  });
});

describe('colour', () => {
  const ESC = '\u001b[';
  // stdout/stderr are terminals; stdin is a pipe carrying the new content.
  const TERMINAL = { stdout: true, stderr: true, stdin: false };
  async function diffOutput(env: Record<string, string>, tty: boolean | typeof TERMINAL): Promise<string> {
    const fake = new FakeWiki();
    fake.seed('docs/a', 'old\n');
    const result = await run(['pages', 'put', 'docs/a', '-', '--dry-run'], { env: { ...ENV, ...env }, wikiFactory: async () => fake, stdin: 'new\n', tty });
    expect(result.code).toBe(0);
    return result.stdout + result.stderr;
  }
  it('is used on a terminal', async () => {
    expect(await diffOutput({}, TERMINAL)).toContain(`${ESC}32m+new`);
  });
  it('is not used when output is not a terminal', async () => {
    expect(await diffOutput({}, false)).not.toContain(ESC);
  });
  it('is never used with NO_COLOR, even on a terminal', async () => {
    expect(await diffOutput({ NO_COLOR: '1' }, TERMINAL)).not.toContain(ESC);
  });
});
