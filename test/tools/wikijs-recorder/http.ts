import { HEADERS_COMPARED, normaliseContentType, type Recorded } from './compare.js';

/** Values captured from earlier answers of the same target (ids, keys, JWTs). */
export type Vars = Record<string, unknown>;

/**
 * Who the request claims to be: the target's full-access key (default), nobody, a token no
 * server issued, a raw `Authorization` value, or a token captured earlier (`{ bearer: 'var' }`).
 */
export type Auth = 'key' | 'none' | 'bad' | { bearer: string } | { header: string };

export interface Req {
  method?: string;
  /** Path and query string; default `/graphql`. */
  path?: string;
  /** Default `application/json` when there is a string body. */
  contentType?: string | null;
  body?: string | FormData;
  auth?: Auth;
}

export interface Target {
  name: 'real' | 'sandbox';
  url: string;
  token: string;
  vars: Vars;
}

function authorization(auth: Auth, target: Target): string | undefined {
  if (auth === 'none') return undefined;
  if (auth === 'key') return `Bearer ${target.token}`;
  if (auth === 'bad') return 'Bearer not-a-real-token';
  if ('header' in auth) return auth.header;
  const value = target.vars[auth.bearer];
  if (typeof value !== 'string') throw new Error(`no captured token "${auth.bearer}" on ${target.name}`);
  return `Bearer ${value}`;
}

/** Sends one request and records what the comparison needs; never follows redirects. */
export async function record(target: Target, req: Req): Promise<Recorded> {
  const headers: Record<string, string> = {};
  const auth = authorization(req.auth ?? 'key', target);
  if (auth !== undefined) headers['authorization'] = auth;
  if (typeof req.body === 'string' && req.contentType !== null) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await fetch(`${target.url}${req.path ?? '/graphql'}`, {
    method: req.method ?? (req.body === undefined ? 'GET' : 'POST'),
    headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
    // A string body with no content type must go as bytes: fetch would label a string text/plain.
    ...(req.body !== undefined ? { body: req.contentType === null && typeof req.body === 'string' ? new TextEncoder().encode(req.body) : req.body } : {}),
  });
  const text = await res.text();
  const contentType = normaliseContentType(res.headers.get('content-type'));
  let json: unknown;
  if (contentType.includes('json')) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  return {
    status: res.status,
    contentType,
    ...(json !== undefined ? { json } : {}),
    text,
    headers: HEADERS_COMPARED.filter((h) => res.headers.has(h)),
  };
}

/** `a.b[0].c` (or `a.b.0.c`) in a JSON value. */
export function pick(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.replace(/\[(\d+)\]/g, '.$1').split('.').filter((k) => k !== '')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}
