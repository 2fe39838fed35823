import { describe, expect, it } from 'vitest';
import { compare, errorKey, normaliseContentType, normaliseText, redact, responseResults, shapeDifferences, shapeOf, valueDifferences, type Recorded } from './compare.js';
import { pick } from './http.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJhcGkiOjF9.c2lnbmF0dXJl';

function json(value: unknown, status = 200): Recorded {
  return { status, contentType: 'application/json;charset=utf-8', json: value, text: JSON.stringify(value), headers: [] };
}

describe('normalisation', () => {
  it('replaces dates, JWTs and sha1 hashes, and nothing else', () => {
    expect(normaliseText(`at 2026-12-07T01:44:30.613Z key ${JWT} hash 68a520f84f9746ebc340955ae3741f8af4c04f1b id 12`))
      .toBe('at <date> key <jwt> hash <hash> id 12');
    expect(normaliseText('2026-12-07T01:44:30+01:00')).toBe('<date>');
    expect(normaliseText('Page 12 not found')).toBe('Page 12 not found');
  });

  it('compares content types without case or spaces', () => {
    expect(normaliseContentType('Application/JSON; charset=utf-8')).toBe('application/json;charset=utf-8');
    expect(normaliseContentType(null)).toBe('');
  });

  it('redacts tokens from a recording before it is saved', () => {
    const rec = redact(json({ data: { login: { jwt: JWT, n: 1 } } }));
    expect(rec.text).not.toContain(JWT);
    expect(rec.json).toEqual({ data: { login: { jwt: '<jwt>', n: 1 } } });
  });
});

describe('shape', () => {
  it('keeps keys (sorted), array lengths and JSON types; a stack trace is any list of strings', () => {
    expect(shapeOf({ b: [1, 'x'], a: null, c: { d: true } })).toEqual({ a: 'null', b: ['number', 'string'], c: { d: 'boolean' } });
    expect(shapeOf({ stacktrace: ['a', 'b', 'c'] })).toEqual(shapeOf({ stacktrace: ['only one'] }));
    expect(shapeOf({ trail: ['a', 'b'] })).not.toEqual(shapeOf({ trail: ['a'] }));
  });

  it('reports the deepest differing path: null vs string, missing key, other length', () => {
    const real = shapeOf({ page: { render: null, tags: [{ tag: 'a' }, { tag: 'b' }] } });
    const sandbox = shapeOf({ page: { render: '<p>', extra: 1, tags: [{ tag: 'a' }] } });
    expect(shapeDifferences(real, sandbox).map((d) => [d.path, d.real, d.sandbox])).toEqual([
      ['$.page.extra', '(absent)', 'number'],
      ['$.page.render', 'null', 'string'],
      ['$.page.tags', 'array(2)', 'array(1)'],
    ]);
    expect(shapeDifferences(real, real)).toEqual([]);
  });

  it('tells an object from an array from a scalar', () => {
    expect(shapeDifferences(shapeOf([1]), shapeOf({ 0: 1 }))).toHaveLength(1);
    expect(shapeDifferences(shapeOf({ a: {} }), shapeOf({ a: 'x' }))[0]).toMatchObject({ path: '$.a', real: 'object', sandbox: 'string' });
  });
});

