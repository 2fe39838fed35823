import type { ApiParams, ApiResponse } from './api.js';
import { mediawikiError } from './error-codes.js';

export type Requester = (params: ApiParams, signal?: AbortSignal) => Promise<ApiResponse>;

/**
 * The `continue` protocol: send the previous answer's `continue` object back, merged into the
 * original parameters, until an answer comes without one. Yields every answer.
 */
export async function* continued(request: Requester, params: ApiParams, signal?: AbortSignal): AsyncGenerator<ApiResponse> {
  let next: Readonly<Record<string, string | number>> | undefined = { continue: '' };
  const seen = new Set<string>();
  while (next) {
    const key = JSON.stringify(next);
    // A wiki answering the same continue twice would loop forever; stop instead.
    if (seen.has(key)) return;
    seen.add(key);
    const body = await request({ ...params, ...next }, signal);
    yield body;
    next = continueOf(body.continue);
  }
}

/** The `continue` object to send back; anything but a set of scalar parameters is refused, not sent. */
function continueOf(value: unknown): Readonly<Record<string, string | number>> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value as Record<string, string | number>;
  }
  throw mediawikiError('badcontinue', `MediaWiki answered a "continue" that is not a set of parameters: ${JSON.stringify(value).slice(0, 200)}`, { category: 'api' });
}

/** Items of every list (or the generator's pages) in each continued answer. */
export async function* continuedItems<T = Readonly<Record<string, unknown>>>(
  request: Requester,
  params: ApiParams,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const lists = typeof params['list'] === 'string' ? params['list'].split('|') : [];
  const generator = typeof params['generator'] === 'string';
  for await (const body of continued(request, params, signal)) {
    const query = body['query'] as Readonly<Record<string, unknown>> | undefined;
    if (!query) continue;
    if (generator) {
      for (const page of (query['pages'] as T[] | undefined) ?? []) yield page;
    }
    for (const list of lists) {
      for (const item of (query[list] as T[] | undefined) ?? []) yield item;
    }
  }
}

export function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * Runs one batch query to completion and merges pages that come back in several continued
 * answers (categories, or revisions cut by $wgAPIMaxResultSize), plus the title maps.
 */
export interface MergedQuery {
  readonly pages: Readonly<Record<string, unknown>>[];
  readonly normalized: { from: string; to: string }[];
  readonly redirects: { from: string; to: string }[];
  readonly curtimestamp: string | undefined;
}

export async function mergedQuery(request: Requester, params: ApiParams, signal?: AbortSignal): Promise<MergedQuery> {
  const byKey = new Map<string, Record<string, unknown>>();
  const normalized: { from: string; to: string }[] = [];
  const redirects: { from: string; to: string }[] = [];
  let curtimestamp: string | undefined;
  for await (const body of continued(request, params, signal)) {
    curtimestamp ??= body.curtimestamp;
    const query = body['query'] as
      | { pages?: Record<string, unknown>[]; normalized?: { from: string; to: string }[]; redirects?: { from: string; to: string }[] }
      | undefined;
    if (!query) continue;
    for (const entry of query.normalized ?? []) if (!normalized.some((n) => n.from === entry.from)) normalized.push(entry);
    for (const entry of query.redirects ?? []) if (!redirects.some((n) => n.from === entry.from)) redirects.push(entry);
    for (const page of query.pages ?? []) {
      const key = typeof page['pageid'] === 'number' ? `id:${page['pageid']}` : `title:${String(page['title'])}`;
      const existing = byKey.get(key);
      if (!existing) {
        byKey.set(key, { ...page });
        continue;
      }
      for (const [name, value] of Object.entries(page)) {
        const before = existing[name];
        if (Array.isArray(before) && Array.isArray(value)) existing[name] = [...(before as unknown[]), ...(value as unknown[])];
        else if (before === undefined) existing[name] = value;
      }
    }
  }
  return { pages: [...byKey.values()], normalized, redirects, curtimestamp };
}
