import { describe, expect, it } from 'vitest';
import { AuthError, HttpError, ValidationError } from '../../src/errors.js';
import { createTransport } from '../../src/transport/index.js';
import { GraphQLExecutor, v2ErrorMapper } from '../../src/wikijs/index.js';
import { createHttpTestServer, json } from '../helpers/http-test-server.js';

function executor(url: string): GraphQLExecutor {
  return new GraphQLExecutor({ endpoint: `${url}/graphql`, transport: createTransport({ retry: false }), mapper: v2ErrorMapper, secrets: () => [] });
}

describe('GraphQLExecutor', () => {
  it('sends an explicit batch as one JSON array; a failing element does not fail the others', async () => {
    const server = await createHttpTestServer((request, response) => {
      const body = JSON.parse(request.body) as { query: string }[];
      json(response, 200, body.map((op) => (op.query.includes('nope') ? { errors: [{ message: 'Cannot query field "nope" on type "PageQuery".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] } : { data: { pages: { list: [{ id: 3 }] } } })));
    });
    const gql = executor(server.url);
    const items = [
      { query: '{ pages { list(limit: 1) { id } } }', operation: { name: 'a', kind: 'read' as const } },
      { query: '{ pages { nope } }', operation: { name: 'b', kind: 'read' as const } },
    ];
    const [a, b] = await gql.executeBatch(items);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toHaveLength(2);
    expect(a!.data).toEqual({ pages: { list: [{ id: 3 }] } });
    expect(() => gql.unwrap(b!, items[1]!)).toThrow(ValidationError);
  });

  it('answers every element of a batch with the request-level failure of a revoked key (HTTP 500)', async () => {
    const server = await createHttpTestServer((_request, response) => json(response, 500, { data: {}, errors: [{ message: 'API Key is invalid or was revoked.', path: [] }] }));
    const gql = executor(server.url);
    const results = await Promise.all([gql.execute('{ a: __typename }', undefined, { name: 'x', kind: 'read' }), gql.execute('{ b: __typename }', undefined, { name: 'y', kind: 'read' })].map((p) => p.catch((e: unknown) => e)));
    expect(results.every((e) => e instanceof AuthError && e.httpStatus === 500)).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('turns a non-GraphQL answer (HTML 500, HTML 200, 404) into HttpError with a short excerpt', async () => {
    for (const [status, type, body] of [[500, 'text/html', 'POST body missing. Did you forget use body-parser middleware?'], [200, 'text/html', '<html>login</html>'], [404, 'text/html', '<pre>Not Found</pre>']] as const) {
      const server = await createHttpTestServer((_request, response) => {
        response.writeHead(status, { 'content-type': type });
        response.end(body);
      });
      const error = await executor(server.url).execute('{ __typename }', undefined, { name: 'probe', kind: 'read' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).status).toBe(status);
      expect((error as HttpError).bodyExcerpt).toBe(body);
      await server.close();
    }
  });
});
