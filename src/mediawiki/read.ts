import { encodeQueryComponent, type ApiParams } from './api.js';
import { mergedQuery, type MergedQuery, type Requester } from './continuation.js';
import { assertValidTitle } from './title.js';

/** One page as read: latest revision with content (main slot), or `missing`/`invalid`. */
export interface PageContent {
  /** What was asked for (title or page id), so answers map back to requests. */
  readonly requested: string | number;
  readonly title: string;
  readonly pageid?: number;
  readonly ns?: number;
  readonly missing: boolean;
  readonly invalid: boolean;
  readonly revid?: number;
  readonly parentid?: number;
  /** ISO time of the latest revision (use as `basetimestamp`). */
  readonly timestamp?: string;
  readonly content?: string;
  readonly contentmodel?: string;
  readonly contentformat?: string;
  readonly sha1?: string;
  readonly size?: number;
  readonly user?: string;
  readonly comment?: string;
  /** Category names without the namespace prefix (with `categories: true`). */
  readonly categories?: readonly string[];
  /** Server time of the read (use as `starttimestamp`). */
  readonly curtimestamp?: string;
  /** Set when a redirect was followed (`redirects: true`). */
  readonly redirectedFrom?: string;
}

export interface ReadOptions {
  /** Also fetch categories (`prop=categories`). @default false */
  readonly categories?: boolean;
  /** Follow redirects. @default false */
  readonly redirects?: boolean;
  /** Fetch content. @default true */
  readonly content?: boolean;
  /** Also fetch author, comment, sha1 and size (joins the actor and comment tables). @default false */
  readonly details?: boolean;
  readonly signal?: AbortSignal;
}

interface RawRevision {
  revid?: number;
  parentid?: number;
  timestamp?: string;
  user?: string;
  comment?: string;
  sha1?: string;
  size?: number;
  slots?: { main?: { content?: string; contentmodel?: string; contentformat?: string; sha1?: string; size?: number } };
}

interface RawPage {
  pageid?: number;
  ns?: number;
  title?: string;
  missing?: boolean;
  invalid?: boolean;
  revisions?: RawRevision[];
  categories?: { ns: number; title: string }[];
}

function readParams(options: ReadOptions): ApiParams {
  const fields = ['ids', 'timestamp', ...(options.content === false ? [] : ['content']), 'contentmodel', ...(options.details ? ['user', 'comment', 'sha1', 'size'] : [])];
  return {
    action: 'query',
    prop: options.categories ? 'revisions|categories' : 'revisions',
    rvprop: fields.join('|'),
    rvslots: 'main',
    curtimestamp: true,
    ...(options.categories ? { cllimit: 'max' } : {}),
    ...(options.redirects ? { redirects: true } : {}),
  };
}

function stripNamespace(title: string): string {
  const colon = title.indexOf(':');
  return colon === -1 ? title : title.slice(colon + 1);
}

function toPageContent(requested: string | number, raw: RawPage | undefined, merged: MergedQuery, redirectedFrom?: string): PageContent {
  if (!raw) return { requested, title: typeof requested === 'string' ? requested : '', missing: true, invalid: false };
  const revision = raw.revisions?.[0];
  const main = revision?.slots?.main;
  const page: Record<string, unknown> = {
    requested,
    title: raw.title ?? (typeof requested === 'string' ? requested : ''),
    missing: raw.missing === true,
    invalid: raw.invalid === true,
  };
  const set = (name: string, value: unknown): void => {
    if (value !== undefined) page[name] = value;
  };
  set('pageid', raw.pageid);
  set('ns', raw.ns);
  set('revid', revision?.revid);
  set('parentid', revision?.parentid);
  set('timestamp', revision?.timestamp);
  set('content', main?.content);
  set('contentmodel', main?.contentmodel);
  set('contentformat', main?.contentformat);
  set('sha1', main?.sha1 ?? revision?.sha1);
  set('size', main?.size ?? revision?.size);
  set('user', revision?.user);
  set('comment', revision?.comment);
  if (raw.categories) page['categories'] = raw.categories.map((category) => stripNamespace(category.title));
  set('curtimestamp', merged.curtimestamp);
  set('redirectedFrom', redirectedFrom);
  return page as unknown as PageContent;
}

function mapTitles(titles: readonly string[], merged: MergedQuery): PageContent[] {
  const byTitle = new Map<string, RawPage>();
  for (const page of merged.pages as RawPage[]) if (page.title !== undefined) byTitle.set(page.title, page);
  const normalized = new Map(merged.normalized.map((entry) => [entry.from, entry.to]));
  const redirects = new Map(merged.redirects.map((entry) => [entry.from, entry.to]));
  return titles.map((requested) => {
    const title = normalized.get(requested) ?? requested;
    const target = redirects.get(title);
    return toPageContent(requested, byTitle.get(target ?? title), merged, target === undefined ? undefined : title);
  });
}

function mapIds(ids: readonly number[], merged: MergedQuery): PageContent[] {
  const byId = new Map<number, RawPage>();
  for (const page of merged.pages as RawPage[]) if (page.pageid !== undefined) byId.set(page.pageid, page);
  return ids.map((id) => toPageContent(id, byId.get(id), merged));
}

