/**
 * Path mapping and reserved names, for any input: a wiki path maps to a file inside the folder
 * or is refused with a UsageError; two different pages never share a file; a file maps back to
 * the page it came from; two files never feed one page.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { caseFoldKey, fileToWikiPath, formatOfFile, resolveInside, validateWikiPath, wikiPathToFile } from '../../src/model/path.js';
import { planSync } from '../../src/ops/sync.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';
import type { ContentFormat } from '../../src/model/page.js';
import { fuzz } from './settings.js';

/** Characters that make path handling interesting: separators, dots, escapes, reserved, unicode. */
const TRICKY = ['/', '.', '..', '\\', '%', '%2e', '%2F', ':', '*', '?', '"', '<', '>', '|', ' ', '\0', '\n', '\u007f', 'con', 'NUL', 'lpt1', '.git', '.wikikit', 'a', 'B', 'é', 'e\u0301', 'ß', '日本', '\u{1F600}', '~', '-', '_', 'C:', '\u202e'];
const segment = fc.oneof(
  fc.array(fc.constantFrom(...TRICKY), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const wikiPath = fc.oneof(fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')), fc.string({ maxLength: 20 }));
const format = fc.constantFrom<ContentFormat>('markdown', 'html', 'wikitext');

function tryMap(path: string, f: ContentFormat): string | undefined {
  try {
    return wikiPathToFile(path, f);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return undefined;
  }
}

describe('fuzz: wiki path → file', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wikikit-fuzz-path-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is refused with a UsageError, or lands inside the folder (lexically and on disk)', async () => {
    await fc.assert(
      fc.asyncProperty(wikiPath, format, async (path, f) => {
        const file = tryMap(path, f);
        if (file === undefined) return;
        expect(isAbsolute(file)).toBe(false);
        expect(file.split('/')).not.toContain('..');
        expect(file.split('/')).not.toContain('.');
        const target = resolve(root, file);
        const rel = relative(root, target);
        expect(rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)).toBe(false);
        expect(await resolveInside(root, file)).toBe(target);
      }),
      fuzz(400),
    );
  });

  it('never puts two pages on one file, and maps back to the same page', () => {
    fc.assert(
      fc.property(wikiPath, wikiPath, format, (a, b, f) => {
        const fa = tryMap(a, f);
        const fb = tryMap(b, f);
        if (fa !== undefined) expect(fileToWikiPath(fa)).toEqual({ path: a, format: f });
        if (fa !== undefined && fb !== undefined && a !== b) expect(fa).not.toBe(fb);
      }),
      fuzz(600),
    );
  });

  it('names that differ only by case or Unicode form are seen as one file by caseFoldKey', () => {
    fc.assert(
      fc.property(wikiPath, (a) => {
        const file = tryMap(a, 'markdown');
        if (file === undefined) return;
        expect(caseFoldKey(file)).toBe(caseFoldKey(file.replace(/[a-z]/g, (c) => c.toUpperCase())));
        expect(caseFoldKey(file.normalize('NFD'))).toBe(caseFoldKey(file.normalize('NFC')));
      }),
      fuzz(300),
    );
  });
});

describe('fuzz: file → wiki path', () => {
  const fileName = fc.tuple(wikiPath, fc.constantFrom('.md', '.markdown', '.html', '.wiki', '.MD', '.txt', '')).map(([p, ext]) => p + ext);

  it('is refused with a UsageError, or gives a page whose canonical file is the same page', () => {
    fc.assert(
      fc.property(fileName, (file) => {
        let mapped: { path: string; format: ContentFormat };
        try {
          mapped = fileToWikiPath(file);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          return;
        }
        let canonical: string;
        try {
          canonical = wikiPathToFile(mapped.path, mapped.format);
        } catch (error) {
          // A page that cannot be written back to a file (`\\.md` → page `\\`): sync validates
          // the path for the wiki separately, and a pull reports it.
          expect(error).toBeInstanceOf(UsageError);
          return;
        }
        expect(fileToWikiPath(canonical)).toEqual(mapped);
      }),
      fuzz(600),
    );
  });

  // Several spellings name one page (`a.md` / `a.markdown`, `>.md` / `%3E.md`, `%41.md` / `A.md`):
  // a push must never feed two files into one page; the extra ones are refused and reported.
  it('sync push plans at most one file per page and reports every other file', async () => {
    const names = fc.uniqueArray(
      fc.oneof(fc.constantFrom('a.md', 'a.markdown', 'A.md', '%41.md', '>.md', '%3E.md', '%3e.md', 'b/c.md', 'b/c.html', 'b%2Fc.md', 'con.md', '.git/x.md', 'ß.md', 'ss.md', 'e\u0301.md', '\u00e9.md'), fileName.filter((f) => !f.includes('\0') && !f.includes('\\') && !f.startsWith('/'))),
      { minLength: 1, maxLength: 8, comparator: (x, y) => x === y },
    );
    await fc.assert(
      fc.asyncProperty(names, async (files) => {
        const dir = await mkdtemp(join(tmpdir(), 'wikikit-fuzz-sync-'));
        try {
          const written: string[] = [];
          for (const file of files) {
            const target = join(dir, file);
            if (!resolve(target).startsWith(`${resolve(dir)}${sep}`)) continue;
            try {
              await mkdir(dirname(target), { recursive: true });
              await writeFile(target, `body of ${file}\n`, { flag: 'wx' });
              written.push(relative(dir, target).split(sep).join('/'));
            } catch {
              // not creatable here (a file where a folder must go, a name the OS refuses): skip
            }
          }
          const wiki = new MemoryWiki('wikijs-v2');
          const plan = await planSync({ wiki, dir, direction: 'push', prefix: 'fuzzdocs' });
          const targets = plan.changes.filter((c) => c.kind === 'create' || c.kind === 'update').map((c) => c.path);
          expect(new Set(targets).size, JSON.stringify(plan.changes.map((c) => [c.file, c.path]))).toBe(targets.length);
          const accounted = new Set([...plan.changes.map((c) => c.file), ...plan.sync.refused.map((r) => r.file), ...plan.skipped.map((r) => r.file)]);
          // Dotfiles and dot-folders are tooling, never pages, by design (sync's walk skips them).
          const pageFiles = written.filter((f) => formatOfFile(f) !== undefined && !f.split('/').some((seg) => seg.startsWith('.')));
          for (const file of pageFiles) {
            expect(accounted.has(file), `${file} neither planned nor reported`).toBe(true);
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }),
      fuzz(60),
    );
  });
});

describe('fuzz: wiki path validation', () => {
  it('never throws anything but UsageError, and an accepted Wiki.js path is a valid file name', () => {
    fc.assert(
      fc.property(wikiPath, fc.constantFrom('wikijs-v2', 'wikijs-v3', 'mediawiki' as const), (path, kind) => {
        let valid: string;
        try {
          valid = validateWikiPath(path, kind);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as UsageError).message).toMatch(/path/);
          return;
        }
        expect(valid).toBe(valid.trim());
        expect(valid.startsWith('/') || valid.endsWith('/')).toBe(false);
      }),
      fuzz(400),
    );
  });
});
