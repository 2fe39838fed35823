/**
 * Every write path stores exactly what MediaWiki 1.39 is documented to store, byte for byte,
 * for texts below and above the 8,000-character multipart threshold of API:Edit, and a second
 * write of the same text is a no-op.
 *
 * What 1.39 stores for `text` (sources of Debian 1:1.39.17; see src/model/wikitext.ts):
 * - UtfNormal\Validator::cleanUp (WebRequest::getVal → Language::normalize): Unicode NFC; C0
 *   controls other than TAB/LF/CR become U+FFFD ("Every string parameter is normalized to NFC"
 *   — mediawiki.org/wiki/API:Data_formats#Input);
 * - EditPage::importFormData `rtrim(getText())` and TextContent::normalizeLineEndings: CRLF and
 *   lone CR become LF, trailing " \t\n\r\0\x0B" is removed (PHP rtrim — Unicode spaces stay);
 *   the API:Edit page ("Page content") documents neither, the code is the reference.
 * Each case spells its stored form out literally, so the suite does not test src/model/wikitext.ts
 * against itself.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { storedWikitext } from '../../../src/model/wikitext.js';
import { renderPageFile } from '../../../src/model/front-matter.js';
import { assertBuilt, ndjson, wikikit } from '../../e2e/bin.js';
import { mediaWikiEnv } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();
const run = `Wikikit test/byte-exact ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

interface Case {
  readonly name: string;
  readonly text: string;
  /** What MediaWiki stores, written out independently of src/model/wikitext.ts. */
  readonly stored: string;
}

/** A short (< 8,000 characters, urlencoded) and a long (multipart) variant of each pattern. */
function variants(name: string, unit: string, storedUnit: string, tail: string, storedTail: string): Case[] {
  return [3, Math.ceil(8100 / unit.length)].map((count) => {
    const text = unit.repeat(count) + tail;
    return { name: `${name}-${count === 3 ? 'short' : 'long'}`, text, stored: storedUnit.repeat(count) + storedTail };
  });
}

const NFC = 'Ångström café naïve Œuvre 日本語 ελληνικά Ελλάδα';
const BASE_CASES: Case[] = [
  ...variants('lf', 'line of text\n', 'line of text\n', 'end', 'end'),
  ...variants('crlf', 'line of text\r\n', 'line of text\n', 'end\r\n', 'end'),
  ...variants('cr', 'line of text\r', 'line of text\n', 'end\r', 'end'),
  ...variants('mixed', 'a\r\nb\rc\n\n', 'a\nb\nc\n\n', 'end', 'end'),
  ...variants('trailing', '  indented  \n\tx \t\n', '  indented  \n\tx \t\n', 'end \t\r\n \n\n\n', 'end'),
  ...variants('tabs', '\tcol\tcol\t\n', '\tcol\tcol\t\n', '\tend', '\tend'),
  // C0 controls other than TAB/LF/CR become U+FFFD; DEL and C1 (NEL) stay.
  ...variants('controls', 'a\u0001b\u0007c\u0008d\u000be\u000cf\u001bg\u001fh\u007fi\u0085j\n', 'a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh\u007fi\u0085j\n', 'end', 'end'),
  ...variants('nfc', `${NFC}\n`, `${NFC}\n`, 'end', 'end'),
  ...variants('nfd', `${NFC.normalize('NFD')}\n`, `${NFC}\n`, 'end', 'end'),
  ...variants('astral', '😀 👍🏽 👨‍👩‍👧 𝕏 𠜎 🇫🇷\n', '😀 👍🏽 👨‍👩‍👧 𝕏 𠜎 🇫🇷\n', 'end 😀', 'end 😀'),
  // Unicode spaces are not PHP rtrim's: a trailing NBSP / ideographic space is kept.
  ...variants('unicode-space', 'x\u00a0y\u3000\n', 'x\u00a0y\u3000\n', 'end\u00a0\u3000', 'end\u00a0\u3000'),
];

function twoMegabytes(): Case {
  const unit = 'A line of a very long page: café, 日本語, 😀, a tab\there, a CRLF line ending\r\n';
  const storedUnit = unit.replace('\r\n', '\n');
  const count = Math.floor(2_000_000 / Buffer.byteLength(storedUnit));
  return { name: '2mb', text: unit.repeat(count), stored: storedUnit.repeat(count).slice(0, -1) };
}

