import { ConflictError, NotFoundError, type WikiKind } from '../../src/errors.js';
import type { AssetRef, Page, PageInput, PageSummary, Revision } from '../../src/model/page.js';
import { listing, type Listing } from '../../src/model/listing.js';
import type { ListOptions, PutOptions, PutResult, Wiki, WikiCapabilities, WriteGuard } from '../../src/model/wiki.js';

interface StoredPage {
  page: Page;
  history: Revision[];
}

/** Calls made, so tests can assert "zero writes" and "few reads". */
export interface MemoryWikiCounts {
  list: number;
  get: number;
  getMany: number;
  put: number;
  delete: number;
  move: number;
  history: number;
  uploadAsset: number;
  downloadAsset: number;
}

/**
 * A `Wiki` held in memory that follows the interface contract: every write makes a new opaque
 * revision, `expectedRevision` is enforced with `ConflictError`, omitted fields are kept.
 * `failOn(path)` makes writes to a path fail, `onPut` runs before each put (to race a test edit).
 */
export class MemoryWiki implements Wiki {
  readonly kind: WikiKind;
  readonly url = 'memory://wiki';
  readonly capabilities: WikiCapabilities = { assets: true, history: true, tags: true, locales: true, formats: ['markdown', 'html'] };
  readonly counts: MemoryWikiCounts = { list: 0, get: 0, getMany: 0, put: 0, delete: 0, move: 0, history: 0, uploadAsset: 0, downloadAsset: 0 };
  readonly pages = new Map<string, StoredPage>();
  readonly assets = new Map<string, Uint8Array>();
  private clock = Date.UTC(2026, 0, 1);
  private nextId = 1;
  private readonly failing = new Map<string, Error>();
  onPut: ((input: PageInput) => void | Promise<void>) | undefined;

  constructor(kind: WikiKind = 'wikijs-v2') {
    this.kind = kind;
  }

  /** Writes without counting, as another user would. */
  seed(input: PageInput): Page {
    return this.write(input).page;
  }

  failOn(path: string, error: Error = new Error(`injected failure for ${path}`)): void {
    this.failing.set(path, error);
  }

  resetCounts(): void {
    for (const key of Object.keys(this.counts) as (keyof MemoryWikiCounts)[]) this.counts[key] = 0;
  }

  writes(): number {
    return this.counts.put + this.counts.delete + this.counts.move + this.counts.uploadAsset;
  }

  list(options: ListOptions = {}): Listing<PageSummary> {
    return listing(() => this.#list(options));
  }

  async *#list(options: ListOptions): AsyncIterable<PageSummary> {
    this.counts.list++;
    const prefix = options.prefix;
    for (const [path, stored] of [...this.pages.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (prefix !== undefined && prefix !== '' && path !== prefix && !path.startsWith(`${prefix}/`)) continue;
      const { page } = stored;
      yield {
        id: page.id,
        path: page.path,
        title: page.title,
        locale: page.locale,
        updatedAt: page.updatedAt,
        revision: page.revision,
        description: page.description,
        tags: page.tags,
        published: page.published,
        private: page.private,
      };
    }
  }

  async get(path: string): Promise<Page | undefined> {
    this.counts.get++;
    return this.pages.get(path)?.page;
  }

  async getMany(paths: readonly string[]): Promise<Map<string, Page | undefined>> {
    this.counts.getMany++;
    return new Map(paths.map((p) => [p, this.pages.get(p)?.page]));
  }

  async put(input: PageInput, options: PutOptions = {}): Promise<PutResult> {
    this.counts.put++;
    await this.onPut?.(input);
    const failure = this.failing.get(input.path);
    if (failure) throw failure;
    const current = this.pages.get(input.path)?.page;
    if (options.expectedRevision === null && current) {
      throw new ConflictError(`page "${input.path}" already exists`, { wiki: this.kind, code: 6002, slug: 'PageDuplicateCreate', path: input.path });
    }
    if (typeof options.expectedRevision === 'string' && current?.revision !== options.expectedRevision) {
      throw new ConflictError(`page "${input.path}" changed since revision ${options.expectedRevision}`, {
        wiki: this.kind,
        code: 'stale-revision',
        path: input.path,
        details: { expectedRevision: options.expectedRevision, currentRevision: current?.revision },
      });
    }
    return this.write(input);
  }

  async delete(path: string, options: WriteGuard = {}): Promise<void> {
    this.counts.delete++;
    const failure = this.failing.get(path);
    if (failure) throw failure;
    const current = this.pages.get(path)?.page;
    if (!current) throw new NotFoundError(`page "${path}" not found`, { wiki: this.kind, code: 6003, slug: 'PageNotFound', path });
    if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
      throw new ConflictError(`page "${path}" changed since revision ${options.expectedRevision}`, { wiki: this.kind, code: 'stale-revision', path });
    }
    this.pages.delete(path);
  }

