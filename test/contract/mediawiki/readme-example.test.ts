/**
 * Issue 15 item 2: the README's library example (kept identical to the README by
 * test/types/readme.test.ts) is RUN, not only type-checked: its Wiki.js half against a fresh
 * sandbox, its MediaWiki half against the real MediaWiki. It once threw on its third line (a
 * stale `expectedUpdatedAt`, now `expectedRevision`), which type-checking could never see.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { readmeExample } from '../../types/readme-example.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';

const mw = mediaWikiEnv();

describe.skipIf(!mw)('README library example', () => {
  const e = mw!;
  let sandbox: Sandbox;
  const saved: Record<string, string | undefined> = {};
  const env = (): Record<string, string> => ({ WIKIJS_URL: sandbox.url, WIKIJS_TOKEN: sandbox.token, MW_API_URL: e.apiUrl, MW_USERNAME: e.username, MW_PASSWORD: e.password });

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    for (const [name, value] of Object.entries(env())) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    // The example fixes a typo on the page "Sandbox": make sure there is one to fix.
    await using client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
    await client.edit({ title: 'Sandbox', text: 'This is teh sandbox.', summary: 'readme example test' });
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await sandbox.close();
  });

  it('runs to the end and does what its comments say', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await readmeExample();
    const lines = log.mock.calls.map((args) => args.map(String).join(' '));
    log.mockRestore();
    // getMany: the renamed page comes back first.
    expect(lines[0]).toBe('Hello, world');
    // The guarded update went through: the page holds the new content (and kept its title).
    const { WikiJsClient } = await import('../../../src/index.js');
    await using wiki = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
    const page = await wiki.asWiki().get('docs/hello');
    expect(page).toMatchObject({ title: 'Hello, world', content: 'new' });
    // The MediaWiki half: the typo was fixed, and the listing ran.
    await using client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
    expect((await client.asWiki().get('Sandbox'))?.content).toBe('This is the sandbox.');
    expect(lines).toContain('Sandbox');
    // The page model half: the listing, and the stale write refused without overwriting.
    expect(lines.some((l) => l.startsWith('docs/hello '))).toBe(true);
    expect(lines.at(-1)).toBe('changed on the wiki since; nothing overwritten');
  }, 120_000);
});