const CASES: Case[] = [...BASE_CASES, twoMegabytes()];

describe.skipIf(!env)('byte-exact writes on the real MediaWiki 1.39', () => {
  const e = env!;
  const client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password }, { transport: { timeoutMs: 120_000, totalTimeoutMs: 300_000 } });
  const cli = { WIKIKIT_URL: e.apiUrl, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: e.password };
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wikikit-byte-exact-'));
  });
  afterAll(async () => {
    await client.close();
    await rm(root, { recursive: true, force: true });
  });

  /** Reads every title back and compares with its case's stored form, exactly. */
  async function expectStored(titles: readonly string[], expected: readonly string[]): Promise<void> {
    const pages = await client.getMany(titles, { details: true });
    pages.forEach((page, i) => {
      const want = expected[i] ?? '';
      const got = page.content;
      // toBe on a 2 MB string prints both; compare hashes first for a readable failure.
      const digest = (s: string | undefined): string => createHash('sha256').update(s ?? '<missing>').digest('hex');
      expect(digest(got), `${titles[i]}: ${JSON.stringify(got?.slice(0, 200))} vs ${JSON.stringify(want.slice(0, 200))}`).toBe(digest(want));
      expect(page.size).toBe(Buffer.byteLength(want));
    });
  }

  it('the documented stored forms are what src/model/wikitext.ts predicts (so the client compares like the server)', () => {
    for (const c of CASES) expect(storedWikitext(c.text), c.name).toBe(c.stored);
    expect(CASES.find((c) => c.name === 'lf-long')!.text.length).toBeGreaterThan(8000);
    expect(Buffer.byteLength(CASES.at(-1)!.stored)).toBeGreaterThanOrEqual(1_990_000);
  });

  it('edit: stored exactly, md5 accepted (no badmd5), and the same text again is nochange', async () => {
    const titles = CASES.map((c) => `${run}/edit/${c.name}`);
    for (const [i, c] of CASES.entries()) {
      const result = await client.edit({ title: titles[i]!, text: c.text, summary: `byte-exact ${c.name}` });
      expect(result.result, c.name).toBe('Success');
      expect(result.new, c.name).toBe(true);
    }
    await expectStored(titles, CASES.map((c) => c.stored));
    for (const [i, c] of CASES.entries()) {
      expect((await client.edit({ title: titles[i]!, text: c.text })).nochange, c.name).toBe(true);
    }
  }, 300_000);

  it('edit with appendtext/prependtext: md5 of the cleaned-up parts, stored exactly', async () => {
    for (const c of BASE_CASES.filter((x) => x.name.endsWith('-long') || x.name.startsWith('nfd') || x.name.startsWith('controls'))) {
      const title = `${run}/append/${c.name}`;
      await client.edit({ title, text: 'middle' });
      await client.edit({ title, appendtext: `\n${c.text}` });
      await client.edit({ title, prependtext: `${c.text}\n` });
      // The appended/prepended text is joined to the stored page, then normalised as a whole.
      await expectStored([title], [storedWikitext(`${c.text}\nmiddle\n${c.text}`)]);
    }
  }, 300_000);

  it('update: stored exactly; a second update with the same text sends nothing (skipped)', async () => {
    const titles = CASES.map((c) => `${run}/update/${c.name}`);
    for (const [i, c] of CASES.entries()) {
      await client.edit({ title: titles[i]!, text: 'seed' });
      const result = await client.update(titles[i]!, () => c.text, { summary: 'byte-exact' });
      expect(result.skipped, c.name).toBe(false);
      expect(result.result, c.name).toBe('Success');
    }
    await expectStored(titles, CASES.map((c) => c.stored));
    for (const [i, c] of CASES.entries()) {
      const again = await client.update(titles[i]!, () => c.text);
      expect(again.skipped, c.name).toBe(true);
    }
  }, 300_000);

  it('asWiki().put: stored exactly, the page it returns holds the stored text, a second put is unchanged', async () => {
    const wiki = client.asWiki();
    const titles = CASES.map((c) => `${run}/put/${c.name}`);
    for (const [i, c] of CASES.entries()) {
      const result = await wiki.put({ path: titles[i]!, content: c.text }, { expectedRevision: null });
      expect(result.action, c.name).toBe('created');
      expect(result.page.content === c.stored, c.name).toBe(true);
    }
    await expectStored(titles, CASES.map((c) => c.stored));
    for (const [i, c] of CASES.entries()) {
      const page = await wiki.get(titles[i]!);
      const again = await wiki.put({ path: titles[i]!, content: c.text }, { expectedRevision: page!.revision });
      expect(again.action, c.name).toBe('unchanged');
      expect(again.page.revision, c.name).toBe(page!.revision);
    }
  }, 300_000);

  describe('through the built CLI', () => {
    beforeAll(() => {
      assertBuilt();
    });
    const summary = (stdout: string): Record<string, unknown> | undefined => ndjson(stdout).find((x) => x['type'] === 'summary');

    it('sync push: every file stored exactly; a second push of the same files writes nothing', async () => {
      const prefix = `${run}/sync`;
      const dir = join(root, 'sync');
      await mkdir(dir, { recursive: true });
      for (const c of CASES) await writeFile(join(dir, `${c.name}.wiki`), c.text);
      const first = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], cli);
      expect(first.code, first.stderr).toBe(0);
      expect(summary(first.stdout)).toMatchObject({ applied: CASES.length, failed: 0, conflicts: 0 });
      await expectStored(CASES.map((c) => `${prefix}/${c.name}`), CASES.map((c) => c.stored));
      const second = await wikikit(['sync', 'push', dir, '--prefix', prefix, '--json'], cli);
      expect(second.code, second.stderr).toBe(0);
      expect(ndjson(second.stdout).filter((x) => x['type'] === 'change' || x['type'] === 'conflict')).toEqual([]);
      expect(summary(second.stdout)).toMatchObject({ applied: 0, failed: 0, conflicts: 0 });
    }, 300_000);

    it('replace: every page changed and stored exactly; running it again matches nothing', async () => {
      const prefix = `${run}/replace`;
      const marker = `Qmark${Date.now().toString(36)}`;
      for (const c of CASES) await client.edit({ title: `${prefix}/${c.name}`, text: `${marker} first\n${c.text}` });
      const done = await wikikit(['replace', marker, 'Replaced', '--path-prefix', prefix, '--yes', '--json'], cli);
      expect(done.code, done.stderr).toBe(0);
      expect(ndjson(done.stdout).find((x) => x['type'] === 'replace')).toMatchObject({ matched: CASES.length, changed: CASES.length, failed: 0 });
      await expectStored(CASES.map((c) => `${prefix}/${c.name}`), CASES.map((c) => `Replaced first\n${c.stored}`));
      const again = await wikikit(['replace', marker, 'Replaced', '--path-prefix', prefix, '--yes', '--json'], cli);
      expect(again.code, again.stderr).toBe(0);
      // With nothing matched the CLI prints only its summary line.
      expect(ndjson(again.stdout).find((x) => x['type'] === 'replace' || x['type'] === 'summary')).toMatchObject({ matched: 0, changed: 0 });
    }, 300_000);

    it('import: a backup whose files hold the raw texts is stored exactly; importing it again changes nothing', async () => {
      const prefix = `${run}/import`;
      const dir = join(root, 'backup');
      await mkdir(join(dir, 'pages'), { recursive: true });
      const pages = [];
      for (const c of CASES) {
        const path = `${prefix}/${c.name}`;
        const data = Buffer.from(renderPageFile({ meta: { title: path }, extraKeys: {}, content: c.text }), 'utf8');
        const file = `pages/${c.name}.wiki`;
        await writeFile(join(dir, file), data);
        pages.push({ path, locale: 'en', file, sha256: createHash('sha256').update(data).digest('hex'), size: data.byteLength, format: 'wikitext', id: '', revision: '', updatedAt: '' });
      }
      const manifest = { format: 'wikikit-export', version: 1, wiki: { kind: 'mediawiki', url: e.apiUrl }, exportedAt: new Date().toISOString(), withHistory: false, withAssets: false, pages, assets: [] };
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const first = await wikikit(['import', dir, '--json'], cli);
      expect(first.code, first.stderr).toBe(0);
      expect(summary(first.stdout)).toMatchObject({ created: CASES.length, failed: 0 });
      await expectStored(pages.map((p) => p.path), CASES.map((c) => c.stored));
      const second = await wikikit(['import', dir, '--json'], cli);
      expect(second.code, second.stderr).toBe(0);
      expect(summary(second.stdout)).toMatchObject({ created: 0, unchanged: CASES.length, failed: 0 });
    }, 300_000);
  });
});
