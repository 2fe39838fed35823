import { mkdtemp, mkdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import {
  fileToWikiPath,
  findCaseCollisions,
  isWithinPrefix,
  normalizeWikiPath,
  resolveInside,
  validateWikiPath,
  wikiPathToFile,
} from '../../src/model/path.js';

describe('wiki paths', () => {
  it('normalises slashes like Wiki.js create does and refuses empty or control characters', () => {
    expect(normalizeWikiPath('/eval/gamma/')).toBe('eval/gamma');
    expect(() => normalizeWikiPath('  / ')).toThrow(UsageError);
    expect(() => normalizeWikiPath('a\0b')).toThrow(/control character/);
  });

  it('refuses what Wiki.js refuses (6005) and reserved first segments, naming the field', () => {
    for (const bad of ['eval/bad.path', 'has space/x', 'a\\b', 'docs//x']) {
      expect(() => validateWikiPath(bad, 'wikijs-v2', 'destination')).toThrow(expect.objectContaining({ field: 'destination' }));
    }
    for (const reserved of ['en/page', 'pt-br/page', 'e/page', 'login', 'graphql/x', 'a']) {
      expect(() => validateWikiPath(reserved, 'wikijs-v2')).toThrow(/reserves|reads as a locale/);
    }
    expect(validateWikiPath('/docs/guide/', 'wikijs-v2')).toBe('docs/guide');
    expect(validateWikiPath('Main Page.v2', 'mediawiki')).toBe('Main Page.v2');
    expect(() => validateWikiPath('A|B', 'mediawiki')).toThrow(UsageError);
  });

  it('prefix containment is by folder', () => {
    expect(isWithinPrefix('docs/a', 'docs')).toBe(true);
    expect(isWithinPrefix('docs', 'docs')).toBe(true);
    expect(isWithinPrefix('docsx/a', 'docs')).toBe(false);
    expect(isWithinPrefix('anything', '')).toBe(true);
  });
});

describe('wiki path ↔ file', () => {
  it('maps one to one, escaping characters file systems cannot hold', () => {
    for (const path of ['docs/guide', 'Talk:Main Page', 'a/b?c*d', '100%/x', 'trailing./dot', 'Über/ß']) {
      const file = wikiPathToFile(path);
      expect(file).not.toMatch(/[<>:"\\|?*]/);
      expect(fileToWikiPath(file)).toEqual({ path, format: 'markdown' });
    }
    expect(wikiPathToFile('docs/x', 'html')).toBe('docs/x.html');
    expect(fileToWikiPath('docs/x.wiki')).toEqual({ path: 'docs/x', format: 'wikitext' });
  });

  it('refuses traversal, absolute paths, NUL and reserved names', () => {
    const bad = ['../etc/passwd', 'docs/../../x', '/etc/passwd', 'C:/x', 'a/./b', 'a\0b', '.git/config', 'docs/CON', 'docs/nul.txt', 'lpt1', '.wikikit-sync.json'];
    for (const path of bad) expect(() => wikiPathToFile(path), path).toThrow(UsageError);
    expect(() => fileToWikiPath('../x.md')).toThrow(UsageError);
    expect(() => fileToWikiPath('%2E%2E/x.md')).toThrow(/leave the folder/);
    expect(() => fileToWikiPath('x.png')).toThrow(/not a page file/);
  });

  it('finds case-folding collisions', () => {
    expect(findCaseCollisions(['A.md', 'a.md', 'b.md'])).toEqual([['A.md', 'a.md']]);
    expect(findCaseCollisions(['x.md', 'y.md'])).toEqual([]);
  });
});

describe('resolveInside', () => {
  let dir: string;
  let outside: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wikikit-path-'));
    outside = await mkdtemp(join(tmpdir(), 'wikikit-out-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('accepts nested new files and refuses lexical escapes', async () => {
    await expect(resolveInside(dir, 'a/b/c.md')).resolves.toBe(join(dir, 'a/b/c.md'));
    await expect(resolveInside(dir, '../x.md')).rejects.toThrow(/outside/);
    await expect(resolveInside(dir, '/etc/passwd')).rejects.toThrow(/absolute/);
    await expect(resolveInside(dir, '..foo/x.md')).resolves.toBe(join(dir, '..foo/x.md'));
  });

  it('refuses paths through a symlink pointing outside, and symlinked targets outside', async () => {
    await symlink(outside, join(dir, 'link'));
    await expect(resolveInside(dir, 'link/new/x.md')).rejects.toThrow(/symlink/);
    await symlink(join(outside, 'f.md'), join(dir, 'f.md'));
    await expect(resolveInside(dir, 'f.md')).rejects.toThrow(/symlink/);
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'inside-link'));
    await expect(resolveInside(dir, 'inside-link/x.md')).resolves.toBeDefined();
  });
});
