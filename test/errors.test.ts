import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ConflictError,
  createApiError,
  isConflictError,
  isNotFoundError,
  isWikikitError,
  NotFoundError,
  TimeoutError,
  UsageError,
  WikiApiError,
  WikikitError,
} from '../src/errors.js';

describe('error hierarchy', () => {
  it('names equal class names, categories are set', () => {
    const e = new ConflictError('Wiki.js pages.create failed: PageDuplicateCreate (6002)', { wiki: 'wikijs-v2', code: 6002, slug: 'PageDuplicateCreate', httpStatus: 200 });
    expect(e.name).toBe('ConflictError');
    expect(e).toBeInstanceOf(WikiApiError);
    expect(e).toBeInstanceOf(WikikitError);
    expect(e.category).toBe('conflict');
    expect(e.toJSON()).toMatchObject({ name: 'ConflictError', code: 6002, slug: 'PageDuplicateCreate', wiki: 'wikijs-v2', httpStatus: 200 });
  });

  it('createApiError picks the class by category and keeps unknown codes raw', () => {
    expect(createApiError('not-found', 'x', { wiki: 'mediawiki', code: 'missingtitle' })).toBeInstanceOf(NotFoundError);
    expect(createApiError('auth', 'x', { wiki: 'wikijs-v3', code: 'ERR_INVALID_TOKEN' })).toBeInstanceOf(AuthError);
    const unknown = createApiError('api', 'x', { wiki: 'wikijs-v2', code: 9999 });
    expect(unknown.constructor).toBe(WikiApiError);
    expect(unknown.code).toBe(9999);
  });

  it('guards recognise errors from another copy of the package by name', () => {
    const foreign = Object.assign(new Error('x'), { name: 'ConflictError', category: 'conflict' });
    expect(isWikikitError(foreign)).toBe(true);
    expect(isConflictError(foreign)).toBe(true);
    expect(isNotFoundError(foreign)).toBe(false);
    expect(isWikikitError(new Error('x'))).toBe(false);
  });

  it('keeps cause, field, and timeout phase', () => {
    const cause = new Error('low level');
    const timeout = new TimeoutError('t', { phase: 'total', timeoutMs: 10, cause });
    expect(timeout.cause).toBe(cause);
    expect(timeout.toJSON()).toMatchObject({ phase: 'total', timeoutMs: 10, category: 'timeout' });
    expect(new UsageError('path is empty', { field: 'path' }).toJSON()).toMatchObject({ field: 'path', category: 'usage' });
  });
});
