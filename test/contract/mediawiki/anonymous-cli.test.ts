/**
 * Issue 15 "Also", against the real MediaWiki with the BUILT binary: a public wiki is read
 * without any credentials (writes are refused before a request, never made logged out), and
 * `doctor` reports a bot password that cannot delete, naming the right to tick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { assertBuilt, ndjson, wikikit } from '../../e2e/bin.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';

const mw = mediaWikiEnv();
const title = `Wkanon ${Date.now().toString(36)}/Public page`;

describe.skipIf(!mw)('wikikit against the real MediaWiki without credentials', () => {
  const e = mw!;
  const anonymous = { WIKIKIT_URL: e.apiUrl };
  const admin = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });

  beforeAll(async () => {
    assertBuilt();
    await admin.edit({ title, text: 'Readable by anyone.', summary: 'anonymous read test' });
  });
  afterAll(async () => {
    await admin.close();
  });

  it('reads pages (get, ls, history) with no username or password', async () => {
    const get = await wikikit(['pages', 'get', title, '--body'], anonymous);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toContain('Readable by anyone.');
    const ls = await wikikit(['pages', 'ls', '--prefix', title.split('/')[0] ?? '', '--json'], anonymous);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ndjson(ls.stdout).map((p) => p['path'])).toContain(title);
    const history = await wikikit(['pages', 'history', title, '--json'], anonymous);
    expect(history.code, history.stderr).toBe(0);
    expect(ndjson(history.stdout).length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a write without credentials, before anything is sent', async () => {
    const put = await wikikit(['pages', 'put', title, '-'], anonymous, { stdin: 'vandalism\n' });
    expect(put.code).toBe(2);
    expect(put.stderr).toContain('needs a bot password: set WIKIKIT_USERNAME and WIKIKIT_PASSWORD');
    expect((await admin.asWiki().get(title))?.content).toBe('Readable by anyone.');
  }, 60_000);

  it('doctor says it reads anonymously (exit 0)', async () => {
    const doctor = await wikikit(['doctor'], anonymous);
    expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    expect(doctor.stdout).toContain('reading anonymously');
  }, 60_000);

  it('doctor reports a bot password without the delete right (exit 4), and passes one with it', async () => {
    const limited = await wikikit(['doctor'], { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username2, WIKIKIT_PASSWORD: e.password2 });
    expect(limited.code, limited.stdout).toBe(4);
    expect(limited.stdout).toMatch(/✗ permissions: \S+ lacks the "delete" right: tick "Delete pages/);
    expect(limited.stderr).not.toContain('everything looks fine');
    const full = await wikikit(['doctor'], { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: e.password });
    expect(full.code, full.stdout).toBe(0);
    expect(full.stdout).toContain('may edit, move and delete pages');
  }, 60_000);

  it('doctor names WIKIKIT_PASSWORD when the refused bot password came from the environment', async () => {
    const bad = await wikikit(['doctor'], { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: '0123456789abcdef0123456789abcdef' });
    expect(bad.code).toBe(4);
    expect(bad.stdout).toContain('the bot password in WIKIKIT_PASSWORD');
  }, 60_000);
});
