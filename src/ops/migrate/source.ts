/**
 * Where a migration reads from: the page-source interface, and its implementation over the
 * MediaWiki Action API. The XML-dump reader (dump-source.ts) implements the same interface, so
 * mapping, conversion, history replay, provenance, report, resume and dry run do not know which
 * one they read.
 */
import type { MediaWikiClient } from '../../mediawiki/index.js';
import { normalizeTitle } from './mapping.js';
import { siteNames, type SiteNames } from './wikitext/title.js';
import { internalError } from '../../errors.js';

export interface SourcePage {
  readonly title: string;
  readonly ns: number;
  readonly pageid: number;
}

export interface SourceFile {
  /** File name without namespace, as MediaWiki stores it (underscores). */
  readonly name: string;
  /** `File:Name with spaces.png`. */
  readonly title: string;
  readonly size?: number;
  readonly mime?: string;
  readonly sha1?: string;
}

export interface SourceRevision {
  readonly revid: number;
  readonly timestamp?: string;
  readonly user?: string;
  readonly comment?: string;
  readonly content?: string;
}

/** A page's latest revision as read from the source. */
export interface SourceContent extends SourceRevision {
  readonly title: string;
  readonly missing: boolean;
  readonly contentmodel?: string;
}

export interface SourceEntry {
  readonly page: SourcePage;
  /** The latest revision; undefined when the page is gone. */
  readonly content: SourceContent | undefined;
  /** Every revision, oldest first (at most `limit`, the latest ones). */
  history(limit: number): Promise<SourceRevision[]>;
}

export interface TemplateExpansion {
  readonly text: string;
  /** Why some templates stay unexpanded (reported as `template` warnings). */
  readonly warnings: readonly string[];
}

export interface SourceSite {
  /** Recorded in provenance footers and the report: the api.php URL, or the dumped wiki's base URL. */
  readonly id: string;
  /** Namespaces and interwiki prefixes. */
  readonly names: SiteNames;
  readonly siteName?: string;
}

export interface ReadOptions {
  readonly batchSize: number;
  /** Each entry's `history()` will be asked for (a dump then keeps every revision of the page it reads). */
  readonly withHistory: boolean;
  readonly signal?: AbortSignal;
}

export interface PageSource {
  site(signal?: AbortSignal): Promise<SourceSite>;
  pages(namespaces: readonly number[], signal?: AbortSignal): AsyncIterable<SourcePage>;
  files(signal?: AbortSignal): AsyncIterable<SourceFile>;
  /** Normalised `File:` titles the given pages show (for a partial run). */
  filesUsedBy(titles: readonly string[], signal?: AbortSignal): Promise<Set<string>>;
  /** The pages' latest revisions, in batches; the next batch may be read while one is converted. */
  read(pages: readonly SourcePage[], options: ReadOptions): AsyncIterable<SourceEntry[]>;
  /** Wikitext with templates expanded; throws when expansion failed as a whole. */
  expandTemplates(title: string, wikitext: string, signal?: AbortSignal): Promise<TemplateExpansion>;
  readFile(file: SourceFile, signal?: AbortSignal): Promise<Uint8Array>;
  close?(): Promise<void>;
}

/** What the API source needs of a {@link MediaWikiClient} (or anything shaped like it). */
export type MigrationSource = Pick<MediaWikiClient, 'apiUrl' | 'list' | 'getMany' | 'revisions' | 'request' | 'siteinfo' | 'asWiki'>;

function signalOpt(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal === undefined ? {} : { signal };
}

/** The MediaWiki Action API as a page source. */
export class ApiPageSource implements PageSource {
  private readonly client: MigrationSource;

  constructor(client: MigrationSource) {
    this.client = client;
  }

