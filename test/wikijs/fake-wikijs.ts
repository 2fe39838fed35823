import type { ServerResponse } from 'node:http';
import { createHttpTestServer, json, type HttpTestServer, type RecordedRequest } from '../helpers/http-test-server.js';

export interface Op {
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

/** What one GraphQL operation answers; `undefined` falls through to the defaults. */
export type Answer = (op: Op, request: RecordedRequest) => unknown;

export interface FakeWikiJs extends HttpTestServer {
  /** GraphQL operations received (batches flattened), without the version probe. */
  readonly ops: Op[];
  /** HTTP requests to /graphql, without the version probe and the credentials check. */
  graphqlRequests(): RecordedRequest[];
}

export const ok = { succeeded: true, errorCode: 0, slug: 'ok', message: 'ok' };

export function page(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    path: `docs/p${id}`,
    hash: 'h',
    title: `Page ${id}`,
    description: `About ${id}`,
    isPrivate: false,
    isPublished: true,
    publishStartDate: '',
    publishEndDate: '',
    tags: [{ tag: 'a' }, { tag: 'b' }],
    content: `# Page ${id}\n\nbody`,
    render: '<h1>x</h1>',
    contentType: 'markdown',
    createdAt: '2026-11-23T07:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    editor: 'markdown',
    locale: 'en',
    scriptCss: '',
    scriptJs: '',
    authorId: 1,
    authorName: 'Administrator',
    authorEmail: 'admin@example.com',
    creatorId: 1,
    creatorName: 'Administrator',
    creatorEmail: 'admin@example.com',
    ...overrides,
  };
}

export function notFoundError(field: string): Record<string, unknown> {
  return {
    errors: [{ message: 'This page does not exist.', path: ['pages', field], extensions: { code: 'INTERNAL_SERVER_ERROR', exception: { code: 6003, message: 'This page does not exist.' } } }],
    data: { pages: { [field]: null } },
  };
}

const defaults: Answer = (op) => {
  if (op.query.includes('__typename')) return { data: { __typename: 'Query' } };
  if (op.query.includes('profile')) return { data: { users: { profile: { id: 1, name: 'Administrator', email: 'admin@example.com' } } } };
  return { errors: [{ message: `fake: unhandled ${op.query.slice(0, 60)}` }], data: null };
};

/**
 * A Wiki.js 2 stand-in on a real node:http server: `/graphql` accepts single and array
 * bodies; each operation is answered by `answer` (then by defaults: version probe, profile).
 */
export async function fakeWikiJs(answer: Answer, raw?: (request: RecordedRequest, response: ServerResponse) => boolean | Promise<boolean>): Promise<FakeWikiJs> {
  const ops: Op[] = [];
  const server = await createHttpTestServer(async (request, response) => {
    if (raw && (await raw(request, response))) return;
    if (request.url !== '/graphql') {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<pre>Not Found</pre>');
      return;
    }
    const body = JSON.parse(request.body) as Op | Op[];
    const list = Array.isArray(body) ? body : [body];
    const results = list.map((op) => {
      const full = { query: op.query, variables: op.variables ?? {} };
      if (!op.query.includes('__typename')) ops.push(full);
      return answer(full, request) ?? defaults(full, request);
    });
    json(response, 200, Array.isArray(body) ? results : results[0]);
  });
  return Object.assign(server, {
    ops,
    graphqlRequests: () => server.requests.filter((r) => r.url === '/graphql' && !r.body.includes('__typename') && !r.body.includes('profile {')),
  });
}
