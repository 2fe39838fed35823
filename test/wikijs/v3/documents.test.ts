import { readFileSync } from 'node:fs';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from '../../../src/wikijs/v3/documents.js';

const schema = buildClientSchema((JSON.parse(readFileSync(new URL('../../../schemas/wikijs-v3.introspection.json', import.meta.url), 'utf8')) as { data: IntrospectionQuery }).data);

const ops = Object.entries(documents).filter(([, v]) => typeof v === 'string' && /^(query|mutation)\b/.test(v));

describe('v3 documents', () => {
  it('has the documents the dialect sends', () => {
    expect(ops.length).toBeGreaterThan(40);
  });

  it.each(ops)('%s validates against the 3.0.0 schema', (_name, text) => {
    const errors = validate(schema, parse(text));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  it('mutations select operation { succeeded slug message } and never errorCode', () => {
    for (const [, text] of ops) {
      if (!(text as string).startsWith('mutation')) continue;
      expect(text).toContain(documents.OPERATION);
      expect(text).not.toContain('errorCode');
    }
  });
});