describe('compare', () => {
  const ok = { data: { pages: { create: { responseResult: { succeeded: true, errorCode: 0, slug: 'ok', message: 'Page created successfully.' }, page: { id: 1 } } } } };

  it('finds no difference between answers that differ only in ids, dates and tokens', () => {
    const a = json({ data: { pages: { single: { id: 1, updatedAt: '2026-12-07T01:44:30.613Z', key: JWT } } } });
    const b = json({ data: { pages: { single: { id: 7, updatedAt: '2027-01-01T00:00:00.000Z', key: 'eyJx.eyJy.zzz' } } } });
    expect(compare(a, b)).toEqual([]);
  });

  it('reports status, content type and a JSON-vs-text body', () => {
    const text: Recorded = { status: 405, contentType: 'text/html;charset=utf-8', text: 'GET supports only query operation', headers: [] };
    const checks = compare(text, json({ errors: [] }, 405)).map((d) => d.check);
    expect(checks).toEqual(['content-type', 'body-kind']);
    expect(compare(json({}, 400), json({}, 200)).map((d) => d.check)).toEqual(['status']);
  });

  it('compares text bodies after normalisation', () => {
    const t = (s: string): Recorded => ({ status: 500, contentType: 'text/html;charset=utf-8', text: s, headers: [] });
    expect(compare(t('issued 2026-12-07T01:00:00.000Z'), t('issued 2025-01-01T00:00:00.000Z'))).toEqual([]);
    expect(compare(t('POST body missing.'), t('Not Found'))[0]).toMatchObject({ check: 'text' });
  });

  it('reports a responseResult whose code or message differs, even with the same shape', () => {
    const other = structuredClone(ok);
    other.data.pages.create.responseResult = { succeeded: false, errorCode: 6002, slug: 'PageDuplicateCreate', message: 'dup' };
    const diffs = compare(json(ok), json(other));
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({ check: 'responseResult', path: '$.data.pages.create.responseResult' });
  });

  it('reports errors by message, path and both codes', () => {
    const err = (path: unknown[], code: string, wiki?: number) => ({ message: 'Forbidden', path, extensions: { code, exception: { ...(wiki ? { code: wiki } : {}), stacktrace: ['x'] } } });
    expect(compare(json({ errors: [err(['a'], 'X')] }), json({ errors: [err(['a'], 'X')] }))).toEqual([]);
    expect(compare(json({ errors: [err(['a', 'b'], 'X')] }), json({ errors: [err(['a'], 'X')] })).map((d) => d.check)).toContain('error');
    expect(compare(json({ errors: [err(['a'], 'X', 6003)] }), json({ errors: [err(['a'], 'X', 6013)] })).map((d) => d.check)).toEqual(['error']);
    expect(compare(json({ errors: [err(['a'], 'INTERNAL_SERVER_ERROR')] }), json({ errors: [err(['a'], 'BAD_USER_INPUT')] }))[0]?.check).toBe('error');
  });

  it('reports data and errors presence per batch element, and a batch against a single answer', () => {
    const diffs = compare(json([{ data: { a: 1 } }, { errors: [{ message: 'm' }] }]), json([{ data: { a: 1 } }, { data: null, errors: [{ message: 'm' }] }]));
    expect(diffs.map((d) => [d.check, d.path])).toEqual([['data', '$[1].data'], ['shape', '$[1].data']]);
    expect(compare(json([{ data: {} }]), json({ data: {} }))[0]).toMatchObject({ check: 'shape', path: '$' });
  });

  it('reports a renewed-JWT header present on one side only', () => {
    const b = { ...json({}), headers: ['new-jwt'] };
    expect(compare(json({}), b)).toEqual([{ check: 'header', path: 'new-jwt', real: 'absent', sandbox: 'present' }]);
  });
});

describe('helpers', () => {
  it('finds every responseResult, also inside batches', () => {
    expect(responseResults([{ data: { a: { responseResult: { succeeded: true } } } }, { data: { b: { responseResult: null } } }]).map((r) => r.path))
      .toEqual(['$[0].data.a.responseResult', '$[1].data.b.responseResult']);
  });

  it('keys an error on what the client reads', () => {
    expect(errorKey({ message: 'at 2026-12-07T01:00:00.000Z', path: ['x'], extensions: { code: 'C', exception: { code: 6003, stacktrace: ['s'] } } }))
      .toBe(JSON.stringify({ message: 'at <date>', path: ['x'], code: 'C', wikiCode: 6003 }));
  });

  it('lists value differences (informational) without stack traces', () => {
    expect(valueDifferences({ a: 1, b: 'x', stack: 'p' }, { a: 2, b: 'x', stack: 'q' })).toEqual([{ path: '$.a', real: '1', sandbox: '2' }]);
  });

  it('picks by dotted path with indices', () => {
    expect(pick([{ data: { list: [{ id: 4 }] } }], '[0].data.list[0].id')).toBe(4);
    expect(pick({ a: null }, 'a.b')).toBeUndefined();
  });
});
