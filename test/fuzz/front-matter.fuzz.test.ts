/**
 * Front matter: parse ∘ render is the identity on whatever render produces (meta, unknown keys
 * and body byte for byte); any text either parses or fails with a UsageError naming the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { pageToFile, parsePageFile, renderPageFile, type PageFile, type PageMeta } from '../../src/model/front-matter.js';
import { fuzz } from './settings.js';

/** Text with what breaks naive front matter code: fences, YAML syntax, CRLF, BOM, unicode. */
const PIECES = ['---', '...', '\n', '\r\n', ':', ': ', '#', '- ', '"', "'", '[', ']', '{', '}', '|', '>', '&a', '*a', '!!str', '\t', ' ', '\uFEFF', 'é', '\u{1F600}', 'yes', 'no', 'null', '~', '0x1F', '1e3', 'title', 'tags'];
const tricky = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ maxLength: 40 }),
);
const text = fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 40 }));
const tag = text.filter((t) => t !== '');

const meta: fc.Arbitrary<PageMeta> = fc.record(
  {
    title: text,
    description: text,
    tags: fc.array(tag, { maxLength: 4 }),
    published: fc.boolean(),
    private: fc.boolean(),
    locale: fc.constantFrom('en', 'de', 'pt-br', 'zh'),
    editor: fc.constantFrom('markdown', 'ckeditor', 'code'),
  },
  { requiredKeys: [] },
);

const KNOWN = new Set(['title', 'description', 'tags', 'published', 'private', 'locale', 'editor', '__proto__', 'constructor']);
const extraValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !KNOWN.has(k)), tie('value'), { maxKeys: 3 })),
})).value;
const extraKeys = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !KNOWN.has(k)), extraValue, { maxKeys: 3 });

const pageFile: fc.Arbitrary<PageFile> = fc.record({ meta, extraKeys, content: text });

describe('fuzz: front matter', () => {
  it('parse(render(file)) gives the file back', () => {
    fc.assert(
      fc.property(pageFile, (file) => {
        const rendered = renderPageFile(file);
        const parsed = parsePageFile(rendered);
        expect(parsed.content).toBe(file.content);
        expect(parsed.meta).toEqual(file.meta);
        expect(parsed.extraKeys).toEqual(file.extraKeys);
      }),
      // A body that itself starts like front matter (a page opening with a `---` rule), with no meta.
      fuzz(500, { examples: [[{ meta: {}, extraKeys: {}, content: '---\ntitle: injected\n---\nbody' }], [{ meta: {}, extraKeys: {}, content: '\uFEFF---\n---\n' }]] }),
    );
  });

  it('a page as pulled from a wiki round-trips through its file', () => {
    fc.assert(
      fc.property(text, text, fc.array(tag, { maxLength: 3 }), fc.boolean(), text, (title, description, tags, published, content) => {
        const file = pageToFile({ id: '1', path: 'docs/a', title, description, tags, published, private: false, locale: 'en', updatedAt: '', revision: '1', content, format: 'markdown' });
        expect(parsePageFile(renderPageFile(file))).toEqual(file);
      }),
      fuzz(300),
    );
  });

  it('any text parses, or fails with a UsageError that names the file', () => {
    const anyText = fc.oneof(
      tricky.map((t) => `---\n${t}\n---\nbody`),
      tricky.map((t) => `---\n${t}`),
      fc.tuple(tricky, tricky).map(([a, b]) => `${a}\n---\n${b}`),
      text,
    );
    fc.assert(
      fc.property(anyText, (input) => {
        try {
          const parsed = parsePageFile(input, 'docs/x.md');
          expect(typeof parsed.content).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message.startsWith('docs/x.md: ')).toBe(true);
        }
      }),
      fuzz(800),
    );
  });
});
