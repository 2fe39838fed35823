/**
 * `wikikit mv` (the built binary) against the real MediaWiki 1.39: a 50-page subtree in the Help
 * namespace (which has subpages, so `[[../P1]]` is relative there) with wikilinks in every form,
 * talk pages, a template call naming a moved page, and links coming in from the main namespace.
 * The move is interrupted (Ctrl-C, then kill -9) and resumed; afterwards every page exists once
 * at its new title, the old titles are redirects (MediaWiki's default, kept), talk pages moved
 * along, and no link is broken. A second, small move runs with --no-redirects.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import type { Wiki } from '../../../src/model/wiki.js';
import { assertBuilt, ndjson, spawnBin, wikikit } from '../../e2e/bin.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';

const mw = mediaWikiEnv();
const run = `Wkmv ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const SECTIONS = 5;
const PER = 10;

describe.skipIf(!mw)('wikikit mv (built binary) against the real MediaWiki', () => {
  const e = mw!;
  let root: string;
  let env: Record<string, string>;
  let client: MediaWikiClient;
  let wiki: Wiki;

  beforeAll(async () => {
    assertBuilt();
    root = await mkdtemp(join(tmpdir(), 'wikikit-mw-mv-'));
    env = { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: e.password, WIKIKIT_STATE_DIR: join(root, 'state') };
    client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
    wiki = client.asWiki();
  });
  afterAll(async () => {
    await client.close();
    await rm(root, { recursive: true, force: true });
  });

  const doneSteps = async (): Promise<number> => {
    const dir = join(env['WIKIKIT_STATE_DIR'] ?? '', 'moves');
    const journal = (await readdir(dir).catch(() => [] as string[])).find((f) => f.endsWith('.journal.json'));
    if (journal === undefined) return 0;
    try {
      return Object.values((JSON.parse(await readFile(join(dir, journal), 'utf8')) as { steps: Record<string, { state: string }> }).steps).filter((s) => s.state === 'done').length;
    } catch {
      return 0;
    }
  };
  const interruptAfter = async (argv: string[], more: number, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; done: number }> => {
    const start = await doneSteps();
    const { child, done } = spawnBin(argv, env);
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      if ((await doneSteps()) >= start + more) {
        child.kill(signal);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const result = await done;
    return { code: result.code, signal: result.signal, stderr: result.stderr, done: await doneSteps() };
  };
  /** Titles in the Help namespace under `prefix` that are not redirects. */
  const contentPages = async (prefix: string): Promise<string[]> => {
    const out: string[] = [];
    for await (const p of client.list<{ title: string }>({ list: 'allpages', apnamespace: 12, apprefix: prefix, apfilterredir: 'nonredirects', aplimit: 'max' })) out.push(p.title);
    return out;
  };

  it('moves a 50-page subtree with every wikilink form, survives Ctrl-C and kill -9, keeps redirects, moves talk pages, 0 broken links', async () => {
    const oldRoot = `Help:${run}/Old`;
    const newRoot = `Help:${run}/New`;
    const title = (s: number, p: number, r = oldRoot): string => `${r}/S${s}/P${p}`;
    for (let s = 0; s < SECTIONS; s++) {
      for (let p = 0; p < PER; p++) {
        const next = title((s + 1) % SECTIONS, p);
        const text = [
          `== Page ${s}.${p} ünïcödé ==`,
          `Next: [[${next}]], labelled [[${next}|next one]], anchored [[${title(s, (p + 2) % PER)}#History|two on]].`,
          `Sibling (relative): [[../P${(p + 1) % PER}]]; underscores: [[${title(s, (p + 3) % PER).replace(/ /g, '_')}]]; lower case: [[help:${title(s, (p + 4) % PER).slice(5)}]].`,
          `<nowiki>[[${title(s, p)}]]</nowiki> <!-- [[${title(s, p)}]] -->`,
          p === 0 ? `{{Note|${next}}}` : '',
        ].join('\n');
        await wiki.put({ path: title(s, p), content: text });
      }
    }
    await wiki.put({ path: `Help talk:${run}/Old/S0/P0`, content: `Talk about [[${title(0, 1)}]].` });
    for (let o = 0; o < 3; o++) {
      const links = Array.from({ length: PER }, (_, p) => (p % 2 === 0 ? `* [[${title(o, p)}|page ${p}]]` : `* [[:${title(o, p)}#Top]]`));
      await wiki.put({ path: `${run} out ${o}`, content: `Inbound:\n${links.join('\n')}\n` });
    }

    const dry = await wikikit(['mv', oldRoot, newRoot, '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const events = ndjson(dry.stdout);
    expect(events.filter((x) => x['type'] === 'change' && x['kind'] === 'move')).toHaveLength(SECTIONS * PER);
    expect(events.find((x) => x['type'] === 'change' && x['path'] === title(0, 0) && x['kind'] === 'move')?.['reason']).toContain(`Help talk:${run}/New/S0/P0`);
    const diff = String(events.find((x) => x['type'] === 'change' && x['kind'] === 'update' && x['path'] === title(0, 0))?.['diff']);
    expect(diff).toContain(`+Next: [[${title(1, 0, newRoot)}]], labelled [[${title(1, 0, newRoot)}|next one]], anchored [[${title(0, 2, newRoot)}#History|two on]].`);
    expect(diff).toContain(`[[${title(0, 3, newRoot).replace(/ /g, '_')}]]`);
    expect(diff).toContain('[[../P1]]');
    expect(events.filter((x) => x['type'] === 'warning' && String(x['reason']).includes('template'))).toHaveLength(SECTIONS);

    const argv = ['mv', oldRoot, newRoot, '--yes', '--json', '--concurrency', '1'];
    const first = await interruptAfter(argv, 5, 'SIGINT');
    expect(first.code, first.stderr).toBe(130);
    const second = await interruptAfter(argv, 5, 'SIGKILL');
    expect(second.signal).toBe('SIGKILL');
    expect(second.done).toBeGreaterThan(first.done);
    const third = await wikikit(argv, env);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).toContain('resuming');
    expect(ndjson(third.stdout).find((x) => x['type'] === 'link-check')).toMatchObject({ broken: 0 });

    // Every page once at its new title; the old titles are redirects to them.
    const moved = await contentPages(`${run}/`);
    expect(moved).toHaveLength(SECTIONS * PER);
    expect(moved.every((t) => t.startsWith(`${newRoot}/`))).toBe(true);
    const old = await wiki.get(title(2, 3));
    expect(old?.content).toMatch(new RegExp(`^#REDIRECT \\[\\[${title(2, 3, newRoot).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\]\\]`));
    expect((await wiki.get(`Help talk:${run}/New/S0/P0`))?.content).toBe(`Talk about [[${title(0, 1, newRoot)}]].`);
    const page = (await wiki.get(title(0, 0, newRoot)))?.content ?? '';
    expect(page).toContain(`<nowiki>[[${title(0, 0)}]]</nowiki>`);
    expect(page).toContain(`{{Note|${title(1, 0)}}}`); // templates are left alone
    expect((await wiki.get(`${run} out 1`))?.content).toContain(`* [[:${title(1, 1, newRoot)}#Top]]`);

    const check = await wikikit(['mv', '--check', newRoot, '--json'], env);
    expect(check.code, check.stderr).toBe(0);
  }, 600_000);

  it('--no-redirects leaves nothing at the old titles', async () => {
    const a = `Help:${run}/Small/A`;
    await wiki.put({ path: a, content: `[[Help:${run}/Small/B]]` });
    await wiki.put({ path: `Help:${run}/Small/B`, content: `[[/C]] back to [[Help:${run}/Small/A]]` });
    const done = await wikikit(['mv', `Help:${run}/Small`, `Help:${run}/Tiny`, '--no-redirects', '--yes', '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(await wiki.get(a)).toBeUndefined();
    expect((await wiki.get(`Help:${run}/Tiny/A`))?.content).toBe(`[[Help:${run}/Tiny/B]]`);
    // `[[/C]]` (a subpage of B that does not exist) is reported, not hidden.
    expect(ndjson(done.stdout).filter((x) => x['type'] === 'broken-link').map((x) => x['target'])).toEqual([`Help:${run}/Tiny/B/C`]);
  }, 120_000);
});