  async move(from: string, to: string, options: WriteGuard = {}): Promise<void> {
    this.counts.move++;
    const stored = this.pages.get(from);
    if (!stored) throw new NotFoundError(`page "${from}" not found`, { wiki: this.kind, code: 6003, path: from });
    if (this.pages.has(to)) throw new ConflictError(`page "${to}" exists`, { wiki: this.kind, code: 6006, slug: 'PagePathCollision', path: to });
    if (options.expectedRevision !== undefined && options.expectedRevision !== stored.page.revision) {
      throw new ConflictError(`page "${from}" changed`, { wiki: this.kind, code: 'stale-revision', path: from });
    }
    this.pages.delete(from);
    this.pages.set(to, { ...stored, page: { ...stored.page, path: to } });
  }

  async history(path: string, options: { withContent?: boolean; limit?: number } = {}): Promise<Revision[]> {
    this.counts.history++;
    const stored = this.pages.get(path);
    if (!stored) throw new NotFoundError(`page "${path}" not found`, { wiki: this.kind, code: 6003, path });
    const list = [...stored.history].reverse().slice(0, options.limit ?? Infinity);
    return options.withContent ? list : list.map((r) => ({ revision: r.revision, timestamp: r.timestamp, ...(r.author === undefined ? {} : { author: r.author }) }));
  }

  async search(query: string): Promise<PageSummary[]> {
    const out: PageSummary[] = [];
    for (const { page } of this.pages.values()) if (page.title.includes(query)) out.push(page);
    return out;
  }

  async uploadAsset(name: string, data: Uint8Array, options: { folder?: string } = {}): Promise<AssetRef> {
    this.counts.uploadAsset++;
    const path = `/${options.folder ? `${options.folder}/` : ''}${name}`;
    this.assets.set(path, data);
    return { path, name, size: data.byteLength };
  }

  async downloadAsset(path: string): Promise<Uint8Array> {
    this.counts.downloadAsset++;
    const data = this.assets.get(path.startsWith('/') ? path : `/${path}`);
    if (!data) throw new NotFoundError(`asset "${path}" not found`, { wiki: this.kind, code: 'asset-not-found', path });
    return data;
  }

  async *listAssets(): AsyncIterable<AssetRef> {
    for (const [path, data] of this.assets) yield { path, name: path.split('/').pop() ?? path, size: data.byteLength };
  }

  async close(): Promise<void> {}

  private write(input: PageInput): PutResult {
    const current = this.pages.get(input.path);
    const prev = current?.page;
    const merged = {
      title: input.title ?? prev?.title ?? input.path.split('/').pop() ?? input.path,
      description: input.description ?? prev?.description ?? '',
      content: input.content,
      format: input.format ?? prev?.format ?? 'markdown',
      tags: input.tags ?? prev?.tags ?? [],
      locale: input.locale ?? prev?.locale ?? 'en',
      published: input.published ?? prev?.published ?? true,
      private: input.private ?? prev?.private ?? false,
      extra: { ...prev?.extra, ...input.extra },
    };
    if (
      prev &&
      prev.content === merged.content &&
      prev.title === merged.title &&
      prev.description === merged.description &&
      prev.published === merged.published &&
      prev.private === merged.private &&
      JSON.stringify(prev.tags) === JSON.stringify(merged.tags)
    ) {
      return { action: 'unchanged', page: prev };
    }
    this.clock += 1000;
    const updatedAt = new Date(this.clock).toISOString();
    const page: Page = {
      id: prev?.id ?? String(this.nextId++),
      path: input.path,
      revision: updatedAt,
      updatedAt,
      createdAt: prev?.createdAt ?? updatedAt,
      author: 'tester',
      ...merged,
    };
    const history = [...(current?.history ?? []), { revision: updatedAt, timestamp: updatedAt, author: 'tester', content: input.content }];
    this.pages.set(input.path, { page, history });
    return { action: prev ? 'updated' : 'created', page };
  }
}