  async site(signal?: AbortSignal): Promise<SourceSite> {
    const info = await this.client.siteinfo();
    let interwiki: [string, string][] = [];
    try {
      const body = await this.client.request({ action: 'query', meta: 'siteinfo', siprop: 'interwikimap' }, { kind: 'read', ...signalOpt(signal) });
      const map = (body['query'] as { interwikimap?: { prefix: string; url: string }[] } | undefined)?.interwikimap ?? [];
      interwiki = map.map((e) => [e.prefix, e.url]);
    } catch (error) {
      // A wiki that hides its interwiki map still migrates; its interwiki links stay text.
      if (signal?.aborted === true) throw error;
    }
    const names = siteNames(Object.values(info.namespaces), info.namespacealiases, interwiki);
    const siteName = info.general.sitename;
    return { id: this.client.apiUrl, names, ...(siteName === undefined ? {} : { siteName }) };
  }

  async *pages(namespaces: readonly number[], signal?: AbortSignal): AsyncIterable<SourcePage> {
    for (const ns of namespaces) {
      yield* this.client.list<SourcePage>({ list: 'allpages', apnamespace: ns, aplimit: 'max' }, signalOpt(signal));
    }
  }

  async *files(signal?: AbortSignal): AsyncIterable<SourceFile> {
    for await (const image of this.client.list<{ name: string; size?: number; mime?: string; sha1?: string }>(
      { list: 'allimages', ailimit: 'max', aiprop: 'size|mime|sha1' },
      signalOpt(signal),
    )) {
      yield {
        name: image.name,
        title: `File:${image.name.replace(/_/g, ' ')}`,
        ...(image.size === undefined ? {} : { size: image.size }),
        ...(image.mime === undefined ? {} : { mime: image.mime }),
        ...(image.sha1 === undefined ? {} : { sha1: image.sha1 }),
      };
    }
  }

  async filesUsedBy(titles: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
    const used = new Set<string>();
    for (let i = 0; i < titles.length; i += 50) {
      const body = await this.client.request({ action: 'query', prop: 'images', titles: titles.slice(i, i + 50), imlimit: 'max' }, { kind: 'read', ...signalOpt(signal) });
      const found = (body['query'] as { pages?: { images?: { title: string }[] }[] } | undefined)?.pages ?? [];
      for (const page of found) for (const image of page.images ?? []) used.add(normalizeTitle(image.title));
    }
    return used;
  }

  async *read(pages: readonly SourcePage[], { batchSize, signal }: ReadOptions): AsyncIterable<SourceEntry[]> {
    for (let offset = 0; offset < pages.length; offset += batchSize) {
      const batch = pages.slice(offset, offset + batchSize);
      const contents = await this.client.getMany(batch.map((p) => p.title), signalOpt(signal));
      const byTitle = new Map(contents.map((c) => [normalizeTitle(c.title), c]));
      yield batch.map((page): SourceEntry => {
        const c = byTitle.get(normalizeTitle(page.title));
        const content: SourceContent | undefined = c === undefined ? undefined : {
          title: c.title,
          missing: c.missing,
          revid: c.revid ?? 0,
          ...(c.timestamp === undefined ? {} : { timestamp: c.timestamp }),
          ...(c.user === undefined ? {} : { user: c.user }),
          ...(c.comment === undefined ? {} : { comment: c.comment }),
          ...(c.content === undefined ? {} : { content: c.content }),
          ...(c.contentmodel === undefined ? {} : { contentmodel: c.contentmodel }),
        };
        return {
          page,
          content,
          history: async (limit) => {
            const all = await this.client.revisions(page.title, { limit, content: true, ...signalOpt(signal) });
            return all.reverse();
          },
        };
      });
    }
  }

  async expandTemplates(title: string, wikitext: string, signal?: AbortSignal): Promise<TemplateExpansion> {
    const body = await this.client.request(
      { action: 'expandtemplates', title, text: wikitext, prop: 'wikitext' },
      { kind: 'read', ...signalOpt(signal), path: title },
    );
    const text = (body['expandtemplates'] as { wikitext?: string } | undefined)?.wikitext;
    return { text: text ?? wikitext, warnings: [] };
  }

  async readFile(file: SourceFile): Promise<Uint8Array> {
    const data = await this.client.asWiki().downloadAsset?.(file.title);
    if (data === undefined) throw internalError('the source cannot download files');
    return data;
  }
}
