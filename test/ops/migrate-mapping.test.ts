import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  PathMapping,
  assetFileName,
  loadMapping,
  saveMapping,
  slugSegment,
  titleHash,
  wikiJsPathProblem,
} from '../../src/ops/migrate/mapping.js';

const titles = [
  { title: 'Main Page', ns: 0 },
  { title: 'Foo bar', ns: 0 },
  { title: 'Foo Bar', ns: 0 },
  { title: 'Foo_bar?', ns: 0 },
  { title: 'Talk:Foo bar', ns: 1 },
  { title: 'User talk:Alice', ns: 3 },
  { title: 'Guide/Install v2.0', ns: 0 },
  { title: 'A', ns: 0 },
  { title: 'En', ns: 0 },
  { title: 'Login', ns: 0 },
  { title: 'C++ (language)', ns: 0 },
  { title: '???', ns: 0 },
  { title: 'Ünïcödé 日本語', ns: 0 },
];

describe('path mapping', () => {
  it('maps titles to legal, readable Wiki.js paths with namespaces as folders', () => {
    const mapping = new PathMapping();
    mapping.assignPages(titles);
    expect(mapping.page('Main Page')?.path).toBe('main-page');
    expect(mapping.page('Talk:Foo bar')?.path).toBe('talk/foo-bar');
    expect(mapping.page('User talk:Alice')?.path).toBe('user-talk/alice');
    expect(mapping.page('Guide/Install v2.0')?.path).toBe('guide/install-v2-0');
    expect(mapping.page('C++ (language)')?.path).toBe('c-language');
    expect(mapping.page('Ünïcödé 日本語')?.path).toBe('ünïcödé-日本語');
    for (const { title } of titles) {
      const path = mapping.page(title)?.path ?? '';
      expect(wikiJsPathProblem(path), `${title} → ${path}`).toBeUndefined();
    }
  });

  it('moves reserved first segments out of the way', () => {
    const mapping = new PathMapping();
    mapping.assignPages(titles);
    expect(mapping.page('A')?.path).toBe('a-page');
    expect(mapping.page('En')?.path).toBe('en-page');
    expect(mapping.page('Login')?.path).toBe('login-page');
    expect(mapping.page('???')?.path).toBe(`p-${titleHash('???')}`);
  });

  it('resolves collisions with a suffix derived from the title itself', () => {
    const mapping = new PathMapping();
    mapping.assignPages(titles);
    const paths = titles.map((t) => mapping.page(t.title)?.path);
    expect(new Set(paths).size).toBe(titles.length);
    // 'Foo Bar' < 'Foo bar' < 'Foo_bar?' in code-point order: the first keeps the plain path.
    expect(mapping.page('Foo Bar')?.path).toBe('foo-bar');
    expect(mapping.page('Foo bar')?.path).toBe(`foo-bar-${titleHash('Foo bar')}`);
    expect(mapping.page('Foo_bar?')?.path).toBe(`foo-bar-${titleHash('Foo bar?')}`);
  });

  it('is stable: the same titles in any order map the same way', () => {
    const a = new PathMapping();
    a.assignPages(titles);
    const b = new PathMapping();
    b.assignPages([...titles].reverse());
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it('keeps earlier decisions when new titles arrive (re-runs agree)', () => {
    const first = new PathMapping();
    first.assignPages([{ title: 'Foo bar', ns: 0 }]);
    expect(first.page('Foo bar')?.path).toBe('foo-bar');
    const again = PathMapping.fromJSON(first.toJSON());
    again.assignPages([{ title: 'Foo Bar', ns: 0 }, { title: 'Foo bar', ns: 0 }]);
    expect(again.page('Foo bar')?.path).toBe('foo-bar');
    expect(again.page('Foo Bar')?.path).toBe(`foo-bar-${titleHash('Foo Bar')}`);
  });

  it('puts everything under a prefix, and refuses a prefix Wiki.js cannot serve', () => {
    const mapping = new PathMapping({ prefix: '/Old Wiki/' });
    mapping.assignPages([{ title: 'A', ns: 0 }, { title: 'Talk:A', ns: 1 }]);
    expect(mapping.page('A')?.path).toBe('old-wiki/a');
    expect(mapping.page('Talk:A')?.path).toBe('old-wiki/talk/a');
    expect(() => new PathMapping({ prefix: 'en' })).toThrow(UsageError);
    expect(() => new PathMapping({ prefix: 'login' })).toThrow(UsageError);
    expect(() => new PathMapping({ prefix: 'x' })).toThrow(UsageError);
  });

  it('resolves link targets with MediaWiki title normalisation, and unknown titles as broken', () => {
    const mapping = new PathMapping();
    mapping.assignPages([{ title: 'Foo bar', ns: 0 }]);
    expect(mapping.resolvePage('foo_bar')).toEqual({ path: '/foo-bar', exists: true });
    expect(mapping.resolvePage('Nowhere')).toEqual({ path: '/nowhere', exists: false });
  });

  it('maps files to asset paths the way Wiki.js names uploads', () => {
    expect(assetFileName('File:My Picture,1.PNG')).toBe('my_picture_1.png');
    expect(assetFileName('File:Diagram v1.2.svg')).toBe('diagram_v1_2.svg');
    const mapping = new PathMapping({ assetFolder: 'wiki-files' });
    mapping.assignFiles(['File:Logo.png', 'File:LOGO.png']);
    // 'File:LOGO.png' sorts first, so it keeps the plain name; the other gets its own hash.
    expect(mapping.resolveFile('Image:LOGO.png')).toEqual({ path: '/wiki-files/logo.png', exists: true });
    expect(mapping.resolveFile('File:Logo.png')).toEqual({ path: `/wiki-files/logo_${titleHash('File:Logo.png')}.png`, exists: true });
    expect(mapping.resolveFile('Media:Nope.png')).toEqual({ path: '/wiki-files/nope.png', exists: false });
  });

  it('explains why a path is illegal', () => {
    expect(wikiJsPathProblem('a/b.c')).toMatch(/PageIllegalPath/);
    expect(wikiJsPathProblem('docs/a b')).toMatch(/PageIllegalPath/);
    expect(wikiJsPathProblem('docs//a')).toMatch(/PageIllegalPath/);
    expect(wikiJsPathProblem('fr/page')).toMatch(/reserved/);
    expect(wikiJsPathProblem('docs/a?b')).toMatch(/strips/);
    expect(wikiJsPathProblem('docs/ok-page')).toBeUndefined();
    expect(slugSegment('  Hello,   World!  ')).toBe('hello-world');
  });

  it('persists to a mapping file and loads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wikikit-mapping-'));
    try {
      const file = join(dir, 'sub', 'mapping.json');
      expect(await loadMapping(file)).toBeUndefined();
      const mapping = new PathMapping({ prefix: 'wiki', source: 'http://mw/api.php' });
      mapping.assignPages(titles);
      mapping.assignFiles(['File:Logo.png']);
      mapping.updatePage('Main Page', { migratedRevid: 42, targetRevision: '2024-01-01T00:00:00.000Z' });
      await saveMapping(file, mapping);
      const loaded = await loadMapping(file);
      expect(loaded?.toJSON()).toEqual(mapping.toJSON());
      expect(loaded?.page('Main Page')?.migratedRevid).toBe(42);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 1, prefix: 'wiki' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a file that is not a mapping', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wikikit-mapping-'));
    try {
      const file = join(dir, 'bad.json');
      await (await import('node:fs/promises')).writeFile(file, '{"hello":1}');
      await expect(loadMapping(file)).rejects.toBeInstanceOf(UsageError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
