/**
 * `wikikit migrate` end to end through the CLI's `main()`: URLs on the command line,
 * credentials from the environment (WIKIKIT_USERNAME/WIKIKIT_PASSWORD for the MediaWiki,
 * WIKIKIT_TOKEN for the Wiki.js sandbox), the JSON report on stdout, the result read back
 * through the Wiki.js client.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../../src/cli/main.js';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import type { MigrationReport } from '../../../src/ops/migrate/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';
import { solidPng } from '../../helpers/png.js';

const env = mediaWikiEnv();

/** A 2×2 PNG whose colour makes it unique to this run (MediaWiki refuses duplicate files). */
const png = (seed: number): Uint8Array => solidPng(seed & 255, (seed >> 8) & 255, (seed >> 16) & 255, 2);

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe.skipIf(!env)('wikikit migrate (CLI, real MediaWiki → sandbox)', () => {
  const e = env!;
  const run = `Cli${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const home = `${run} Home`;
  const other = `${run} Other`;
  const image = `${run} dot.png`;
  const bytes = png(Date.now() % 0xffffff);
  const source = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
  let sandbox: Sandbox;
  let client: WikiJsClient;
  let dir: string;

  async function cli(args: string[]): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    const stdin = new PassThrough();
    stdin.end();
    const io: CliIO = {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin,
      env: {
        HOME: dir,
        WIKIKIT_CONFIG: join(dir, 'no-config.json'),
        WIKIKIT_USERNAME: e.username,
        WIKIKIT_PASSWORD: e.password,
        WIKIKIT_TOKEN: sandbox.token,
      },
      cwd: dir,
      isTTY: false,
    };
    const code = await main(args, io);
    return { code, stdout, stderr };
  }

  /** The single `report` event of a `--json` run (every stdout line must be JSON). */
  function reportOf(result: RunResult): MigrationReport {
    const events = result.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; report?: MigrationReport });
    const reports = events.filter((ev) => ev.type === 'report');
    expect(reports, result.stdout + result.stderr).toHaveLength(1);
    return reports[0]?.report as MigrationReport;
  }

  const base = (): string[] => ['--json', 'migrate', '--from', e.apiUrl, '--to', sandbox.url, '--title', home, '--title', other, '--with-files', '--prefix', 'old'];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wikikit-migrate-cli-'));
    sandbox = await startSandbox({ port: 0 });
    client = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
    await source.upload(image, bytes, { ignorewarnings: true, comment: 'migrate CLI test' });
    await source.edit({ title: home, text: `== Start ==\nSee [[${other}#Part two|the other page]].\n[[File:${image}|a dot]]\n[[Category:${run} Tag]]` });
    await source.edit({ title: other, text: `== Part two ==\nBack to [[${home}]].` });
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run --json reports the plan and writes nothing', async () => {
    const result = await cli([...base(), '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain(e.password);
    expect(result.stderr).not.toContain(e.password);
    const report = reportOf(result);
    expect(report.dryRun).toBe(true);
    expect(report.source).toBe(e.apiUrl);
    expect(report.pages.migrated.map((p) => [p.title, p.action]).sort()).toEqual([[home, 'planned'], [other, 'planned']]);
    expect(report.pages.migrated.every((p) => p.path.startsWith('old/'))).toBe(true);
    expect(report.files.migrated.map((f) => f.action)).toEqual(['planned']);
    expect(report.links.rewritten).toBe(3); // two page links + the image
    expect(report.links.broken).toEqual([]);
    const pages = await client.asWiki().getMany(report.pages.migrated.map((p) => p.path));
    expect([...pages.values()].filter((p) => p !== undefined)).toEqual([]);
    expect(existsSync(join(dir, 'wikikit-migrate-mapping.json'))).toBe(false);
  }, 60_000);

  it('a real run migrates, reports JSON, and --resume writes nothing twice', async () => {
    const result = await cli(base());
    expect(result.code, result.stderr).toBe(0);
    const report = reportOf(result);
    expect(report.dryRun).toBe(false);
    expect(report.pages.failed).toEqual([]);
    expect(report.files.failed).toEqual([]);
    expect(report.pages.migrated.map((p) => [p.title, p.action]).sort()).toEqual([[home, 'created'], [other, 'created']]);
    expect(report.files.migrated.map((f) => f.action)).toEqual(['uploaded']);
    expect(report.timings.totalMs).toBeGreaterThan(0);

    // The mapping file landed in the CLI's cwd and agrees with the report.
    const mapping = JSON.parse(await readFile(join(dir, 'wikikit-migrate-mapping.json'), 'utf8')) as unknown;
    expect(JSON.stringify(mapping)).toContain(report.pages.migrated[0]?.path ?? '?');

    // Read back through the client: links resolve, the image is an asset, the category is a tag.
    const wiki = client.asWiki();
    const pathOf = new Map(report.pages.migrated.map((p) => [p.title, p.path]));
    const homePage = await wiki.get(pathOf.get(home) ?? '');
    const otherPage = await wiki.get(pathOf.get(other) ?? '');
    expect(otherPage?.content).toContain(`[${home}](/${pathOf.get(home) ?? '?'})`);
    expect(homePage?.content).toContain(`[the other page](/${pathOf.get(other) ?? '?'}#part-two)`);
    expect(homePage?.tags).toEqual([`${run} tag`.toLowerCase()]);
    const filePath = report.files.migrated[0]?.path ?? '?';
    expect(homePage?.content).toContain(`](${filePath}`);
    const assets: string[] = [];
    for await (const asset of wiki.listAssets?.() ?? []) assets.push(asset.path);
    expect(assets).toContain(filePath);

    const again = await cli([...base(), '--resume']);
    expect(again.code, again.stderr).toBe(0);
    const resumed = reportOf(again);
    expect(resumed.pages.migrated).toEqual([]);
    expect(resumed.pages.skipped.map((s) => s.title).sort()).toEqual([home, other]);
    expect(resumed.files.migrated.map((f) => f.action)).toEqual(['unchanged']);
    const listed: string[] = [];
    for await (const page of wiki.list({ prefix: 'old' })) listed.push(page.path);
    expect(listed.sort()).toEqual([...pathOf.values()].sort());
  }, 90_000);

  it('refuses a Wiki.js as the source with a usage error (exit 2)', async () => {
    const result = await cli(['--json', 'migrate', '--from', sandbox.url, '--to', sandbox.url, '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('"type":"error"');
  });
});
