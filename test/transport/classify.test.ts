import { describe, expect, it } from 'vitest';
import { classifyFailure, type AttemptFailure } from '../../src/transport/classify.js';
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
    ['500 read', { type: 'status', status: 500 }, read, false, 'server'],
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
