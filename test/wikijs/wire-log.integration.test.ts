import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { entriesFor, fieldsOf, outcomeOf, startWireProxy } from '../helpers/wikijs-wire.js';

describe('wire log of the contract run (what the coverage test counts)', () => {
  it('names namespace fields through aliases, fragments and several namespaces', () => {
    const doc = parse('fragment F on PageQuery { single(id: 1) { id } } query Q { a: pages { ...F list { id } } users { ... on UserQuery { me: profile { id } } } __typename }');
    expect(fieldsOf(doc, 'Q')).toEqual([
      { field: 'Query.pages.single', keys: ['a', 'single'] },
      { field: 'Query.pages.list', keys: ['a', 'list'] },
      { field: 'Query.users.profile', keys: ['users', 'me'] },
    ]);
    expect(fieldsOf(parse('mutation { system { setTelemetry(enabled: false) { responseResult { succeeded } } } }'))[0]?.field).toBe('Mutation.system.setTelemetry');
  });

  it('tells served from refused (failed or missing status, error at the path) and from invalid documents', () => {
    const sent = { field: 'Mutation.users.create', keys: ['users', 'create'] as const };
    expect(outcomeOf(sent, { data: { users: { create: { responseResult: { succeeded: true } } } } }, 200)).toBe('served');
    expect(outcomeOf(sent, { data: { users: { create: { responseResult: { succeeded: false } } } } }, 200)).toBe('refused');
    expect(outcomeOf(sent, { data: { users: { create: { responseResult: null } } } }, 200)).toBe('refused');
    expect(outcomeOf(sent, { data: { users: null }, errors: [{ path: ['users', 'create', 'x'] }] }, 200)).toBe('refused');
    expect(outcomeOf(sent, { errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }, 400)).toBe('invalid');
    const list = { field: 'Query.pages.list', keys: ['pages', 'list'] as const };
    expect(outcomeOf(list, { data: { pages: { list: [] } } }, 200)).toBe('served');
  });

  it('reads JSON-array batches answer by answer', () => {
    const body = JSON.stringify([{ query: '{ pages { single(id: 1) { id } } }' }, { query: '{ pages { single(id: 2) { id } } }' }]);
    const answer = JSON.stringify([{ data: { pages: { single: { id: 1 } } } }, { data: { pages: { single: null } }, errors: [{ path: ['pages', 'single'] }] }]);
    expect(entriesFor('real', body, answer, 200).map((e) => e.outcome)).toEqual(['served', 'refused']);
  });

  it('forwards requests unchanged and appends what it saw', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wikikit-wire-'));
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-seen-path': req.url ?? '' });
        res.end(req.url === '/graphql' ? JSON.stringify({ data: { site: { config: { title: body.length > 0 ? 'ok' : '' } } } }) : 'plain');
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const log = join(dir, 'wire.ndjson');
    const proxy = await startWireProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, log, 'sandbox');
    try {
      const gql = await fetch(`${proxy.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ site { config { title } } }' }) });
      expect(await gql.json()).toEqual({ data: { site: { config: { title: 'ok' } } } });
      const other = await fetch(`${proxy.url}/u/x?y=1`);
      expect(other.headers.get('x-seen-path')).toBe('/u/x?y=1');
      expect(await other.text()).toBe('plain');
    } finally {
      await proxy.close();
      await new Promise<void>((r) => upstream.close(() => r()));
    }
    expect((await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ target: 'sandbox', field: 'Query.site.config', outcome: 'served' }]);
    await rm(dir, { recursive: true, force: true });
  });
});
