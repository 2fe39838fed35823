/**
 * The MCP server's only door to the page model and the jobs: every tool goes through here,
 * so a rename of the core API touches this file alone. Nothing here knows about MCP.
 */
import { NotFoundError, usageError } from '../errors.js';
import type { AssetRef, Page, PageInput, PageSummary, Revision } from '../model/page.js';
import type { PutResult, Wiki } from '../model/wiki.js';
import { grepWiki, type GrepMatch } from '../ops/grep.js';
import type { ApplyReport, Plan } from '../ops/plan.js';
import { unifiedDiff } from '../ops/plan.js';
import { applyReplace, planReplace, type ReplaceSummary } from '../ops/replace.js';
import { clientError } from '../client-errors.js';

/** How far back `read_page` and `diff` look for an older revision. */
export const REVISION_SEARCH_DEPTH = 100;

export type { AssetRef, Page, PageInput, PageSummary, Plan, Revision, GrepMatch };

export interface Located {
  readonly locale?: string;
  readonly signal?: AbortSignal;
}

function loc(options: Located): { locale?: string; signal?: AbortSignal } {
  return { ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.signal === undefined ? {} : { signal: options.signal }) };
}

export class WikiAccess {
  readonly wiki: Wiki;

  constructor(wiki: Wiki) {
    this.wiki = wiki;
  }

  get kind(): Wiki['kind'] {
    return this.wiki.kind;
  }

  get url(): string {
    return this.wiki.url;
  }

  get canUpload(): boolean {
    return this.wiki.capabilities.assets && this.wiki.uploadAsset !== undefined;
  }

  notFound(path: string, what = 'page'): NotFoundError {
    return clientError('not-found', `no ${what} "${path}" on ${this.wiki.url}`, { wiki: this.wiki.kind, path });
  }

  search(query: string, options: Located): Promise<PageSummary[]> {
    return this.wiki.search(query, options.locale === undefined ? {} : { locale: options.locale });
  }

