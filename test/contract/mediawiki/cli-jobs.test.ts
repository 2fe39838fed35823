/**
 * The BUILT `wikikit` binary against the real MediaWiki, configured the way a user would:
 * WIKIKIT_URL = the api.php URL, WIKIKIT_USERNAME / WIKIKIT_PASSWORD = a bot password.
 * Titles carry a per-run prefix with spaces (MediaWiki titles are not kebab paths).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { assertBuilt, ndjson, pageContent, wikikit, writeTree } from '../../e2e/bin.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';

const mw = mediaWikiEnv();
const run = `Wkcli ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

describe.skipIf(!mw)('wikikit CLI (built binary) against the real MediaWiki', () => {
  const e = mw!;
  const env = { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: e.password };
  /** The second account, editing "on the wiki" behind the CLI's back. */
  const other = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username2, password: e.password2 });
  let root: string;

  beforeAll(async () => {
    assertBuilt();
    root = await mkdtemp(join(tmpdir(), 'wikikit-mw-cli-'));
  });
  afterAll(async () => {
    await other.close();
    await rm(root, { recursive: true, force: true });
  });

  const folder = (name: string, files: Record<string, string>): Promise<string> => writeTree(root, name, files);
  const content = (title: string): Promise<string | undefined> => pageContent(title, env);

  const summary = (stdout: string): Record<string, unknown> | undefined => ndjson(stdout).find((x) => x['type'] === 'summary');

  it('pages put/get/ls/history/search, and doctor', async () => {
    const title = `${run}/Pages/First page`;
    const word = `zq${Date.now().toString(36)}`;
    const put = await wikikit(['pages', 'put', title, '-', '--tag', 'Wkcli'], env, { stdin: `Hello '''world''' ${word}\n` });
    expect(put.code, put.stderr).toBe(0);
    expect(put.stdout).toContain(`created ${title}`);

    const got = await wikikit(['pages', 'get', title], env);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain(`Hello '''world''' ${word}`);
    expect(got.stdout).toMatch(/tags:\s*\n\s*- Wkcli/);

    // A second edit, so history has two revisions; the title given with underscores.
    const edit = await wikikit(['pages', 'put', title.replace(/ /g, '_'), '-'], env, { stdin: `Second ${word}\n[[Category:Wkcli]]\n` });
    expect(edit.code, edit.stderr).toBe(0);
    expect(edit.stdout).toContain('updated');

    const ls = await wikikit(['pages', 'ls', '--prefix', `${run}/Pages`, '--json'], env);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ndjson(ls.stdout).map((p) => p['path'])).toEqual([title]);

    const history = await wikikit(['pages', 'history', title, '--json'], env);
    expect(history.code, history.stderr).toBe(0);
    expect(ndjson(history.stdout)).toHaveLength(2);

    // The stock search engine indexes titles at once and bodies through the job queue.
    const search = await wikikit(['pages', 'search', run.split(' ')[1] ?? run, '--json'], env);
    expect(search.code, search.stderr).toBe(0);
    expect(ndjson(search.stdout).map((p) => p['path'])).toContain(title);

    const doctor = await wikikit(['doctor', '--json'], env);
    expect(doctor.code, doctor.stderr).toBe(0);
    const checks = ndjson(doctor.stdout);
    expect(checks.map((c) => c['name'])).toEqual(['config', 'reachable', 'read pages', 'login', 'server', 'permissions']);
    expect(checks.every((c) => c['ok'] === true)).toBe(true);
    expect(String(checks.find((c) => c['name'] === 'server')?.['detail'])).toMatch(/MediaWiki 1\./);

    const bad = await wikikit(['doctor'], { ...env, WIKIKIT_PASSWORD: `${e.password}x` });
    expect(bad.code).toBe(4);
    expect(bad.stdout + bad.stderr).toMatch(/the bot password in WIKIKIT_PASSWORD for \S+ was refused/);
    expect(bad.stdout + bad.stderr).not.toContain(e.password);
  }, 120_000);

  it('sync push, a no-change re-push with zero writes, and pull into a new folder', async () => {
    const prefix = `${run}/Sync`;
    const dir = await folder('sync', {
      'Intro.wiki': "---\ntitle: Intro\n---\n\n'''Intro''' page\n",
      'two words.wiki': 'Two words\n',
      'under_score.wiki': 'Underscored file name\n',
      'Sub/Deep page.wiki': '== Deep ==\ntext\n',
    });
    const first = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first.stdout)).toMatchObject({ applied: 4, failed: 0, actions: { created: 4 } });
    expect(await content(`${prefix}/under score`)).toContain('Underscored file name');
    expect(await content(`${prefix}/Sub/Deep page`)).toContain('== Deep ==');

    const second = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(ndjson(second.stdout).filter((x) => x['type'] === 'change' || x['type'] === 'conflict')).toEqual([]);
    expect(summary(second.stdout)).toMatchObject({ applied: 0, failed: 0, conflicts: 0 });

    // The prefix spelt with a lower-case first letter and underscores names the same pages.
    const spelt = `w${prefix.slice(1).replace(/ /g, '_')}`;
    const third = await wikikit(['sync', 'push', dir, '--prefix', spelt, '--json'], env);
    expect(third.code, third.stderr).toBe(0);
    expect(summary(third.stdout)).toMatchObject({ applied: 0, failed: 0, conflicts: 0 });

    // A Markdown file would be stored as wikitext unconverted: refused with the fix named.
    await writeFile(join(dir, 'notes.md'), '# Markdown is not wikitext\n');
    const md = await wikikit(['sync', 'push', dir, '--prefix', prefix], env);
    expect(md.code).toBe(1);
    expect(md.stderr).toContain('name the file "notes.wiki"');
    expect(await content(`${prefix}/notes`)).toBeUndefined();
    await rm(join(dir, 'notes.md'));

    const dest = join(root, 'sync-pulled', 'fresh');
    const pull = await wikikit(['sync', 'pull', dest, '--prefix', prefix], env);
    expect(pull.code, pull.stderr).toBe(0);
    expect(await readFile(join(dest, 'two words.wiki'), 'utf8')).toContain('Two words');
    expect(await readFile(join(dest, 'Sub', 'Deep page.wiki'), 'utf8')).toContain('== Deep ==');
    expect(await readFile(join(dest, 'under score.wiki'), 'utf8')).toContain('Underscored');
  }, 180_000);

  it('a namespace prefix (Help:…) syncs and re-syncs with zero writes', async () => {
    const prefix = `Help:${run}`;
    const dir = await folder('help', { 'Usage.wiki': 'How to use it\n' });
    const first = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(summary(first.stdout)).toMatchObject({ applied: 1, failed: 0 });
    expect(await content(`${prefix}/Usage`)).toContain('How to use it');
    const second = await wikikit(['sync', 'push', dir, '--prefix', prefix.replace('Help:', 'help:'), '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(summary(second.stdout)).toMatchObject({ applied: 0, failed: 0, conflicts: 0 });
  }, 120_000);

  it('conflicts both ways: a page edited by another account (push exits 3), a local edit (pull exits 3); dry run changes nothing', async () => {
    const prefix = `${run}/Conflict`;
    const dir = await folder('conflict', { 'A.wiki': 'base text\n', 'B.wiki': 'b base\n' });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);

    // Another account edits A on the wiki; we edit A locally.
    await other.asWiki().put({ path: `${prefix}/A`, content: 'edited on the wiki by Tester\n' });
    await writeFile(join(dir, 'A.wiki'), 'edited locally\n');
    const push = await wikikit(['sync', 'push', dir, '--prefix', prefix], env);
    expect(push.code, push.stderr).toBe(3);
    expect(push.stdout).toContain('conflict');
    expect(push.stdout).toContain('-edited on the wiki by Tester');
    expect(push.stdout).toContain('+edited locally');
    expect(await content(`${prefix}/A`)).toContain('edited on the wiki by Tester');

    // Pull the other way: the local edit is never overwritten.
    const pull = await wikikit(['sync', 'pull', dir, '--prefix', prefix], env);
    expect(pull.code).toBe(3);
    expect(pull.stdout).toContain('-edited locally');
    expect(pull.stdout).toContain('+edited on the wiki by Tester');
    expect(await readFile(join(dir, 'A.wiki'), 'utf8')).toBe('edited locally\n');

    // Dry run of a real change: diff printed, nothing written on either side.
    await writeFile(join(dir, 'B.wiki'), 'b changed\n');
    const state = await readFile(join(dir, '.wikikit-sync.json'), 'utf8');
    const dry = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--dry-run'], env);
    expect(dry.code).toBe(3); // A is still in conflict
    expect(dry.stdout).toContain('+b changed');
    expect(dry.stderr).toContain('nothing was changed');
    expect(await content(`${prefix}/B`)).toBe('b base');
    expect(await readFile(join(dir, '.wikikit-sync.json'), 'utf8')).toBe(state);

    // --force settles the push conflict.
    const forced = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--force', '--json'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await content(`${prefix}/A`)).toBe('edited locally');
    expect(await content(`${prefix}/B`)).toBe('b changed');
  }, 180_000);

  it('export → import into a Wiki.js sandbox: the wikitext pages land as Markdown pages', async () => {
    const prefix = `${run}/Export`;
    const dir = await folder('export-src', {
      'Main page.wiki': "Hello '''bold''' and [[" + `${prefix}/Other page` + "|the other page]].\n[[Category:Exported]]\n",
      'Other page.wiki': '== Section ==\n* one\n* two\n',
    });
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);
    const backup = join(root, 'mw-backup.tar.gz');
    const exported = await wikikit(['export', backup, '--prefix', prefix, '--with-history', '--json'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(summary(exported.stdout)).toMatchObject({ pages: 2, failed: 0 });

    const sandbox: Sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      const sbx = { WIKIKIT_URL: sandbox.url, WIKIKIT_TOKEN: sandbox.token };
      const imported = await wikikit(['import', backup, '--json'], sbx);
      expect(imported.code, imported.stderr).toBe(0);
      expect(summary(imported.stdout)).toMatchObject({ created: 2, failed: 0 });
      const slug = run.toLowerCase().replace(/ /g, '-');
      const listed = ndjson((await wikikit(['pages', 'ls', '--json'], sbx)).stdout).map((p) => p['path']);
      expect(listed.sort()).toEqual([`${slug}/export/main-page`, `${slug}/export/other-page`]);
      const main = ndjson((await wikikit(['pages', 'get', `${slug}/export/main-page`, '--json'], sbx)).stdout)[0];
      expect(main?.['content']).toContain('**bold**');
      expect(main?.['content']).toContain(`(/${slug}/export/other-page)`);
      expect(main?.['tags']).toContain('exported');
      expect(main?.['title']).toBe(`${prefix}/Main page`);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  it('replace across 20 pages: dry run first, then every page changed, conflict-safe', async () => {
    const prefix = `${run}/Replace`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`Page ${String(i).padStart(2, '0')}.wiki`] = `We use Wikijs here (${i}).\n`;
    const dir = await folder('replace', files);
    expect((await wikikit(['sync', 'push', dir, '--prefix', prefix], env)).code).toBe(0);

    const dry = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', `w${prefix.slice(1).replace(/ /g, '_')}`, '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(ndjson(dry.stdout).filter((x) => x['type'] === 'change')).toHaveLength(20);
    expect(await content(`${prefix}/Page 00`)).toContain('Wikijs');

    const done = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix, '--yes', '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(ndjson(done.stdout).find((x) => x['type'] === 'replace')).toEqual({ type: 'replace', matched: 20, changed: 20, skipped: 0, failed: 0 });
    expect(await content(`${prefix}/Page 07`)).toBe('We use Wiki.js here (7).');
    const grep = await wikikit(['grep', 'Wikijs', '--path-prefix', prefix], env);
    expect(grep.code).toBe(1);
  }, 240_000);
});
