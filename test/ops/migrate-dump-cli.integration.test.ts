/**
 * `wikikit migrate --from-dump FILE` end to end in-process: a gzip dump and a files folder
 * into a Wiki.js sandbox, read back through the client; and the usage errors a user can make.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationReport } from '../../src/ops/migrate/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { run } from '../cli/capture.js';
import { buildDump } from '../helpers/mediawiki-dump.js';
import { solidPng } from '../helpers/png.js';

describe('wikikit migrate --from-dump', () => {
  let dir: string;
  let sandbox: Sandbox;
  let client: WikiJsClient;
  const png = solidPng(5, 5, 99);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wikikit-dump-cli-'));
    sandbox = await startSandbox({ port: 0, quiet: true });
    client = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
    await writeFile(join(dir, 'wiki.xml.gz'), gzipSync(buildDump([
      { title: 'Start', ns: 0, id: 1, revisions: [{ id: 1, text: "'''Hello''' [[Next page]], [[mw:Help:Contents|help]] [[File:Dot.png]]\n[[Category:Greeting]]" }] },
      { title: 'Next page', ns: 0, id: 2, revisions: [{ id: 2, text: 'Back to [[Start]].' }] },
      { title: 'File:Dot.png', ns: 6, id: 3, revisions: [{ id: 3, text: '' }], upload: { filename: 'Dot.png', size: png.byteLength } },
    ])));
    await mkdir(join(dir, 'images'));
    await writeFile(join(dir, 'images', 'Dot.png'), png);
    await writeFile(join(dir, 'interwiki.json'), JSON.stringify({ query: { interwikimap: [{ prefix: 'mw', url: 'https://www.mediawiki.org/wiki/$1' }] } }));
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = (): Record<string, string> => ({ HOME: dir, WIKIKIT_CONFIG: join(dir, 'no-config.json'), WIKIKIT_TOKEN: sandbox.token });

  it('migrates the dump with its files and interwiki map; --resume writes nothing twice', async () => {
    const args = ['--json', 'migrate', '--from-dump', 'wiki.xml.gz', '--files', 'images', '--interwiki', 'interwiki.json', '--to', sandbox.url, '--with-files', '--prefix', 'old'];
    const result = await run(args, { cwd: dir, env: env() });
    expect(result.code, result.stderr).toBe(0);
    const report = (JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { report: MigrationReport }).report;
    expect(report.pages.migrated.map((p) => p.path).sort()).toEqual(['old/next-page', 'old/start']);
    const start = await client.asWiki().get('old/start');
    expect(start?.content).toContain('**Hello** [Next page](/old/next-page), [help](https://www.mediawiki.org/wiki/Help:Contents) ![Dot.png](/migrated-files/dot.png)');
    expect(start?.tags).toEqual(['greeting']);
    const asset = await client.asWiki().downloadAsset?.('/migrated-files/dot.png');
    expect(Buffer.from(asset ?? []).equals(png)).toBe(true);

    const again = await run([...args, '--resume'], { cwd: dir, env: env() });
    expect(again.code, again.stderr).toBe(0);
    const second = (JSON.parse(again.stdout.trim().split('\n').at(-1) ?? '{}') as { report: MigrationReport }).report;
    expect(second.pages.migrated).toEqual([]);
    expect(second.pages.skipped).toHaveLength(2);
  }, 60_000);

  it.each([
    [['migrate', '--to', 'http://127.0.0.1:9'], /exactly one of --from .* or --from-dump/],
    [['migrate', '--from', 'http://127.0.0.1:9/api.php', '--from-dump', 'wiki.xml.gz', '--to', 'http://127.0.0.1:9'], /exactly one of/],
    [['migrate', '--from-dump', 'nope.xml', '--to', 'http://127.0.0.1:9'], /--from-dump nope\.xml: no such file/],
    [['migrate', '--from', 'http://127.0.0.1:9/api.php', '--files', 'images', '--to', 'http://127.0.0.1:9'], /--files and --interwiki go with --from-dump/],
    [['migrate', '--from-dump', 'wiki.xml.gz', '--interwiki', 'wiki.xml.gz', '--to', 'http://127.0.0.1:9'], /--interwiki wiki\.xml\.gz line 1/],
  ])('usage error: %j', async (args, message) => {
    const result = await run(args, { cwd: dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
