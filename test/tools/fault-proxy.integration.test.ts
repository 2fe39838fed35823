import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { classifyRequest, eligibleFaults, FAULT_KINDS, hash01, startFaultProxy, type FaultKind, type FaultProxy, type FaultProxyOptions } from './fault-proxy.js';

interface Upstream {
  url: string;
  /** Bodies the upstream received in full (what it "applied"). */
  seen: string[];
  close(): Promise<void>;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A plain upstream that records every complete request and answers a JSON echo. */
async function upstream(): Promise<Upstream> {
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(body);
      const answer = JSON.stringify({ ok: true, n: seen.length, path: req.url, filler: 'x'.repeat(2000) });
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'session=abc; Path=/' });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const up: Upstream = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  closers.push(() => up.close());
  return up;
}

async function proxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const p = await startFaultProxy(options);
  closers.push(() => p.close());
  return p;
}

const gql = (query: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const mw = (action: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `action=${action}&format=json&title=A` });

/** The outcome as the client sees it: status + body, or the error that broke the exchange. */
async function exchange(url: string, init: RequestInit): Promise<{ status?: number; body?: string; headers?: Headers; error?: unknown; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, init);
    try {
      return { status: res.status, body: await res.text(), headers: res.headers, ms: Date.now() - started };
    } catch (error) {
      return { status: res.status, error, ms: Date.now() - started };
    }
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
}

describe('fault proxy: each fault, and what the upstream saw', () => {
  const only = (fault: FaultKind, extra: Partial<FaultProxyOptions> = {}) => async () => {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed: 1, rate: 1, faults: [fault], slowMs: 300, retryAfterSeconds: 2, ...extra });
    return { up, p };
  };

  it('no fault: forwards method, path, body and headers both ways', async () => {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed: 1, rate: 0 });
    const r = await exchange(`${p.url}/graphql?x=1`, gql('query { pages { list { id } } }'));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body!)).toMatchObject({ ok: true, path: '/graphql?x=1' });
    expect(r.headers?.get('set-cookie')).toBe('session=abc; Path=/');
    expect(up.seen).toEqual([JSON.stringify({ query: 'query { pages { list { id } } }' })]);
    expect(p.stats()).toMatchObject({ requests: 1, faults: 0, byKind: { 'query pages.list': 1 } });
  });

  it('reset-before: the client gets a broken connection, the upstream never saw it', async () => {
    const { up, p } = await only('reset-before')();
    const r = await exchange(`${p.url}/graphql`, gql('mutation { pages { create(path:"a") { responseResult { succeeded } } } }'));
    expect(r.error).toBeInstanceOf(Error);
    expect(up.seen).toHaveLength(0);
    expect(p.stats().injected).toEqual({ 'reset-before': 1 });
  });

  it('reset-after: the upstream applied it, the client hears nothing', async () => {
    const { up, p } = await only('reset-after')();
    const r = await exchange(`${p.url}/graphql`, gql('mutation { pages { delete(id:1) { responseResult { succeeded } } } }'));
    expect(r.error).toBeInstanceOf(Error);
    expect(r.status).toBeUndefined();
    expect(up.seen).toHaveLength(1);
    expect(p.stats().log).toEqual([{ seq: 1, kind: 'mutation pages.delete', fault: 'reset-after' }]);
  });

  for (const status of [500, 502, 503, 504] as const) {
    it(`http-${status}: applied upstream, answered ${status} without Retry-After`, async () => {
      const { up, p } = await only(`http-${status}`)();
      const r = await exchange(`${p.url}/graphql`, gql('query { pages { single(id:1) { id } } }'));
      expect(r.status).toBe(status);
      expect(r.headers?.get('retry-after')).toBeNull();
      expect(up.seen).toHaveLength(1);
    });
  }

  for (const [fault, status] of [['throttle-429', 429], ['throttle-503', 503]] as const) {
    it(`${fault}: Retry-After given, nothing forwarded`, async () => {
      const { up, p } = await only(fault)();
      const r = await exchange(`${p.url}/graphql`, gql('mutation { pages { render(id:1) { responseResult { succeeded } } } }'));
      expect(r.status).toBe(status);
      expect(r.headers?.get('retry-after')).toBe('2');
      expect(up.seen).toHaveLength(0);
    });
  }

  for (const [fault, code] of [['mw-maxlag', 'maxlag'], ['mw-readonly', 'readonly'], ['mw-ratelimited', 'ratelimited']] as const) {
    it(`${fault}: MediaWiki's own answer (200, header, JSON error), nothing forwarded`, async () => {
      const { up, p } = await only(fault)();
      const r = await exchange(`${p.url}/w/api.php`, mw('edit'));
      expect(r.status).toBe(200);
      expect(r.headers?.get('mediawiki-api-error')).toBe(code);
      const body = JSON.parse(r.body!) as { error: { code: string; lag?: number } };
      expect(body.error.code).toBe(code);
      if (code === 'maxlag') {
        expect(body.error.lag).toBe(1);
        expect(r.headers?.get('retry-after')).toBe('2');
      }
      expect(up.seen).toHaveLength(0);
      expect(p.stats().byKind).toEqual({ 'mw edit': 1 });
    });
  }

  it('mw-* faults are never given to a Wiki.js request', async () => {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed: 1, rate: 1, faults: ['mw-maxlag'] });
    const r = await exchange(`${p.url}/graphql`, gql('query { pages { list { id } } }'));
    expect(r.status).toBe(200);
    expect(p.stats().faults).toBe(0);
  });

  it('slow-first-byte: applied, and the answer arrives after the delay', async () => {
    const { up, p } = await only('slow-first-byte')();
    const r = await exchange(`${p.url}/graphql`, gql('query { pages { list { id } } }'));
    expect(r.status).toBe(200);
    expect(r.ms).toBeGreaterThanOrEqual(280);
    expect(up.seen).toHaveLength(1);
  });

  it('truncated-body: headers and half a body arrive, then the connection breaks', async () => {
    const { up, p } = await only('truncated-body')();
    const r = await exchange(`${p.url}/graphql`, gql('query { pages { list { id } } }'));
    expect(r.status).toBe(200);
    expect(r.error).toBeInstanceOf(Error);
    expect(up.seen).toHaveLength(1);
  });

  it('drop-mid-upload: a large multipart body is cut off; the upstream never saw it', async () => {
    const { up, p } = await only('drop-mid-upload')();
    const form = new FormData();
    form.append('action', 'upload');
    form.append('filename', 'Big.bin');
    form.append('chunk', new Blob([new Uint8Array(2 * 1024 * 1024).fill(7)]), 'upload.bin');
    const r = await exchange(`${p.url}/w/api.php`, { method: 'POST', body: form });
    expect(r.error).toBeInstanceOf(Error);
    expect(up.seen).toHaveLength(0);
    expect(p.stats().log).toEqual([{ seq: 1, kind: 'mw upload', fault: 'drop-mid-upload' }]);
  });

  it('a large multipart body without a fault is forwarded whole', async () => {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed: 1, rate: 0 });
    const form = new FormData();
    form.append('action', 'upload');
    form.append('chunk', new Blob([new Uint8Array(300_000).fill(65)]), 'upload.bin');
    const r = await exchange(`${p.url}/w/api.php`, { method: 'POST', body: form });
    expect(r.status).toBe(200);
    expect(up.seen).toHaveLength(1);
    expect(up.seen[0]!.split('A'.repeat(1000)).length).toBeGreaterThan(290);
  });
});