  /** At most `max` matches; `truncated` says whether there were more. */
  async grep(options: { pattern: string; regex?: boolean; ignoreCase?: boolean; pathPrefix?: string; max: number } & Located): Promise<{ matches: GrepMatch[]; truncated: boolean }> {
    const matches: GrepMatch[] = [];
    for await (const match of grepWiki({
      wiki: this.wiki,
      pattern: options.pattern,
      ...(options.regex === undefined ? {} : { regex: options.regex }),
      ...(options.ignoreCase === undefined ? {} : { ignoreCase: options.ignoreCase }),
      ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix }),
      ...loc(options),
    })) {
      if (matches.length === options.max) return { matches, truncated: true };
      matches.push(match);
    }
    return { matches, truncated: false };
  }

  /** Every page (under `prefix`), sorted by path so offsets are stable between calls. */
  async list(options: { prefix?: string } & Located): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    for await (const page of this.wiki.list({ ...(options.prefix === undefined ? {} : { prefix: options.prefix }), ...loc(options) })) out.push(page);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.locale.localeCompare(b.locale)));
  }

  /** The first `max` pages in the wiki's own order, without reading the rest of the listing. */
  async listFirst(max: number, options: Located): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    for await (const page of this.wiki.list(loc(options))) {
      if (out.length === max) break;
      out.push(page);
    }
    return out;
  }

  get(path: string, options: Located): Promise<Page | undefined> {
    return this.wiki.get(path, loc(options));
  }

  async require(path: string, options: Located): Promise<Page> {
    const page = await this.wiki.get(path, loc(options));
    if (page === undefined) throw this.notFound(path);
    return page;
  }

  /** By the wiki's id: directly where the dialect can, else by scanning the listing. */
  async byId(id: string, options: Located): Promise<Page> {
    if (this.wiki.getById !== undefined) {
      const page = await this.wiki.getById(id, options.signal === undefined ? {} : { signal: options.signal });
      if (page === undefined) throw this.notFound(id, 'page with id');
      return page;
    }
    for await (const summary of this.wiki.list(loc(options))) {
      if (summary.id === id) return this.require(summary.path, { ...options, locale: summary.locale });
    }
    throw this.notFound(id, 'page with id');
  }

  history(path: string, options: { limit?: number } & Located): Promise<Revision[]> {
    return this.wiki.history(path, { ...(options.locale === undefined ? {} : { locale: options.locale }), ...(options.limit === undefined ? {} : { limit: options.limit }) });
  }

  /**
   * The content of `page` at `revision` (its current one, or one of the
   * {@link REVISION_SEARCH_DEPTH} before it). Only the revisions up to the wanted one are read
   * with content.
   * @throws {NotFoundError} (code `no-such-revision`)
   */
  async contentAt(page: Page, revision: string): Promise<{ content: string; timestamp: string; author?: string }> {
    if (revision === page.revision) return { content: page.content, timestamp: page.updatedAt, ...(page.author === undefined ? {} : { author: page.author }) };
    const located = { ...(page.locale === '' ? {} : { locale: page.locale }) };
    const revisions = await this.wiki.history(page.path, { ...located, limit: REVISION_SEARCH_DEPTH });
    const index = revisions.findIndex((r) => r.revision === revision);
    if (index < 0) {
      throw clientError('no-such-revision', `page "${page.path}" has no revision "${revision}" among its ${REVISION_SEARCH_DEPTH} newest; call history to list them`, {
        wiki: this.wiki.kind,
        path: page.path,
        details: { revision },
      });
    }
    const withContent = await this.wiki.history(page.path, { ...located, limit: index + 1, withContent: true });
    const found = withContent[index];
    if (found?.revision !== revision || found.content === undefined) {
      throw clientError('no-revision-content', `the wiki did not return the content of revision "${revision}" of "${page.path}"`, {
        wiki: this.wiki.kind,
        path: page.path,
        details: { revision },
      });
    }
    return { content: found.content, timestamp: found.timestamp, ...(found.author === undefined ? {} : { author: found.author }) };
  }

  diff(oldText: string, newText: string, label: string): string {
    return unifiedDiff(oldText, newText, label);
  }

  put(input: PageInput, expectedRevision: string | null, options: Located): Promise<PutResult> {
    return this.wiki.put(input, { expectedRevision, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  }

  move(from: string, to: string, options: { expectedRevision?: string } & Located): Promise<void> {
    return this.wiki.move(from, to, { ...loc(options), ...(options.expectedRevision === undefined ? {} : { expectedRevision: options.expectedRevision }) });
  }

  delete(path: string, expectedRevision: string, options: Located): Promise<void> {
    return this.wiki.delete(path, { ...loc(options), expectedRevision });
  }

  planReplace(options: { pattern: string; replacement: string; regex?: boolean; ignoreCase?: boolean; pathPrefix?: string; tag?: string } & Located): Promise<Plan> {
    return planReplace({
      wiki: this.wiki,
      pattern: options.pattern,
      replacement: options.replacement,
      ...(options.regex === undefined ? {} : { regex: options.regex }),
      ...(options.ignoreCase === undefined ? {} : { ignoreCase: options.ignoreCase }),
      ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix }),
      ...(options.tag === undefined ? {} : { tag: options.tag }),
      ...loc(options),
    });
  }

  applyReplace(plan: Plan, options: Located): Promise<ReplaceSummary & { report: ApplyReport }> {
    return applyReplace(plan, this.wiki, { concurrency: 2, ...(options.signal === undefined ? {} : { signal: options.signal }) });
  }

  upload(name: string, data: Uint8Array, options: { folder?: string; mime?: string }): Promise<AssetRef> {
    if (this.wiki.uploadAsset === undefined) throw usageError(`${this.wiki.url} does not take asset uploads`, { field: 'name' });
    return this.wiki.uploadAsset(name, data, options);
  }
}
