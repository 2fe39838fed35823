import { parse } from '../graphql.js';

/**
 * The HTTP layer of Apollo Server 2 + body-parser as Wiki.js 2.5 runs them, where it answers
 * before any GraphQL executes: plain-text refusals (`text/html`, as Express sends a string) and
 * body-parser's strict-mode JSON errors. Every message and status here was recorded from a real
 * 2.5.314 (test/tools/wikijs-recorder). @internal
 */
export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/**
 * body-parser `json({ strict: true })`: an empty body is `{}`; anything but an object or array
 * is refused with the error `JSON.parse` gives for the text up to that character (`#` marks it).
 */
export function parseJsonBody(text: string): { value: unknown } | { error: string } {
  if (text.trim() === '') return { value: {} };
  const first = /^[\s]*(.)/.exec(text)?.[1] ?? '';
  if (first !== '{' && first !== '[') {
    const index = text.indexOf(first);
    try {
      JSON.parse(`${text.substring(0, index)}#`);
    } catch (e) {
      return { error: e instanceof Error ? e.message.replace('#', first) : 'Unexpected token' };
    }
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: e instanceof Error ? e.message : 'Invalid JSON' };
  }
}

function isEmpty(body: unknown): boolean {
  return body === undefined || body === null || typeof body !== 'object' || Object.keys(body).length === 0;
}

/** Apollo 2's `parseGraphQLRequest`: decodes string `variables`/`extensions` in place. */
function checkPayload(payload: Record<string, unknown>): Refusal | undefined {
  if (typeof payload['extensions'] === 'string' && payload['extensions'] !== '') {
    try {
      payload['extensions'] = JSON.parse(payload['extensions']) as unknown;
    } catch {
      return { status: 400, message: 'Extensions are invalid JSON.' };
    }
  }
  const query = payload['query'];
  if (query !== undefined && query !== null && query !== '' && typeof query !== 'string') return { status: 400, message: 'GraphQL queries must be strings.' };
  if (typeof payload['variables'] === 'string' && payload['variables'] !== '') {
    try {
      payload['variables'] = JSON.parse(payload['variables']) as unknown;
    } catch {
      return { status: 400, message: 'Variables are invalid JSON.' };
    }
  }
  return undefined;
}

/** The operation a GET would run is not a query (parse errors are left to GraphQL). */
function getRunsNonQuery(payload: Record<string, unknown>): boolean {
  if (typeof payload['query'] !== 'string') return false;
  try {
    const ops = parse(payload['query']).definitions.flatMap((d) => ('operation' in d ? [{ name: d.name?.value, operation: d.operation }] : []));
    const name = payload['operationName'];
    const op = typeof name === 'string' ? ops.find((o) => o.name === name) : ops.length === 1 ? ops[0] : undefined;
    return op !== undefined && (['mutation', 'subscription'] as string[]).includes(op.operation);
  } catch {
    return false;
  }
}

/**
 * What Apollo Server 2 answers before executing, or undefined to go on. `body` is the parsed
 * JSON body of a POST (undefined when there was none to parse) or the query string of a GET.
 */
export function apollo2Refusal(method: string, body: unknown): Refusal | undefined {
  if (method !== 'GET' && method !== 'POST') return { status: 405, message: 'Apollo Server supports only GET/POST requests.', headers: { allow: 'GET, POST' } };
  if (isEmpty(body)) {
    return method === 'POST' ? { status: 500, message: 'POST body missing. Did you forget use body-parser middleware?' } : { status: 400, message: 'GET query missing.' };
  }
  const items = Array.isArray(body) ? (body as unknown[]) : [body];
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const refused = checkPayload(item as Record<string, unknown>);
    if (refused !== undefined) return refused;
  }
  if (Array.isArray(body)) return undefined;
  const payload = body as Record<string, unknown>;
  if (typeof payload['query'] !== 'string' || payload['query'] === '') return { status: 400, message: 'Must provide query string.' };
  if (method === 'GET' && getRunsNonQuery(payload)) return { status: 405, message: 'GET supports only query operation' };
  return undefined;
}
