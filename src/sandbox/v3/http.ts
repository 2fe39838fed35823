import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { resolveIdentity, type V3Context, type V3Service } from './context.js';
import { findAssetByPath, type UploadedFile } from './resolvers/tree.js';
import { createV3Schema } from './schema.js';

/** Express's default 404 page, byte for byte, as `POST /graphql` answers on 3.0.0. */
export const NOT_FOUND_HTML = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Not Found</pre>\n</body>\n</html>\n';

const silentLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function setPath(target: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return;
    node = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (last !== undefined) node[last] = value;
}

/**
 * graphql-multipart-request-spec (what graphql-upload does in front of Apollo on 3.0.0):
 * `operations` JSON + `map` of file field → variable paths.
 */
async function parseMultipart(body: Buffer, contentType: string): Promise<unknown> {
  const form = await new Request('http://sandbox.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: Uint8Array.from(body) }).formData();
  const field = (name: string): string => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '{}';
  };
  const operations = JSON.parse(field('operations')) as unknown;
  const map = JSON.parse(field('map')) as Record<string, string[]>;
  for (const [field, paths] of Object.entries(map)) {
    const entry = form.get(field);
    if (entry === null || typeof entry === 'string') continue;
    const file: UploadedFile = { filename: entry.name, mimetype: entry.type, data: new Uint8Array(await entry.arrayBuffer()) };
    for (const p of paths) setPath(operations, p, file);
  }
  return operations;
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function isApiKey(svc: V3Service, authorization: string | undefined): boolean {
  const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  return token !== undefined && [...svc.data.t.apiKeys.values()].some((k) => k.key === token);
}

export interface V3Handler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  close(): Promise<void>;
}

/** The `/_graphql` route (Apollo Server 5, configured as 3.0.0 configures it), the HTML 404s and asset downloads. */
export async function createV3Handler(svc: V3Service, options: { quiet?: boolean } = {}): Promise<V3Handler> {
  const apollo = new ApolloServer({
    schema: createV3Schema(),
    csrfPrevention: true,
    allowBatchedHttpRequests: true,
    // We stop the server ourselves; Apollo would otherwise re-raise SIGINT after our clean close.
    stopOnTerminationSignals: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    nodeEnv: 'production',
    ...(options.quiet === false ? {} : { logger: silentLogger }),
  });
  await apollo.start();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname === '/healthz') return send(res, 200, 'application/json; charset=utf-8', '{"ok":true}');
    if (url.pathname !== '/_graphql') {
      const site = [...svc.data.t.sites.values()].find((s) => s.hostname === '*');
      const asset = req.method === 'GET' && site !== undefined ? findAssetByPath(svc.data, site.id, url.pathname) : undefined;
      if (asset !== undefined) return send(res, 200, asset.mime, Buffer.from(asset.data, 'base64'));
      return send(res, 404, 'text/html; charset=utf-8', NOT_FOUND_HTML);
    }
    if (svc.defects.has('api-key-crash') && isApiKey(svc, req.headers.authorization)) {
      // 3.0.0's process dies here (unhandled rejection in auth.mjs); the sandbox only drops the socket.
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = {};
    if (req.method === 'POST' && /^application\/json/i.test(contentType)) {
      const text = raw.toString('utf8');
      try {
        body = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
      } catch (e) {
        // Express's body parser rejects it before Apollo; Wiki.js's error handler answers this shape.
        return send(res, 400, 'application/json; charset=utf-8', JSON.stringify({ data: {}, errors: [{ message: (e as Error).message, path: [] }] }));
      }
    } else if (req.method === 'POST' && /^multipart\/form-data/i.test(contentType)) {
      try {
        body = await parseMultipart(raw, contentType);
      } catch (e) {
        return send(res, 400, 'application/json; charset=utf-8', JSON.stringify({ errors: [{ message: `Invalid multipart request: ${(e as Error).message}`, extensions: { code: 'BAD_REQUEST' } }] }));
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const ip = req.socket.remoteAddress ?? 'unknown';
    const authorization = req.headers.authorization;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => Promise.resolve<V3Context>({ svc, user: resolveIdentity(svc, authorization), ip }),
    });
    await svc.data.flush();
    const out: Record<string, string> = {};
    for (const [k, v] of response.headers) out[k] = v;
    res.writeHead(response.status ?? 200, out);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return { handle, close: () => apollo.stop() };
}
