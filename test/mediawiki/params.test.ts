import { describe, expect, it } from 'vitest';
import { AuthError, ConflictError, NotFoundError, PermissionError, RateLimitError, UsageError, ValidationError, WikiApiError } from '../../src/errors.js';
import { buildBody, encodeParams, needsMultipart } from '../../src/mediawiki/api.js';
import { CookieJar } from '../../src/mediawiki/cookie-jar.js';
import { buildEditParams, md5Of, validateEditParams, type EditParams } from '../../src/mediawiki/edit.js';
import { categoryOf, MEDIAWIKI_ERROR_CATEGORIES, mediaWikiError } from '../../src/mediawiki/error-codes.js';
import { assertValidTitle } from '../../src/mediawiki/title.js';
import { categoriesIn, withCategories } from '../../src/mediawiki/backend.js';

describe('encodeParams', () => {
  it('drops false/undefined, sends true as 1, joins arrays, uses U+001F when a value has |, puts token last', () => {
    const fields = encodeParams({ token: 'abc+\\', action: 'edit', minor: true, bot: false, nocreate: undefined, tags: ['a', 'b'], titles: ['x|y', 'z'], text: 'T' });
    expect(fields).toEqual([
      ['action', 'edit'],
      ['minor', '1'],
      ['tags', 'a|b'],
      ['titles', '\u001fx|y\u001fz'],
      ['text', 'T'],
      ['token', 'abc+\\'],
    ]);
  });

  it('switches to multipart above 8,000 characters or for files', async () => {
    expect(needsMultipart([['text', 'x'.repeat(8000)]])).toBe(false);
    expect(needsMultipart([['text', 'x'.repeat(8001)]])).toBe(true);
    expect(needsMultipart([['file', new Blob(['x'])]])).toBe(true);
    expect((await buildBody([['a', '1']], false)).body).toBeInstanceOf(URLSearchParams);
    const multipart = await buildBody([['text', 'a\nb']], true);
    expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data; boundary=wikikit-[0-9a-f]{36}$/);
  });
});

describe('edit parameters', () => {
  it('always computes md5 of text, or of prependtext + appendtext', () => {
    expect(md5Of({ title: 'A', text: 'abc' })).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Of({ title: 'A', prependtext: 'a', appendtext: 'bc' })).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Of({ title: 'A', undo: 3 })).toBeUndefined();
    const params = buildEditParams({ title: 'A', text: 'abc', summary: 's', baserevid: 5, section: 'new', sectiontitle: 'H' }, { bot: true });
    expect(params).toMatchObject({ action: 'edit', title: 'A', text: 'abc', md5: '900150983cd24fb0d6963f7d28e17f72', bot: true, baserevid: 5, section: 'new', sectiontitle: 'H' });
    expect(buildEditParams({ title: 'A', text: 'x', bot: false }, { bot: true })['bot']).toBe(false);
    expect(buildEditParams({ title: 'A', text: 'x', md5: 'given' }, { bot: false })['md5']).toBe('given');
  });

  it('passes every documented API:Edit parameter through under its own name', () => {
    const all: Required<EditParams> = {
      title: 'T', pageid: 1, section: 1, sectiontitle: 'S', text: 't', summary: 's', tags: ['x'], minor: true, notminor: true, bot: true, baserevid: 1,
      basetimestamp: '2024-01-01T00:00:00Z', starttimestamp: '2024-01-01T00:00:00Z', recreate: true, createonly: true, nocreate: true, watch: true, unwatch: true,
      watchlist: 'watch', watchlistexpiry: '1 week', md5: 'm', prependtext: 'p', appendtext: 'a', undo: 1, undoafter: 1, redirect: true, contentformat: 'text/x-wiki',
      contentmodel: 'wikitext', returnto: 'R', returntoquery: '?a', returntoanchor: '#b', captchaid: 'c', captchaword: 'w',
    };
    const built = buildEditParams(all, { bot: false });
    for (const name of Object.keys(all)) expect(built, name).toHaveProperty(name);
  });

  it.each<[string, EditParams, string]>([
    ['empty title', { title: '', text: 'x' }, 'title'],
    ['whitespace title', { title: '  ', text: 'x' }, 'title'],
    ['illegal character', { title: 'A|B', text: 'x' }, 'title'],
    ['title and pageid', { title: 'A', pageid: 1, text: 'x' }, 'pageid'],
    ['neither', { text: 'x' }, 'title'],
    ['text + appendtext', { title: 'A', text: 'x', appendtext: 'y' }, 'appendtext'],
    ['text + prependtext', { title: 'A', text: 'x', prependtext: 'y' }, 'prependtext'],
    ['undo 0', { title: 'A', undo: 0 }, 'undo'],
    ['undoafter without undo', { title: 'A', undoafter: 4 }, 'undo'],
    ['no content at all', { title: 'A' }, 'text'],
    ['minor + notminor', { title: 'A', text: 'x', minor: true, notminor: true }, 'notminor'],
    ['createonly + nocreate', { title: 'A', text: 'x', createonly: true, nocreate: true }, 'nocreate'],
    ['sectiontitle without new', { title: 'A', text: 'x', sectiontitle: 'S' }, 'sectiontitle'],
    ['negative section', { title: 'A', text: 'x', section: -1 }, 'section'],
    ['bad watchlist', { title: 'A', text: 'x', watchlist: 'always' as never }, 'watchlist'],
    ['bad basetimestamp', { title: 'A', text: 'x', basetimestamp: 'yesterday' }, 'basetimestamp'],
    ['captchaid alone', { title: 'A', text: 'x', captchaid: '1' }, 'captchaword'],
  ])('refuses %s before any request', (_name, params, field) => {
    expect(() => validateEditParams(params)).toThrow(UsageError);
    try {
      validateEditParams(params);
    } catch (error) {
      expect((error as UsageError).field).toBe(field);
    }
  });

  it('title rules', () => {
    for (const bad of ['', ':', 'a#b', 'a<b', 'a[b', 'a{b', 'x%41', '../up', 'a/./b', 'sig ~~~', 'x'.repeat(256), 'tab\tchar']) {
      expect(() => assertValidTitle(bad), bad).toThrow(UsageError);
    }
    for (const good of ['Main Page', 'Talk:Foo', 'a/b/c', 'Ünïcödé', "It's (fine)!"]) expect(assertValidTitle(good)).toBe(good);
  });
});

