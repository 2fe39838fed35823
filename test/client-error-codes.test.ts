// Client-side error codes come from one table (src/client-errors.ts); a code string written in
// src/ must be in it or in a wiki's own table, so no code is invented at a call site.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CLIENT_ERROR_ALIASES, CLIENT_ERROR_CODES, canonicalErrorCode, clientError, isClientErrorCode, type ClientErrorCode } from '../src/client-errors.js';
import { AuthError, ConflictError, InternalError, NotFoundError, WikiApiError } from '../src/errors.js';
import { MEDIAWIKI_ERROR_CATEGORIES } from '../src/mediawiki/error-codes.js';
import { WIKIJS_V2_NAMED_CODES } from '../src/wikijs/v2/errors.js';
import { V3_ERROR_KEYS, V3_LEGACY_ERROR_NAMES } from '../src/wikijs/v3/error-keys.js';
import { WIKIJS_V3_NAMED_CODES } from '../src/wikijs/v3/errors.js';

const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// The sandbox plays the server: the codes it writes are the wiki's, in its answers, not wikikit errors.
const files = sourceFiles(SRC).filter((file) => !relative(SRC, file).startsWith('sandbox'));
const tableFile = join(SRC, 'client-errors.ts');

interface Use {
  readonly code: string;
  readonly where: string;
}

/** Every string literal given as an error code: `code: …` values (all literals in the expression) and `clientError('…'`. */
function codesUsed(): Use[] {
  const uses: Use[] = [];
  for (const file of files) {
    if (file === tableFile) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      const where = `${relative(SRC, file)}:${index + 1}`;
      for (const match of line.matchAll(/\bcode: ([^,}\n]+)/g)) {
        for (const literal of (match[1] ?? '').matchAll(/'([^']+)'/g)) uses.push({ code: literal[1]!, where });
      }
      for (const match of line.matchAll(/\bclientError\('([^']+)'/g)) uses.push({ code: match[1]!, where });
    });
  }
  return uses;
}

const WIKI_TABLES: readonly Readonly<Record<string, unknown>>[] = [WIKIJS_V2_NAMED_CODES, V3_ERROR_KEYS, WIKIJS_V3_NAMED_CODES, V3_LEGACY_ERROR_NAMES, MEDIAWIKI_ERROR_CATEGORIES];
const inAWikiTable = (code: string): boolean => WIKI_TABLES.some((table) => Object.hasOwn(table, code));

describe('client-side error codes', () => {
  it('every code string in src/ is in the client table or in a wiki table', () => {
    const uses = codesUsed();
    expect(uses.length).toBeGreaterThan(30);
    const unlisted = uses.filter((use) => !isClientErrorCode(use.code) && !inAWikiTable(use.code));
    expect(unlisted).toEqual([]);
  });

  it('every table code is used somewhere in src/ (no stale entries)', () => {
    const used = new Set(codesUsed().map((use) => use.code));
    const unused = Object.keys(CLIENT_ERROR_CODES).filter((code) => !used.has(code));
    expect(unused).toEqual([]);
  });

  it('has a one-line meaning per code and does not shadow a wiki code', () => {
    for (const [code, info] of Object.entries(CLIENT_ERROR_CODES)) {
      expect(info.meaning, code).toMatch(/^[A-Z].+\.$/);
      expect(info.meaning, code).not.toContain('\n');
      expect(inAWikiTable(code), `${code} is a wiki's code`).toBe(false);
    }
  });

  it('builds the class the table names, with the code literal-typed', () => {
    const stale = clientError('StaleRevision', 'changed', { wiki: 'wikijs-v3', path: 'docs/a' });
    expect(stale).toBeInstanceOf(ConflictError);
    expect(stale.code).toBe('StaleRevision');
    expect(stale.toJSON()).toMatchObject({ code: 'StaleRevision', category: 'conflict', wiki: 'wikijs-v3', path: 'docs/a' });
    expectTypeOf(stale).toEqualTypeOf<ConflictError<'StaleRevision'>>();
    expect(clientError('not-found', 'x', { wiki: 'mediawiki' })).toBeInstanceOf(NotFoundError);
    expect(clientError('GuestIdentity', 'x', { wiki: 'wikijs-v2' })).toBeInstanceOf(AuthError);
    const api = clientError('MalformedResponse', 'x', { wiki: 'wikijs-v2' });
    expect(api).toBeInstanceOf(WikiApiError);
    expect(api.category).toBe('api');
    expectTypeOf<'NoSuchCode'>().not.toExtend<ClientErrorCode>();
    // @ts-expect-error a code not in the table is refused at compile time (and at run time, as a bug)
    expect(() => clientError('NoSuchCode', 'x', { wiki: 'wikijs-v2' })).toThrow(InternalError);
  });

  it('keeps a replaced code as an alias of its replacement', () => {
    for (const [old, current] of Object.entries(CLIENT_ERROR_ALIASES)) {
      expect(isClientErrorCode(old)).toBe(false);
      expect(isClientErrorCode(current)).toBe(true);
      expect(canonicalErrorCode(old)).toBe(current);
    }
    expect(canonicalErrorCode('StaleUpdate')).toBe('StaleRevision');
    expect(canonicalErrorCode(6003)).toBe(6003);
    expect(canonicalErrorCode('move-lost')).toBe('move-lost');
  });
});