describe('fault proxy: determinism and targeting', () => {
  async function runSequence(seed: number, interleave: boolean): Promise<string[]> {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed, rate: 0.5, faults: ['http-500', 'http-503', 'throttle-429'] });
    for (let i = 0; i < 20; i++) {
      await exchange(`${p.url}/w/api.php`, mw('edit'));
      if (interleave) await exchange(`${p.url}/w/api.php`, mw('query'));
    }
    return p.stats().log.filter((e) => e.kind === 'mw edit').map((e) => e.fault);
  }

  it('the same seed gives the same faults to the same kind, whatever else is interleaved', async () => {
    const a = await runSequence(42, false);
    const b = await runSequence(42, true);
    expect(a.length).toBeGreaterThan(3);
    expect(b).toEqual(a);
    const c = await runSequence(43, false);
    expect(c).not.toEqual(a);
  });

  it('target limits faults to the requests it selects; setEnabled(false) stops them', async () => {
    const up = await upstream();
    const p = await proxy({ upstream: up.url, seed: 7, rate: 1, faults: ['http-500'], target: (k) => k.write });
    expect((await exchange(`${p.url}/w/api.php`, mw('query'))).status).toBe(200);
    expect((await exchange(`${p.url}/w/api.php`, mw('edit'))).status).toBe(500);
    p.setEnabled(false);
    expect((await exchange(`${p.url}/w/api.php`, mw('edit'))).status).toBe(200);
    expect(p.stats()).toMatchObject({ requests: 3, faults: 1, byKind: { 'mw query': 1, 'mw edit': 2 } });
  });

  it('hash01 is uniform enough for a rate to mean what it says', () => {
    let below = 0;
    for (let n = 0; n < 10_000; n++) if (hash01(3, 'mutation pages.create', n) < 0.2) below++;
    expect(below).toBeGreaterThan(1800);
    expect(below).toBeLessThan(2200);
  });

  it('via() maps an upstream URL through the proxy, and refuses another origin', async () => {
    const up = await upstream();
    const p = await startFaultProxy({ upstream: `${up.url}/w`, seed: 1 });
    closers.push(() => p.close());
    expect(p.via(`${up.url}/w/api.php?x=1`)).toBe(`${p.url}/api.php?x=1`);
    expect(() => p.via('http://other.example/w/api.php')).toThrow(/not under/);
  });
});

