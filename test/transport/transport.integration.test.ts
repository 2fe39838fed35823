import { describe, expect, it } from 'vitest';
import { NetworkError, TimeoutError } from '../../src/errors.js';
import { createTransport, responseText, type TransportEvent } from '../../src/transport/index.js';
import type { Operation } from '../../src/transport/types.js';
import { createHttpTestServer, json } from '../helpers/http-test-server.js';

const read: Operation = { name: 'pages.single', kind: 'read', idempotent: true };
const write: Operation = { name: 'pages.create', kind: 'write', idempotent: false };

function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('transport', () => {
  it('sends a user agent naming the package and version, and the credentials', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 200, { ok: true }));
    const transport = createTransport({}, { headers: () => ({ authorization: 'Bearer s3cret-token' }), secrets: () => ['s3cret-token'] });
    const response = await transport.send({ method: 'POST', url: `${server.url}/graphql`, body: '{}', operation: read });
    expect(response.status).toBe(200);
    expect(JSON.parse(responseText(response))).toEqual({ ok: true });
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^wikikit\/\d+\.\d+\.\d+/);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer s3cret-token');
    await transport.close();
  });

  it('retries a read on 503 with backoff, then succeeds', async () => {
    const server = await createHttpTestServer((_req, res, i) => (i < 2 ? json(res, 503, {}) : json(res, 200, { n: i })));
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({ sleep, random: () => 1 });
    const response = await transport.send({ method: 'POST', url: server.url, operation: read });
    expect(response.status).toBe(200);
    expect(response.attempts).toBe(3);
    expect(waits).toEqual([300, 600]);
    await transport.close();
  });

  it('never resends a write after a 502 (outcome unknown)', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 502, {}));
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({ sleep });
    const response = await transport.send({ method: 'POST', url: server.url, operation: write });
    expect(response.status).toBe(502);
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
    await transport.close();
  });

  it('resends a write on 429, honouring Retry-After exactly (no jitter) and pausing the origin', async () => {
    const server = await createHttpTestServer((_req, res, i) => (i === 0 ? json(res, 429, {}, { 'retry-after': '2' }) : json(res, 200, {})));
    const { sleep, waits } = recordingSleep();
    const events: TransportEvent[] = [];
    const transport = createTransport({ sleep, onEvent: (e) => events.push(e) });
    const response = await transport.send({ method: 'POST', url: server.url, operation: write });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(waits[0]).toBe(2000);
    expect(events.some((e) => e.type === 'rate-limit' && e.waitMs === 2000)).toBe(true);
    await transport.close();
  });

  it('gives up when the server asks for a longer wait than allowed', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 429, {}, { 'retry-after': '3600' }));
    const { sleep } = recordingSleep();
    const transport = createTransport({ sleep, retry: { maxRetryAfterMs: 10_000 } });
    const response = await transport.send({ method: 'POST', url: server.url, operation: read });
    expect(response.status).toBe(429);
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('stops after the retry limit', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 504, {}));
    const { sleep } = recordingSleep();
    const transport = createTransport({ sleep, retry: { limit: 2 } });
    const response = await transport.send({ method: 'POST', url: server.url, operation: read });
    expect(response.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    await transport.close();
  });

  it('retries a write refused before sending (connection refused), never reaching a server twice', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 200, {}));
    const url = server.url;
    await server.close();
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({ sleep, retry: { limit: 2 } });
    const error = await transport.send({ method: 'POST', url, operation: write }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).attempts).toBe(3);
    expect((error as NetworkError).message).toContain('ECONNREFUSED');
    expect(waits).toHaveLength(2);
    await transport.close();
  });

  it('times out an attempt; a write is not retried after a timeout', async () => {
    const server = await createHttpTestServer(() => new Promise(() => undefined));
    const transport = createTransport({ timeoutMs: 100 });
    const error = await transport.send({ method: 'POST', url: server.url, operation: write }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('attempt');
    expect(server.requests).toHaveLength(1);
    await transport.close();
  });

  it('bounds retries by the total deadline', async () => {
    const server = await createHttpTestServer(() => new Promise(() => undefined));
    const transport = createTransport({ timeoutMs: 80, totalTimeoutMs: 200, retry: { limit: 50, baseDelayMs: 1, maxDelayMs: 1 } });
    const error = await transport.send({ method: 'POST', url: server.url, operation: read }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('total');
    expect(server.requests.length).toBeLessThan(10);
    await transport.close();
  });

  it('honours the caller abort signal', async () => {
    const server = await createHttpTestServer(() => new Promise(() => undefined));
    const transport = createTransport();
    const controller = new AbortController();
    const pending = transport.send({ method: 'POST', url: server.url, operation: read, signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/aborted/);
    await transport.close();
  });

  it('limits requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await createHttpTestServer(async (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      json(res, 200, {});
    });
    const transport = createTransport({ maxConcurrent: 2 });
    await Promise.all(Array.from({ length: 8 }, () => transport.send({ method: 'POST', url: server.url, operation: read })));
    expect(peak).toBe(2);
    await transport.close();
  });

  it('spaces writes by minWriteIntervalMs', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 200, {}));
    const { sleep, waits } = recordingSleep();
    let clock = 1000;
    const transport = createTransport({ minWriteIntervalMs: 500, sleep, now: () => clock });
    await transport.send({ method: 'POST', url: server.url, operation: write });
    clock += 100;
    await transport.send({ method: 'POST', url: server.url, operation: write });
    expect(waits).toEqual([400]);
    await transport.close();
  });

  it('lets a dialect mark an HTTP 200 answer as throttled (MediaWiki maxlag)', async () => {
    const server = await createHttpTestServer((_req, res, i) =>
      i === 0 ? json(res, 200, { error: { code: 'maxlag', lag: 3 } }, { 'retry-after': '5' }) : json(res, 200, { edit: { result: 'Success' } }),
    );
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({ sleep });
    const response = await transport.send({
      method: 'POST',
      url: server.url,
      operation: { name: 'action=edit', kind: 'write', idempotent: false },
      classifyResponse: (r) => (responseText(r).includes('"maxlag"') ? { reason: 'maxlag' } : undefined),
    });
    expect(JSON.parse(responseText(response))).toEqual({ edit: { result: 'Success' } });
    expect(waits).toEqual([5000]);
    await transport.close();
  });

  it('rejects nonsense options with a clear message', () => {
    expect(() => createTransport({ timeoutMs: -1 })).toThrow(/timeoutMs must be a positive number/);
  });
});

describe('transport bodies', () => {
  it('sends a global (non-undici) FormData as real multipart with a boundary', async () => {
    const server = await createHttpTestServer((_req, res) => json(res, 200, {}));
    const transport = createTransport();
    const form = new globalThis.FormData();
    form.append('mediaUpload', JSON.stringify({ folderId: 0 }));
    form.append('mediaUpload', new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }), 'logo.png');
    await transport.send({ method: 'POST', url: `${server.url}/u`, body: form, operation: { name: 'assets.upload', kind: 'write', idempotent: false } });
    const request = server.requests[0]!;
    expect(request.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request.body).toContain('filename="logo.png"');
    expect(request.body).toContain('{"folderId":0}');
    await transport.close();
  });
});
