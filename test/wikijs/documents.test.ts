import { readFileSync } from 'node:fs';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as doc from '../../src/wikijs/v2/documents.js';

const schema = buildClientSchema((JSON.parse(readFileSync(new URL('../../schemas/wikijs-v2.introspection.json', import.meta.url), 'utf8')) as { data: IntrospectionQuery }).data);

const documents: [string, string][] = Object.entries(doc as Record<string, unknown>).flatMap(([name, value]) => (typeof value === 'string' && /^(query|mutation|\{)/.test(value.trim()) ? [[name, value] as [string, string]] : []));

describe('Wiki.js 2 page documents', () => {
  it.each(documents)('%s is valid against the real 2.5.314 schema', (_name, text) => {
    expect(validate(schema, parse(text)).map((e) => e.message)).toEqual([]);
  });

  it('aliased many-page documents are valid too', () => {
    expect(validate(schema, parse(doc.pageManyDocument(3, false)))).toEqual([]);
    expect(validate(schema, parse(doc.pageManyDocument(3, true)))).toEqual([]);
  });

  it('never selects locale, editor or toc in a mutation result, nor toc anywhere', () => {
    expect(doc.PAGE_MUTATION_FIELDS.split(/\s+/)).not.toEqual(expect.arrayContaining(['locale']));
    for (const field of ['locale', 'editor', 'toc']) expect(doc.PAGE_MUTATION_FIELDS.split(/[\s{}]+/)).not.toContain(field);
    for (const [, text] of documents) expect(text.split(/[\s{}(),]+/)).not.toContain('toc');
    for (const text of [doc.PAGE_CREATE, doc.PAGE_UPDATE]) {
      const selection = text.slice(text.indexOf('page {'));
      expect(selection).not.toMatch(/\b(locale|editor|toc)\b/);
    }
  });

  it('update declares every field as required so none can be omitted by accident', () => {
    for (const variable of ['$content: String!', '$tags: [String]!', '$isPublished: Boolean!', '$title: String!', '$description: String!', '$editor: String!', '$isPrivate: Boolean!']) {
      expect(doc.PAGE_UPDATE).toContain(variable);
    }
  });
});