describe('fault proxy: classification', () => {
  const classify = (path: string, body: string, contentType = 'application/json') => classifyRequest('POST', path, { 'content-type': contentType }, Buffer.from(body));

  it('names GraphQL requests by operation type and field path, batches by their members', () => {
    expect(classify('/graphql', JSON.stringify({ query: 'mutation ($p: String!) { pages { create(path: $p) { responseResult { succeeded } } } }' }))).toEqual({ dialect: 'graphql', name: 'mutation pages.create', write: true, multipart: false });
    expect(classify('/graphql', JSON.stringify({ query: '{ pages { p0: singleByPath(path:"a", locale:"en") { id } p1: singleByPath(path:"b", locale:"en") { id } } }' })).name).toBe('query pages.singleByPath');
    const batch = classify('/graphql', JSON.stringify([{ query: 'query { pages { single(id:1) { id } } }' }, { query: 'mutation { pages { delete(id:1) { responseResult { succeeded } } } }' }]));
    expect(batch).toMatchObject({ name: 'query pages.single + mutation pages.delete', write: true });
    expect(classify('/_graphql', JSON.stringify({ query: 'mutation { login(username:"a", password:"b") { jwt } }' })).name).toBe('mutation login');
    expect(classify('/graphql', 'not json')).toMatchObject({ name: 'graphql ?', write: true });
  });

  it('names MediaWiki requests by action, from a form, a multipart body or the query string', () => {
    expect(classify('/w/api.php', 'action=edit&title=A', 'application/x-www-form-urlencoded')).toMatchObject({ dialect: 'mediawiki', name: 'mw edit', write: true });
    expect(classify('/w/api.php?action=query&meta=tokens', '', '')).toMatchObject({ name: 'mw query', write: false });
    const multipart = '--b\r\nContent-Disposition: form-data; name="format"\r\n\r\njson\r\n--b\r\nContent-Disposition: form-data; name="action"\r\n\r\nupload\r\n--b--\r\n';
    expect(classify('/w/api.php', multipart, 'multipart/form-data; boundary=b')).toMatchObject({ name: 'mw upload', write: true, multipart: true });
  });

  it('other requests by method and folder; eligibility follows the dialect and the body', () => {
    const upload = classifyRequest('POST', '/u', { 'content-type': 'multipart/form-data; boundary=x' }, Buffer.alloc(0));
    expect(upload).toMatchObject({ dialect: 'http', name: 'POST /*', write: true, multipart: true });
    expect(eligibleFaults(upload)).toContain('drop-mid-upload');
    expect(eligibleFaults(upload)).not.toContain('mw-maxlag');
    const edit = classify('/w/api.php', 'action=edit', 'application/x-www-form-urlencoded');
    expect(eligibleFaults(edit)).toEqual(FAULT_KINDS.filter((f) => f !== 'drop-mid-upload'));
  });
});

describe('fault proxy in front of the sandbox, with the real client', () => {
  it('a create whose answer is lost is re-read, not sent twice: one page', async () => {
    await using sandbox = await startSandbox({ port: 0, quiet: true });
    const p = await proxy({ upstream: sandbox.url, seed: 5, rate: 1, faults: ['reset-after'], target: (k) => k.name === 'mutation pages.create' });
    await using client = new WikiJsClient({ url: p.url, apiKey: sandbox.token }, { cache: false });
    const page = await client.pages.create({ path: 'faults/one', title: 'One', content: 'body one' });
    expect(page.path).toBe('faults/one');
    await using direct = new WikiJsClient({ url: sandbox.url, apiKey: sandbox.token }, { cache: false });
    const all = await direct.pages.list();
    expect(all.filter((x) => x.path === 'faults/one')).toHaveLength(1);
    expect(p.stats().injected).toEqual({ 'reset-after': 1 });
  });
});
