import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, TimeoutError, UsageError, ValidationError } from '../../src/errors.js';
import { classifyFailure, isOutcomeUnknown, type AttemptFailure } from '../../src/transport/classify.js';
import { resolveTransportOptions } from '../../src/transport/options.js';
import type { Operation } from '../../src/transport/types.js';

const read: Operation = { name: 'pages.single', kind: 'read', idempotent: true };
const write: Operation = { name: 'pages.create', kind: 'write', idempotent: false };

describe('classifyFailure', () => {
  const table: [string, AttemptFailure, Operation, boolean, string][] = [
    ['refused read', { type: 'unsent', code: 'ECONNREFUSED' }, read, true, 'transient'],
    ['refused write (never sent)', { type: 'unsent', code: 'ECONNREFUSED' }, write, true, 'transient'],
    ['reset read', { type: 'broken', code: 'ECONNRESET' }, read, true, 'transient'],
    ['reset write is ambiguous', { type: 'broken', code: 'ECONNRESET' }, write, false, 'ambiguous'],
    ['timeout read', { type: 'timeout' }, read, true, 'transient'],
    ['timeout write is ambiguous', { type: 'timeout' }, write, false, 'ambiguous'],
    ['429 write', { type: 'status', status: 429 }, write, true, 'throttled'],
    ['503 + Retry-After write', { type: 'status', status: 503, retryAfterMs: 1000 }, write, true, 'throttled'],
    ['503 read', { type: 'status', status: 503 }, read, true, 'server'],
    ['503 write without Retry-After', { type: 'status', status: 503 }, write, false, 'ambiguous'],
    ['502 write', { type: 'status', status: 502 }, write, false, 'ambiguous'],
    ['500 read', { type: 'status', status: 500 }, read, true, 'server'],
    ['500 write', { type: 'status', status: 500 }, write, false, 'server'],
    ['400 read', { type: 'status', status: 400 }, read, false, 'client'],
    ['maxlag write', { type: 'throttled', reason: 'maxlag', retryAfterMs: 5000 }, write, true, 'throttled'],
  ];
  it.each(table)('%s', (_name, failure, operation, retry, klass) => {
    const decision = classifyFailure(failure, operation);
    expect(decision.retry).toBe(retry);
    expect(decision.class).toBe(klass);
  });

  it('keeps the server-given wait', () => {
    expect(classifyFailure({ type: 'status', status: 429, retryAfterMs: 2500 }, read).serverWaitMs).toBe(2500);
  });

  it('an idempotent write may be repeated after a reset', () => {
    expect(classifyFailure({ type: 'broken' }, { name: 'pages.delete', kind: 'write', idempotent: true }).retry).toBe(true);
  });
});

describe('isOutcomeUnknown: may a failed write have been applied?', () => {
  const net = (code: string | undefined) => new NetworkError('x', { cause: new TypeError('fetch failed', { cause: code ? Object.assign(new Error(code), { code }) : undefined }) });
  it.each([
    ['timeout', new TimeoutError('t', { phase: 'attempt', timeoutMs: 1 }), true],
    ['reset after sending', net('ECONNRESET'), true],
    ['socket closed', net('UND_ERR_SOCKET'), true],
    ['no code at all (aborted mid-flight)', net(undefined), true],
    ['refused (never sent)', net('ECONNREFUSED'), false],
    ['DNS failure (never sent)', net('ENOTFOUND'), false],
    ['wrapped refusal (cause chain)', new NetworkError('wrapped', { cause: net('ECONNREFUSED') }), false],
    ['HTTP 502', new HttpError('h', { status: 502 }), true],
    ['HTTP 404', new HttpError('h', { status: 404 }), false],
    ['a refusal from the wiki', new ValidationError('v', { wiki: 'wikijs-v2', code: 6005 }), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isOutcomeUnknown(error)).toBe(expected);
  });
});

describe('transport options', () => {
  it('refuses a bad value with a UsageError naming the option', () => {
    expect(() => resolveTransportOptions({ timeoutMs: 0 })).toThrow(UsageError);
    expect(() => resolveTransportOptions({ retry: { limit: -1 } })).toThrow(expect.objectContaining({ field: 'transport.retry.limit' }) as Error);
    expect(resolveTransportOptions({ retry: false }).retry.limit).toBe(0);
  });
});
