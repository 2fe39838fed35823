import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { deriveTitle, fileToPageInput, inputMatchesPage, pageToFile, parsePageFile, renderPageFile } from '../../src/model/front-matter.js';
import type { Page } from '../../src/model/page.js';

const page: Page = {
  id: '1',
  path: 'docs/a',
  title: 'A: the first',
  description: 'desc',
  content: '# A\n\nbody\n',
  format: 'markdown',
  tags: ['x', 'y z'],
  locale: 'en',
  published: true,
  private: false,
  revision: 'r1',
  updatedAt: '2026-01-01T00:00:00.000Z',
  extra: { editor: 'markdown' },
};

describe('front matter', () => {
  it('round-trips page fields, unknown keys and the exact body', () => {
    const file = pageToFile(page, { owner: 'docs-team', weight: 3, nested: { a: [1, 2] } });
    const text = renderPageFile(file);
    expect(text.startsWith('---\ntitle: "A: the first"\n')).toBe(true);
    const parsed = parsePageFile(text);
    expect(parsed).toEqual(file);
    expect(renderPageFile(parsed)).toBe(text);
  });

  it('maps only present keys to a PageInput, so updates never wipe omitted fields', () => {
    const input = fileToPageInput(parsePageFile('---\ntitle: T\neditor: code\n---\n\nx'), 'p/q', 'markdown');
    expect(input).toEqual({ path: 'p/q', content: 'x', format: 'markdown', title: 'T', extra: { editor: 'code' } });
    expect(fileToPageInput(parsePageFile('no front matter\n'), 'p', 'markdown')).toEqual({ path: 'p', content: 'no front matter\n', format: 'markdown' });
  });

  it('accepts comma tags (Wiki.js storage style) and a BOM, keeps dates as strings', () => {
    const parsed = parsePageFile('\uFEFF---\ntags: a, b\ndate: 2024-01-01\n---\nbody');
    expect(parsed.meta.tags).toEqual(['a', 'b']);
    expect(parsed.extraKeys).toEqual({ date: '2024-01-01' });
    expect(parsed.content).toBe('body');
  });

  it('refuses malformed front matter with a UsageError naming the file', () => {
    expect(() => parsePageFile('---\ntitle: [unclosed\n---\n', 'docs/a.md')).toThrow(UsageError);
    expect(() => parsePageFile('---\ntitle: x\n', 'docs/a.md')).toThrow(/no closing/);
    expect(() => parsePageFile('---\npublished: maybe\n---\n')).toThrow(/true or false/);
    expect(() => parsePageFile('---\n- a\n---\n')).toThrow(/mapping/);
  });

  it('compares input to page ignoring trailing whitespace and tag case/order', () => {
    expect(inputMatchesPage({ path: 'docs/a', content: '# A\r\n\r\nbody', tags: ['Y Z', 'x'] }, page)).toBe(true);
    expect(inputMatchesPage({ path: 'docs/a', content: '# A\n\nbody', title: 'other' }, page)).toBe(false);
  });

  it('a wikitext page compares in the form MediaWiki stores (NFC, CR and CRLF as LF, controls as U+FFFD, PHP rtrim)', () => {
    const wikitext: Page = { ...page, format: 'wikitext', content: 'caf\u00e9\nline\n\ufffd\u00a0' };
    expect(inputMatchesPage({ path: 'docs/a', content: 'cafe\u0301\rline\r\n\u0007\u00a0 \r\n' }, wikitext)).toBe(true);
    expect(inputMatchesPage({ path: 'docs/a', content: 'caf\u00e9\nline\n\ufffd' }, wikitext)).toBe(false); // NBSP is kept by MediaWiki
    // Markdown pages (Wiki.js) keep the plain comparison: NFD is a different text there.
    expect(inputMatchesPage({ path: 'docs/a', content: '# A\n\nbody'.normalize('NFD') }, { ...page, content: '# A\n\nbody' })).toBe(true);
    expect(inputMatchesPage({ path: 'docs/a', content: 'cafe\u0301' }, { ...page, content: 'caf\u00e9' })).toBe(false);
  });

  it('derives a title from the first heading or the path', () => {
    expect(deriveTitle('intro\n# Hello world #\n', 'x')).toBe('Hello world');
    expect(deriveTitle('none', 'docs/getting-started')).toBe('getting started');
  });
});
