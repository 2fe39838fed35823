import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from '../graphql.js';
import type { DialectApp, DialectInit } from '../dialect-app.js';
import { readBody, send, sendJson } from '../http/io.js';
import { apollo2Refusal, parseJsonBody } from './apollo2.js';
import { findAssetByPath, storeUpload } from './admin.js';
import { authenticate } from './auth.js';
import { applySeed, ADMIN_EMAIL, bootstrapInstall, ensureAccessKey, generatePassword, loadOrCreateKeyPem, loadSeed } from './bootstrap.js';
import { can, type V2Context, type V2Service } from './context.js';
import { V2Data } from './data.js';
import { homeView, pageView } from './html.js';
import { loadKeys, type KeyPairPem } from './jwt.js';
import { buildV2Schema } from './schema.js';
import { isWikiError } from './wiki-errors.js';

/** The JSON body limit of /graphql (observed: 5 MiB passes, one byte more is 413). */
const JSON_LIMIT = 5 * 1024 * 1024;
const UPLOAD_LIMIT = 32 * 1024 * 1024;

/** Apollo Server 2 put `exception` (stacktrace, plus the Wiki.js error's own fields) under extensions. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const rest: Record<string, unknown> = { ...formatted.extensions };
  let code = rest['code'];
  // Apollo Server 2 had no code of its own for these (observed): they fell to the default.
  if (code === 'OPERATION_RESOLUTION_FAILURE' || (code === 'BAD_USER_INPUT' && / was not provided\.$/.test(formatted.message))) code = 'INTERNAL_SERVER_ERROR';
  delete rest['stacktrace'];
  delete rest['code'];
  let exception: Record<string, unknown>;
  if (isWikiError(original)) {
    const head = `${original.name} ${String(original.code)}: ${original.message}`;
    exception = { stack: `${head} …`, code: original.code, message: original.message, stacktrace: [head] };
  } else if (original instanceof GraphQLError && formatted.path !== undefined) {
    // Thrown while executing (serialisation, rate limit, resolver GraphQLError): Apollo 2 kept its message.
    exception = { message: original.message, stacktrace: [`GraphQLError: ${original.message}`] };
  } else if (original instanceof Error && !(original instanceof GraphQLError)) {
    exception = { stacktrace: [`${original.name}: ${original.message}`] };
  } else {
    exception = { stacktrace: [`GraphQLError: ${formatted.message}`] };
  }
  return { ...formatted, extensions: { code: code ?? 'INTERNAL_SERVER_ERROR', ...rest, exception } };
}

const PLAYGROUND = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>GraphQL Playground</title></head>'
  + '<body><h1>GraphQL Playground</h1><p>The wikikit sandbox does not bundle the Playground UI. POST GraphQL to this URL.</p></body></html>';

const landingPage: ApolloServerPlugin<V2Context> = {
  // eslint-disable-next-line @typescript-eslint/require-await -- Apollo's plugin hook is async by contract
  async serverWillStart() {
    return { renderLandingPage: () => Promise.resolve({ html: PLAYGROUND }) };
  },
};

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(h.trim());
    if (m?.[1] !== undefined) return m[1].trim();
  }
  const cookie = req.headers.cookie ?? '';
  const m = /(?:^|;\s*)jwt=([^;]+)/.exec(cookie);
  return m?.[1] === undefined ? undefined : decodeURIComponent(m[1]);
}

function graphqlError400(res: ServerResponse, status: number, message: string): void {
  // Wiki.js's Express error handler for /graphql (observed for invalid JSON, revoked keys, disabled API).
  sendJson(res, status, { data: {}, errors: [{ message, path: [] }] });
}

export async function createV2App(init: DialectInit): Promise<DialectApp> {
  // Checked before anything starts: a bad seed file is a usage error, not a half-seeded store.
  const seed = init.seed === undefined ? undefined : await loadSeed(init.seed);
  const data = new V2Data(init.store);
  // Start-up: the RSA key pair and the admin's password hash run on libuv's thread pool while
  // this thread builds the schema and starts Apollo; nothing below depends on their order.
  const pemReady = loadOrCreateKeyPem(data);
  const installed = data.isEmpty ? bootstrapInstall({ data, baseUrl: init.baseUrl }, generatePassword()) : undefined;
  const apollo = new ApolloServer<V2Context>({
    schema: buildV2Schema(),
    allowBatchedHttpRequests: true,
    // We stop the server ourselves; Apollo would otherwise re-raise SIGINT after our clean close.
    stopOnTerminationSignals: false,
    csrfPrevention: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // Apollo Server 2 as Wiki.js ran it sent no cache-control/trace data; the cache-control
    // plugin would also wrap every resolver (per-field cost on every request).
    plugins: [
      landingPage, ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  let pem: KeyPairPem;
  try {
    [pem] = await Promise.all([pemReady, installed, apollo.start()]);
  } catch (e) {
    await apollo.stop().catch(() => undefined);
    throw e;
  }
  const svc: V2Service = {
    data, keys: loadKeys(pem), baseUrl: init.baseUrl, loginHits: new Map(), revocations: new Map(), verifiedTokens: new Map(),
  };
  let token: string;
  try {
    if (installed !== undefined && seed !== undefined) await applySeed(svc, seed);
    token = ensureAccessKey(svc, init.token);
    await data.flush();
  } catch (e) {
    await apollo.stop().catch(() => undefined);
    throw e;
  }

  function context(req: IncomingMessage): { ctx: V2Context; newJwt?: string } | { fail: string } {
    const outcome = authenticate(svc, bearer(req));
    if (outcome.kind === 'fail') return { fail: outcome.message };
    const ip = req.socket.remoteAddress ?? '127.0.0.1';
    return { ctx: { svc, user: outcome.user, ip }, ...(outcome.newJwt !== undefined ? { newJwt: outcome.newJwt } : {}) };
  }

  /** One GraphQL request (already checked the Apollo Server 2 way) through Apollo, as a POST. */
  async function executeOne(req: IncomingMessage, ctx: V2Context, payload: Record<string, unknown>): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    headers.set('content-type', 'application/json');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body: payload },
      context: () => Promise.resolve(ctx),
    });
    const out: Record<string, string> = {};
    for (const [k, v] of result.headers) out[k] = v;
    let body = '';
    if (result.body.kind === 'complete') body = result.body.string;
    else for await (const chunk of result.body.asyncIterator) body += chunk;
    return { status: result.status ?? 200, body, headers: out };
  }

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    let body: unknown = undefined;
    if (method === 'POST') {
      const raw = await readBody(req, JSON_LIMIT);
      if (!raw.ok) return graphqlError400(res, 413, 'request entity too large');
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      // Only JSON is parsed (observed: a urlencoded form is "POST body missing" like any other type).
      if (type === 'application/json' || type.endsWith('+json')) {
        const parsed = parseJsonBody(raw.body.toString('utf8'));
        if ('error' in parsed) return graphqlError400(res, 400, parsed.error);
        body = parsed.value;
      }
    } else if (method === 'GET') {
      body = Object.fromEntries(url.searchParams);
    }
    const refused = apollo2Refusal(method, body);
    if (refused !== undefined) return send(res, refused.status, 'text/html; charset=utf-8', refused.message, refused.headers);
    const who = context(req);
    if ('fail' in who) return graphqlError400(res, 500, who.fail);
    let status: number;
    let text: string;
    let out: Record<string, string> = {};
    if (Array.isArray(body)) {
      // Apollo Server 2 answered a batch with 200 and one answer per element, even when an
      // element failed validation or had no query (observed).
      const answers: unknown[] = [];
      for (const item of body as unknown[]) {
        const payload = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        if (typeof payload['query'] !== 'string' || payload['query'] === '') {
          answers.push({ errors: [formatError({ message: 'Must provide query string.' }, new GraphQLError('Must provide query string.'))] });
          continue;
        }
        const one = await executeOne(req, who.ctx, payload);
        answers.push(JSON.parse(one.body) as unknown);
        out = one.headers;
      }
      status = 200;
      text = `${JSON.stringify(answers)}\n`;
    } else {
      const one = await executeOne(req, who.ctx, body as Record<string, unknown>);
      ({ status, body: text, headers: out } = one);
    }
    await data.flush();
    // server/core/auth.js: the renewed token goes in a header only for exact `application/json` requests.
    if (who.newJwt !== undefined && req.headers['content-type'] === 'application/json') out['new-jwt'] = who.newJwt;
    send(res, status, out['content-type'] ?? 'application/json; charset=utf-8', text, out);
  }

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = context(req);
    if ('fail' in who) return sendJson(res, 500, { succeeded: false, message: who.fail });
    const ctx = who.ctx;
    if (!can(ctx, ['write:assets'])) {
      req.resume();
      return sendJson(res, 403, { succeeded: false, message: 'You are not authorized to upload files.' });
    }
    const raw = await readBody(req, UPLOAD_LIMIT);
    if (!raw.ok) return send(res, 413, 'text/html; charset=utf-8', '<h1>File too large</h1>');
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw.body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
    } catch {
      return send(res, 500, 'text/html; charset=utf-8', '<h1>Multipart: Boundary not found</h1>');
    }
    const files: File[] = [];
    let meta: string | undefined;
    let unexpected = false;
    form.forEach((value, name) => {
      if (typeof value === 'string') {
        if (name === 'mediaUpload') meta = value;
        return;
      }
      // multer `.fields([{ name: 'mediaUpload' }])`: any other file field is "Unexpected field" → HTML 500.
      if (name !== 'mediaUpload') unexpected = true;
      else files.push(value);
    });
    if (unexpected) return send(res, 500, 'text/html; charset=utf-8', '<h1>Unexpected field</h1>');
    if (files.length > 1) return sendJson(res, 400, { succeeded: false, message: 'You cannot upload multiple files within the same request.' });
    if (meta === undefined) return sendJson(res, 400, { succeeded: false, message: 'Missing upload folder metadata.' });
    const file = files[0];
    if (file === undefined) return sendJson(res, 400, { succeeded: false, message: 'Missing upload folder metadata.' });
    let folderId = 0;
    try {
      folderId = Number((JSON.parse(meta) as { folderId?: unknown }).folderId ?? 0) || 0;
    } catch {
      return sendJson(res, 400, { succeeded: false, message: 'Missing upload folder metadata.' });
    }
    storeUpload(svc, folderId, file.name, file.type || 'application/octet-stream', new Uint8Array(await file.arrayBuffer()), ctx.user.id);
    await data.flush();
    send(res, 200, 'text/html; charset=utf-8', 'ok');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    if (path === '/graphql' || path === '/graphql/') return graphql(req, res, url);
    if (path === '/u' && req.method === 'POST') return upload(req, res);
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 404, 'text/html; charset=utf-8', '<h1>Not Found</h1>');
    const who = context(req);
    if ('fail' in who) return send(res, 500, 'text/html; charset=utf-8', '<h1>Error</h1>');
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', homeView(who.ctx));
    const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
    const pageExts = (typeof data.settings.site['pageExtensions'] === 'string' ? data.settings.site['pageExtensions'] : 'md,html,txt').split(',').map((s) => s.trim());
    if (ext !== undefined && !pageExts.includes(ext)) {
      const asset = findAssetByPath(svc, decodeURIComponent(path));
      if (asset !== undefined && can(who.ctx, ['read:assets'])) return send(res, 200, asset.mime, asset.data);
      // Express's `res.sendStatus(404)` (observed for a missing asset).
      return send(res, 404, 'text/plain; charset=utf-8', 'Not Found');
    }
    const view = pageView(who.ctx, ext === undefined ? path : path.slice(0, -(ext.length + 1)));
    send(res, view.status, 'text/html; charset=utf-8', view.html);
  }

  return {
    token,
    adminEmail: ADMIN_EMAIL,
    adminPassword: data.getMeta<string>('adminPassword') ?? '',
    handle,
    async close() {
      await apollo.stop();
      await data.flush();
    },
  };
}
