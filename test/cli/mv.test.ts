import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryWiki } from '../helpers/memory-wiki.js';
import { ndjson, run } from './capture.js';

let state: string;
let wiki: MemoryWiki;
const env = (): Record<string, string> => ({ WIKIKIT_URL: 'http://wiki.test', WIKIKIT_TOKEN: 't', WIKIKIT_CONFIG: '/nonexistent/wikikit.json', WIKIKIT_STATE_DIR: state });

beforeEach(async () => {
  state = await mkdtemp(join(tmpdir(), 'wikikit-cli-mv-'));
  wiki = new MemoryWiki();
  wiki.seed({ path: 'docs/a', content: '[b](/docs/b)\n' });
  wiki.seed({ path: 'docs/b', content: '[a](/docs/a)\n' });
  wiki.seed({ path: 'index', content: '[a](/docs/a) [b](/docs/b) [gone](/nowhere)\n' });
});
afterEach(async () => {
  await rm(state, { recursive: true, force: true });
});

describe('wikikit mv', () => {
  it('needs OLD and NEW, and --yes without a terminal', async () => {
    expect((await run(['mv', 'docs'], { env: env(), wikiFactory: async () => wiki })).code).toBe(2);
    const refused = await run(['mv', 'docs', 'manual'], { env: env(), wikiFactory: async () => wiki });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect((await run(['mv', '--check', 'a', 'b'], { env: env(), wikiFactory: async () => wiki })).code).toBe(2);
    expect(wiki.writes()).toBe(0);
  });

  it('Ctrl-C exits 130 with the journal kept; the same command resumes and finishes, then cleans up', async () => {
    const controller = new AbortController();
    wiki.onPut = () => controller.abort();
    const first = await run(['mv', 'docs', 'manual', '--yes', '--concurrency', '1'], { env: env(), wikiFactory: async () => wiki, signal: controller.signal });
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toContain('interrupted');
    expect(await readdir(join(state, 'moves'))).toHaveLength(2); // plan + journal
    wiki.onPut = undefined;
    const second = await run(['mv', 'docs', 'manual', '--yes', '--json'], { env: env(), wikiFactory: async () => wiki });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('resuming');
    expect(ndjson(second.stdout).find((e) => e['type'] === 'link-check')).toMatchObject({ broken: 0 });
    expect([...wiki.pages.keys()].sort()).toEqual(['index', 'manual/a', 'manual/b']);
    expect(wiki.pages.get('index')?.page.content).toBe('[a](/manual/a) [b](/manual/b) [gone](/nowhere)\n');
    expect(await readdir(join(state, 'moves'))).toEqual([]);
  });

  it('--check reports every broken link and exits 1', async () => {
    const result = await run(['mv', '--check', '--json'], { env: env(), wikiFactory: async () => wiki });
    expect(result.code).toBe(1);
    expect(ndjson(result.stdout).filter((e) => e['type'] === 'broken-link')).toEqual([
      { type: 'broken-link', path: 'index', locale: 'en', line: 1, link: '/nowhere', target: 'nowhere' },
    ]);
  });
});
