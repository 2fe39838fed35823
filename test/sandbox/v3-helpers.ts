import { startSandbox } from '../../src/sandbox/index.js';
import { startV3Sandbox, type V3Sandbox, type V3SandboxOptions } from '../../src/sandbox/v3/index.js';

export interface GqlAnswer {
  status: number;
  contentType: string;
  text: string;
  json: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: { code?: string } }> };
}

/** Raw POST to the v3 sandbox, so tests assert the wire shapes, not a client's reading of them. */
export async function gql(sandbox: { url: string }, query: string, variables?: Record<string, unknown>, token?: string, path = '/_graphql'): Promise<GqlAnswer> {
  const res = await fetch(sandbox.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  const text = await res.text();
  let json: GqlAnswer['json'] = {};
  try {
    json = JSON.parse(text) as GqlAnswer['json'];
  } catch {
    json = {};
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text, json };
}

/** `startSandbox({ wikijsVersion: 3 })` — the public path — unless a test needs the injectable clock. */
export async function startTestSandbox(options: V3SandboxOptions = {}): Promise<V3Sandbox> {
  if (options.now !== undefined) return startV3Sandbox({ port: 0, quiet: true, ...options });
  return startSandbox({ port: 0, quiet: true, wikijsVersion: 3 });
}

export const DEAD = '00000000-0000-4000-8000-00000000dead';

export const CREATE_PAGE = `mutation ($siteId: UUID!, $path: String!, $locale: String!, $title: String!, $description: String!, $content: String!, $editor: String!, $publishState: PagePublishState!, $tags: [String!]) {
  createPage(siteId: $siteId, path: $path, locale: $locale, title: $title, description: $description, content: $content, editor: $editor, publishState: $publishState, tags: $tags) {
    operation { succeeded slug message } page { id path locale title tags publishState editor contentType createdAt updatedAt } } }`;

export function pageVars(siteId: string, path: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { siteId, locale: 'en', editor: 'markdown', publishState: 'published', description: `Description of ${path}`, content: `# ${path}\n\nHello.\n`, tags: ['eval'], path, title: path, ...extra };
}

export async function siteId(sandbox: { url: string }): Promise<string> {
  const r = await gql(sandbox, '{ sites { id } }');
  const sites = r.json.data?.['sites'] as Array<{ id: string }>;
  return sites[0]?.id ?? '';
}
