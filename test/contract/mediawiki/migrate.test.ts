/**
 * End to end: a real MediaWiki 1.39 (scripts/mediawiki-start.sh), seeded with pages that use
 * every construct the converter handles, migrated into an in-process Wiki.js sandbox and read
 * back through the Wiki.js client.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import type { Wiki } from '../../../src/model/wiki.js';
import { migrate, readProvenance } from '../../../src/ops/migrate/index.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';
import { solidPng } from '../../helpers/png.js';

const env = mediaWikiEnv();

describe.skipIf(!env)('migrate MediaWiki → Wiki.js sandbox (real MediaWiki 1.39)', () => {
  const e = env!;
  const run = `Mig${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const T = {
    home: `${run} Home`,
    other: `${run} Other`,
    shortcut: `${run} Shortcut`,
    broken: `${run} Broken`,
    talk: `Talk:${run} Home`,
    template: `Template:${run} Box`,
  };
  const red = `${run} red.png`;
  const blue = `${run} blue.png`;
  const redBytes = solidPng(200, 10, 10 + (Date.now() % 200));
  const blueBytes = solidPng(10, 10, 200 - (Date.now() % 100));
  const source = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
  let sandbox: Sandbox;
  let client: WikiJsClient;
  let target: Wiki;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wikikit-migrate-'));
    sandbox = await startSandbox({ port: 0 });
    client = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token });
    target = client.asWiki();
    await source.upload(red, redBytes, { ignorewarnings: true, comment: 'migration test' });
    await source.upload(blue, blueBytes, { ignorewarnings: true, comment: 'migration test' });
    await source.edit({ title: T.template, text: '<div class="box">Boxed: {{{x|none}}}</div><includeonly>[[Category:' + run + ' Boxed]]</includeonly>' });
    await source.edit({ title: T.home, text: 'First version.' , summary: 'first' });
    await source.edit({
      title: T.home,
      summary: 'second',
      text: [
        `{{${run} Box|x=42}}`,
        '== Introduction ==',
        "'''Bold''' and ''italic'' text with a [[" + T.other + '#Usage|usage link]] and [[' + T.shortcut + ']].',
        '* one',
        '** nested',
        '# first',
        '; Term : Definition',
        '{| class="wikitable"',
        '! Name !! Value',
        '|-',
        '| a || 1',
        '|}',
        `[[File:${red}|thumb|A red square]]`,
        `[[File:${blue}|40px]]`,
        'External: [https://example.org Example].',
        'Fact.<ref>A footnote with [[' + T.other + ']]</ref>',
        '<references/>',
        '<syntaxhighlight lang="js">const x = 1;</syntaxhighlight>',
        `[[Category:${run} Cat]]`,
      ].join('\n'),
    });
    await source.edit({ title: T.other, text: `== Usage ==\nBack to [[${T.home}]]. Also [[${run} Nowhere]].\n[[Category:${run} Cat]]` });
    await source.edit({ title: T.shortcut, text: `#REDIRECT [[${T.other}#Usage]]` });
    await source.edit({ title: T.broken, text: '{|\n| unclosed cell\nstray ]] bracket' });
    await source.edit({ title: T.talk, text: `:A reply about [[${T.home}]]` });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    await source.close();
    await rm(dir, { recursive: true, force: true });
  });

  const titles = [T.home, T.other, T.shortcut, T.broken, T.talk];

  it('a dry run reports the plan and writes nothing', async () => {
    const report = await migrate({ from: source, to: target, namespaces: [0, 1], titles, withFiles: true, dryRun: true, mappingFile: join(dir, 'dry.json') });
    expect(report.pages.migrated.map((p) => p.title).sort()).toEqual([...titles].sort());
    expect(report.pages.migrated.every((p) => p.action === 'planned')).toBe(true);
    expect(report.files.migrated.map((f) => f.action)).toEqual(['planned', 'planned']);
    const listed = [];
    for await (const page of target.list()) listed.push(page);
    expect(listed).toEqual([]);
    const assets = [];
    for await (const asset of target.listAssets?.() ?? []) assets.push(asset);
    expect(assets).toEqual([]);
    expect(await readdir(dir)).toEqual([]); // not even the mapping file
  });

  it('migrates every page, file, link, category and revision', async () => {
    const mappingFile = join(dir, 'mapping.json');
    const report = await migrate({ from: source, to: target, namespaces: [0, 1], titles, withFiles: true, withHistory: true, mappingFile, prefix: 'mediawiki' });
    expect(report.pages.failed).toEqual([]);
    expect(report.pages.migrated.map((p) => p.title).sort()).toEqual([...titles].sort());
    expect(report.links.broken).toEqual([{ from: T.other, target: `${run} Nowhere`, kind: 'page' }]);
    const brokenWarnings = report.warnings.filter((w) => w.title === T.broken).map((w) => w.construct);
    expect(brokenWarnings).toEqual(expect.arrayContaining(['table', 'lonely-bracket']));

    const pathOf = new Map(report.pages.migrated.map((p) => [p.title, p.path]));
    // Every page arrives, read back through the Wiki.js client.
    for (const title of titles) {
      const page = await target.get(pathOf.get(title) ?? '');
      expect(page, title).toBeDefined();
      expect(readProvenance(page?.content ?? '')?.title).toBe(title);
    }
    const home = await target.get(pathOf.get(T.home) ?? '');
    const content = home?.content ?? '';
    expect(home?.tags).toEqual(expect.arrayContaining([`${run} cat`.toLowerCase(), `${run} boxed`.toLowerCase()]));
    expect(content).toContain('Boxed: 42'); // template expanded by the source wiki
    expect(content).not.toContain('```wikitext');
    expect(content).toContain('**Bold** and *italic*');
    expect(content).toContain('| Name | Value |');
    expect(content).toContain('<dl><dt>Term</dt><dd>Definition</dd></dl>');
    expect(content).toContain('[Example](https://example.org)');
    expect(content).toContain('```js\nconst x = 1;\n```');
    expect(content).toMatch(/\[\^1\]: A footnote with \[/);

    // Every internal link resolves to a migrated page.
    for (const title of titles) {
      const page = await target.get(pathOf.get(title) ?? '');
      const links = [...(page?.content ?? '').matchAll(/\]\((\/[^)\s#]*)(#[^)\s]*)?\)/g)].map((m) => m[1] ?? '');
      for (const link of links) {
        if (link.startsWith('/migrated-files/') || link.startsWith('/t/')) continue;
        if (title === T.other && link.endsWith('nowhere')) continue; // the one broken link, reported above
        expect(await target.get(link.slice(1)), `${title} → ${link}`).toBeDefined();
      }
    }
    expect(content).toContain(`(/${pathOf.get(T.other) ?? ''}#usage)`);

    // The redirect is a stub linking to its target's section.
    const shortcut = await target.get(pathOf.get(T.shortcut) ?? '');
    expect(shortcut?.content).toContain(`This page redirects to [${T.other}#Usage](/${pathOf.get(T.other) ?? ''}#usage)`);

    // History replayed in order: two source revisions → two target revisions.
    const history = await target.history(pathOf.get(T.home) ?? '');
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(report.pages.migrated.find((p) => p.title === T.home)?.revisions).toBe(2);

    // Every image is an asset with the source bytes.
    expect(report.files.failed).toEqual([]);
    expect(report.files.migrated.map((f) => f.action)).toEqual(['uploaded', 'uploaded']);
    const images = [...content.matchAll(/!\[[^\]]*\]\((\/[^)\s]+)/g)].map((m) => m[1] ?? '');
    expect(images).toHaveLength(2);
    const assets = [];
    for await (const asset of target.listAssets?.() ?? []) assets.push(asset.path);
    for (const image of images) expect(assets).toContain(image);
    const downloaded = await target.downloadAsset?.(images[0] ?? '');
    expect(Buffer.from(downloaded ?? new Uint8Array()).equals(Buffer.from(redBytes))).toBe(true);

    // Resume: nothing is written twice.
    const again = await migrate({ from: source, to: target, namespaces: [0, 1], titles, withFiles: true, withHistory: true, mappingFile, prefix: 'mediawiki', resume: true });
    expect(again.pages.migrated).toEqual([]);
    expect(again.pages.skipped.map((s) => s.title).sort()).toEqual([...titles].sort());
    expect(again.files.migrated.map((f) => f.action)).toEqual(['unchanged', 'unchanged']);
    const all = [];
    for await (const page of target.list()) all.push(page.path);
    expect(all.filter((p) => p.startsWith('mediawiki/')).sort()).toEqual([...pathOf.values()].sort());

    // A plain re-run (no --resume) with history rewrites only the latest revision: no old text
    // written over the page, no duplicated history, provenance still names every author.
    const historyBefore = (await target.history(pathOf.get(T.home) ?? '')).length;
    const rerun = await migrate({ from: source, to: target, namespaces: [0, 1], titles, withHistory: true, mappingFile, prefix: 'mediawiki' });
    expect(rerun.pages.failed).toEqual([]);
    expect(rerun.pages.migrated.find((p) => p.title === T.home)).toMatchObject({ action: 'unchanged', revisions: 1 });
    expect((await target.history(pathOf.get(T.home) ?? '')).length).toBe(historyBefore);
    const rerunHome = await target.get(pathOf.get(T.home) ?? '');
    expect(readProvenance(rerunHome?.content ?? '')?.revisions).toBe(2);
  }, 120_000);

  it('an interrupted run resumes without duplicates, even when it stopped before saving its state', async () => {
    const mappingFile = join(dir, 'interrupted.json');
    const controller = new AbortController();
    const onProgress = (p: { phase: string; done: number }): void => {
      if (p.phase === 'pages' && p.done === 2) controller.abort();
    };
    await expect(migrate({ from: source, to: target, namespaces: [0, 1], titles, mappingFile, prefix: 'interrupted', batchSize: 2, signal: controller.signal, onProgress })).rejects.toThrow();
    const written = [];
    for await (const page of target.list({ prefix: 'interrupted' })) written.push(page.path);
    expect(written).toHaveLength(2);

    const resumed = await migrate({ from: source, to: target, namespaces: [0, 1], titles, mappingFile, prefix: 'interrupted', resume: true });
    expect(resumed.pages.failed).toEqual([]);
    expect(resumed.pages.skipped).toHaveLength(2);
    expect(resumed.pages.migrated.map((p) => p.action)).toEqual(['created', 'created', 'created']);
    const paths = [...resumed.pages.migrated.map((p) => p.path)];

    // A run whose state file was lost: the target pages carry this migration's provenance, so
    // they are recognised as its own and left as they are rather than duplicated or failed.
    const lost = await migrate({ from: source, to: target, namespaces: [0, 1], titles, mappingFile: join(dir, 'lost.json'), prefix: 'interrupted', resume: true });
    expect(lost.pages.failed).toEqual([]);
    expect(lost.pages.migrated.map((p) => p.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const lostAgain = await migrate({ from: source, to: target, namespaces: [0, 1], titles, mappingFile: join(dir, 'lost.json'), prefix: 'interrupted', resume: true });
    expect(lostAgain.pages.skipped).toHaveLength(titles.length); // the take-over was recorded
    const all = [];
    for await (const page of target.list({ prefix: 'interrupted' })) all.push(page.path);
    expect(all).toHaveLength(titles.length);
    expect(new Set(all).size).toBe(titles.length);
    for (const path of [...written, ...paths]) expect(all).toContain(path);

    // A page someone else wrote at a mapped path is never overwritten.
    const homePath = lost.pages.migrated.find((p) => p.title === T.home)?.path.replace(/^interrupted\//, 'foreign/') ?? '';
    await target.put({ path: homePath, title: 'Not ours', content: 'Hand-written.', format: 'markdown' }, { expectedRevision: null });
    const foreign = await migrate({ from: source, to: target, titles: [T.home], prefix: 'foreign' });
    expect(foreign.pages.failed.map((f) => [f.title, f.category])).toEqual([[T.home, 'conflict']]);
    expect((await target.get(homePath))?.content).toBe('Hand-written.');
  }, 120_000);
});