export type ReadInput = { readonly titles: readonly string[] } | { readonly pageids: readonly number[] };

/**
 * Streams many pages in as few requests as the API allows: batches of `batchSize` (50, or 500
 * with apihighlimits), at most `inFlight` of them at once, yielded in input order. The next
 * batch is sent before the current one is handed over, so the server never waits for the
 * consumer; memory holds `inFlight` batches, whatever the number of pages. Each batch follows
 * `continue` and merges. Stopping early (break, throw) aborts the batches still in flight.
 */
export async function* streamPages(request: Requester, input: ReadInput, batchSize: number, inFlight: number, options: ReadOptions = {}, budget?: UrlBudget): AsyncGenerator<PageContent> {
  const params = readParams(options);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const field = 'titles' in input ? 'titles' : 'pageids';
  const keys: readonly (string | number)[] = 'titles' in input ? input.titles : input.pageids;
  const slices = batchBounds(keys, batchSize, budget?.(params, field));
  const run: (index: number) => Promise<PageContent[]> =
    'titles' in input
      ? (index) => batchOf(input.titles, slices[index] as Bounds, (titles) => mergedQuery(request, { ...params, titles }, signal), mapTitles)
      : (index) => batchOf(input.pageids, slices[index] as Bounds, (pageids) => mergedQuery(request, { ...params, pageids }, signal), mapIds);
  const total = slices.length;
  const window: Promise<PageContent[]>[] = [];
  let next = 0;
  const launch = (): void => {
    const pending = run(next++);
    pending.catch(() => undefined); // awaited below in order; a batch abandoned by an early stop must not go unhandled
    window.push(pending);
  };
  try {
    while (next < total && window.length < Math.max(1, inFlight)) launch();
    while (window.length > 0) {
      const pages = await (window.shift() as Promise<PageContent[]>);
      if (next < total) launch();
      yield* pages;
    }
  } finally {
    stop.abort();
  }
}

/**
 * Bytes a read's GET URL has left for one parameter (`titles`, `pageids`), or `undefined` when
 * the read goes as POST (ApiConnection.getBudget).
 */
export type UrlBudget = (params: ApiParams, field: string) => number | undefined;

type Bounds = readonly [start: number, end: number];

/** Room kept in each batch's URL for the `continue` parameters of a continued answer. */
const CONTINUE_ROOM = 120;
/** `|` as it travels in a URL (%7C). */
const SEPARATOR_BYTES = 3;

/**
 * Cuts keys into batches of at most `batchSize`, and, when the read goes as GET, of at most
 * `bytes` encoded bytes, so that each batch still fits a URL (never fewer than one key a batch).
 */
export function batchBounds(keys: readonly (string | number)[], batchSize: number, bytes: number | undefined): Bounds[] {
  const out: Bounds[] = [];
  if (bytes === undefined) {
    for (let start = 0; start < keys.length; start += batchSize) out.push([start, Math.min(start + batchSize, keys.length)]);
    return out;
  }
  const room = bytes - CONTINUE_ROOM;
  // No room for even a short key (a tiny limit, a long API URL): the batches go as POST, full size.
  if (room < 64) return batchBounds(keys, batchSize, undefined);
  let start = 0;
  let used = 0;
  for (let i = 0; i < keys.length; i++) {
    const length = encodeQueryComponent(String(keys[i])).length;
    if (i > start && (i - start >= batchSize || used + SEPARATOR_BYTES + length > room)) {
      out.push([start, i]);
      start = i;
      used = length;
    } else {
      used += (i === start ? 0 : SEPARATOR_BYTES) + length;
    }
  }
  if (start < keys.length) out.push([start, keys.length]);
  return out;
}

/** One batch: sent with its duplicates removed, answered for every key in its slice. */
async function batchOf<K extends string | number>(keys: readonly K[], [start, end]: Bounds, query: (batch: K[]) => Promise<MergedQuery>, map: (batch: readonly K[], merged: MergedQuery) => PageContent[]): Promise<PageContent[]> {
  const slice = keys.slice(start, end);
  return map(slice, await query([...new Set(slice)]));
}

/** {@link streamPages} collected: unique keys fetched once, answers in input order. */
export async function readPages(request: Requester, input: ReadInput, batchSize: number, inFlight: number, options: ReadOptions = {}, budget?: UrlBudget): Promise<PageContent[]> {
  if ('titles' in input) input.titles.forEach((title, index) => assertValidTitle(title, `titles[${index}]`));
  const unique: ReadInput = 'titles' in input ? { titles: [...new Set(input.titles)] } : { pageids: [...new Set(input.pageids)] };
  const byRequested = new Map<string | number, PageContent>();
  for await (const page of streamPages(request, unique, batchSize, inFlight, options, budget)) byRequested.set(page.requested, page);
  const keys: readonly (string | number)[] = 'titles' in input ? input.titles : input.pageids;
  return keys.map((key) => byRequested.get(key) as PageContent);
}
