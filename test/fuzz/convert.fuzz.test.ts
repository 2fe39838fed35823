/**
 * Wikitext → Markdown, through the public conversion function only (`convertWikitext(wikitext,
 * context)` from src/ops/migrate), so these properties hold for whichever converter sits behind
 * it: it never throws, its output is well-formed UTF-8, and every internal link written in the
 * wikitext is a link in the Markdown.
 */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { convertWikitext, type ConvertContext } from '../../src/ops/migrate/index.js';
import { fuzz } from './settings.js';

const slug = (title: string): string => title.toLowerCase().replace(/:/g, '/').replace(/\s+/g, '-');
const context: ConvertContext = {
  title: 'Fuzz page',
  resolvePage: (title) => ({ path: `/wiki/${slug(title)}`, exists: true }),
  resolveFile: (title) => ({ path: `/files/${slug(title.replace(/^[^:]*:/, ''))}`, exists: true }),
};

const markdownIt = new MarkdownIt({ html: true });

function wellFormedUtf8(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}

/** Links in the Markdown (or in HTML inside it) that point at a converted page. */
function pageLinks(markdown: string): string[] {
  const hrefs: string[] = [];
  const walk = (tokens: ReturnType<MarkdownIt['parse']>): void => {
    for (const token of tokens) {
      if (token.type === 'link_open') hrefs.push(token.attrGet('href') ?? '');
      // Constructs Markdown cannot express (definition lists, HTML tables) keep links as <a href>.
      if (token.type === 'html_block' || token.type === 'html_inline') for (const m of token.content.matchAll(/<a\s[^>]*href="([^"]*)"/g)) hrefs.push(m[1] ?? '');
      if (token.children) walk(token.children);
    }
  };
  walk(markdownIt.parse(markdown, {}));
  return hrefs.filter((h) => h.startsWith('/wiki/'));
}

const MARKUP = ['[[', ']]', '[', ']', '{{', '}}', '{|', '|}', '|', '||', "''", "'''", '==', '=', '\n', '\n\n', '*', '#', ':', ';', '<ref>', '</ref>', '<nowiki>', '</nowiki>', '<!--', '-->', '<div>', '</div>', '<pre>', '&amp;', '&#x1F600;', '__TOC__', '~~~~', '----', ' ', 'a', 'Foo', 'é', '\u{1F600}', 'File:', 'Category:', 'http://x.example', '\t', '\r\n', '<', '>', '&'];
const anyWikitext = fc.oneof(
  fc.array(fc.constantFrom(...MARKUP), { maxLength: 30 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ maxLength: 60 }),
);

const word = fc.stringMatching(/^[A-Za-z][a-z]{0,7}$/);
const title = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
type Piece = { text: string; links: number };
const link: fc.Arbitrary<Piece> = fc.oneof(
  title.map((t) => ({ text: `[[${t}]]`, links: 1 })),
  fc.tuple(title, fc.array(word, { minLength: 1, maxLength: 3 })).map(([t, label]) => ({ text: `[[${t}|${label.join(' ')}]]`, links: 1 })),
);
const inline: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 3, arbitrary: word.map((w) => ({ text: w, links: 0 })) },
  { weight: 2, arbitrary: link },
  { weight: 1, arbitrary: link.map((l) => ({ text: `'''${l.text}'''`, links: l.links })) },
  { weight: 1, arbitrary: link.map((l) => ({ text: `''${l.text}''`, links: l.links })) },
);
const lineOf = (pieces: Piece[]): Piece => ({ text: pieces.map((p) => p.text).join(' '), links: pieces.reduce((n, p) => n + p.links, 0) });
const line: fc.Arbitrary<Piece> = fc.tuple(fc.constantFrom('', '* ', '# ', '== ', ': '), fc.array(inline, { minLength: 1, maxLength: 6 })).map(([lead, pieces]) => {
  const body = lineOf(pieces);
  return { text: lead === '== ' ? `== ${body.text} ==` : `${lead}${body.text}`, links: body.links };
});
const page = fc.array(line, { minLength: 1, maxLength: 8 }).map((lines) => ({ text: lines.map((l) => l.text).join('\n\n'), links: lines.reduce((n, l) => n + l.links, 0) }));

describe('fuzz: wikitext → Markdown (public convertWikitext)', () => {
  it('never throws, and the Markdown is well-formed UTF-8, on any input', () => {
    fc.assert(
      fc.property(anyWikitext, (wikitext) => {
        const result = convertWikitext(wikitext, context);
        expect(typeof result.markdown).toBe('string');
        if (wellFormedUtf8(wikitext)) expect(wellFormedUtf8(result.markdown)).toBe(true);
      }),
      fuzz(300),
    );
  });

  it('keeps every internal link (headings, lists, bold and italic around them)', () => {
    fc.assert(
      fc.property(page, ({ text, links }) => {
        const { markdown } = convertWikitext(text, context);
        expect(pageLinks(markdown), markdown).toHaveLength(links);
      }),
      fuzz(200),
    );
  });
});