describe('error mapping', () => {
  const request = { method: 'POST', url: 'http://wiki/api.php', operation: 'action=edit' };
  it('maps every API:Edit code to its category class and keeps code + info', () => {
    const classes = { auth: AuthError, permission: PermissionError, 'not-found': NotFoundError, conflict: ConflictError, validation: ValidationError, 'rate-limit': RateLimitError, api: WikiApiError };
    for (const [code, category] of Object.entries(MEDIAWIKI_ERROR_CATEGORIES)) {
      const error = mediaWikiError('action=edit', { code, info: `info of ${code}` }, { request });
      expect(error, code).toBeInstanceOf(classes[category]);
      expect(error.code).toBe(code);
      expect(error.details?.['info']).toBe(`info of ${code}`);
      expect(error.request).toBe(request);
      expect(error.wiki).toBe('mediawiki');
    }
    for (const code of ['editconflict', 'articleexists', 'pagedeleted']) expect(categoryOf(code)).toBe('conflict');
    expect(categoryOf('missingtitle')).toBe('not-found');
    expect(categoryOf('protectedpage')).toBe('permission');
    expect(categoryOf('maxlag')).toBe('rate-limit');
    expect(categoryOf('internal_api_error_DBQueryError')).toBe('api');
    const unknown = mediaWikiError('action=edit', { code: 'brand-new-code', info: 'x' }, { request });
    expect(unknown.constructor).toBe(WikiApiError);
    expect(unknown.code).toBe('brand-new-code');
  });

  it('one-line message naming operation, code, info, title and endpoint; secrets scrubbed from info', () => {
    const error = mediaWikiError('action=edit', { code: 'badtoken', info: 'Invalid CSRF token abcd1234+\\' }, { request, path: 'Foo', secrets: ['abcd1234+\\'] });
    expect(error.message).toBe('MediaWiki action=edit failed: badtoken (Invalid CSRF token [REDACTED]) — "Foo" [POST http://wiki/api.php]');
    expect(error).toBeInstanceOf(AuthError);
  });
});

describe('CookieJar', () => {
  it('keeps, replaces and expires cookies; exposes values as secrets', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.setCookie('wikidb_session=abc123; path=/; HttpOnly');
    jar.setCookie('short=1; Max-Age=10');
    jar.setCookie('gone=x; expires=Thu, 01 Jan 1970 00:00:01 GMT');
    expect(jar.headers()).toEqual({ cookie: 'wikidb_session=abc123; short=1' });
    now += 11_000;
    expect(jar.headers()).toEqual({ cookie: 'wikidb_session=abc123' });
    jar.setCookie('wikidb_session=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT');
    expect(jar.headers()).toEqual({});
    jar.setCookie('s=secretvalue');
    expect(jar.secrets()).toContain('secretvalue');
  });
});

describe('categories as tags', () => {
  it('reads and appends category links', () => {
    expect(categoriesIn('x [[Category:A]] [[category: B_c|sort]] [[Category:A]]')).toEqual(['A', 'B c']);
    expect(withCategories('text\n', ['A', 'B'])).toBe('text\n[[Category:A]]\n[[Category:B]]');
    expect(withCategories('t [[Category:A]]', ['a'])).toBe('t [[Category:A]]');
  });
});
