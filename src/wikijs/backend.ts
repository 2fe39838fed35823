/**
 * The wiki-neutral {@link Wiki} over a `WikiJsClient` (either major): what sync, export,
 * replace and migrate use. Revision tokens are the page's `updatedAt`.
 */
import { ConflictError, NotFoundError, apiError, usageError } from '../errors.js';
import type { AssetRef, ContentFormat, Page, PageInput, PageSummary, Revision } from '../model/page.js';
import { listing, type Listing } from '../model/listing.js';
import type { ListOptions, PutOptions, PutResult, Wiki, WikiCapabilities, WriteGuard } from '../model/wiki.js';
import type { WikiJsPages } from './pages.js';
import type { ModelHost } from './resource.js';
import type { PageCreateInput, PagePatch, WikiJsPage, WikiJsPageListItem } from './dialect.js';
import { clientError } from '../client-errors.js';

const EDITOR_OF: Readonly<Record<ContentFormat, string | undefined>> = { markdown: 'markdown', html: 'ckeditor', wikitext: undefined };

export function toModelPage(page: WikiJsPage): Page {
  return {
    id: String(page.id),
    path: page.path,
    title: page.title,
    locale: page.locale,
    updatedAt: page.updatedAt,
    revision: page.updatedAt,
    description: page.description,
    content: page.content,
    format: page.contentType === 'html' ? 'html' : 'markdown',
    tags: page.tags,
    published: page.isPublished,
    private: page.isPrivate,
    createdAt: page.createdAt,
    ...(page.authorName === undefined ? {} : { author: page.authorName }),
    extra: { editor: page.editor, scriptCss: page.scriptCss, scriptJs: page.scriptJs, publishStartDate: page.publishStartDate, publishEndDate: page.publishEndDate },
  };
}

function toSummary(item: WikiJsPageListItem): PageSummary {
  return {
    id: String(item.id),
    path: item.path,
    title: item.title,
    locale: item.locale,
    updatedAt: item.updatedAt,
    revision: item.updatedAt,
    description: item.description,
    tags: item.tags,
    published: item.isPublished,
    private: item.isPrivate,
  };
}

function inFolder(path: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  const clean = prefix.replace(/^\/+|\/+$/g, '');
  return clean === '' || path === clean || path.startsWith(`${clean}/`);
}

function editorFor(format: ContentFormat | undefined): string | undefined {
  if (format === undefined) return undefined;
  const editor = EDITOR_OF[format];
  if (!editor) throw usageError(`Wiki.js cannot store ${format} content (use markdown or html)`, { field: 'format' });
  return editor;
}

/** Wiki.js tags are a set: the same tags in another order are no change (and no history entry). */
function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(b);
  return new Set(a).size === set.size && a.every((v) => set.has(v));
}

export class WikiJsBackend implements Wiki {
  readonly #client: ModelHost<WikiJsPages>;
  readonly capabilities: WikiCapabilities = { assets: true, history: true, tags: true, locales: true, formats: ['markdown', 'html'] };

  /** The dialect's copy behind each page this object handed out: a `put` given one back writes from it. */
  readonly #raw = new WeakMap<Page, WikiJsPage>();

  constructor(client: ModelHost<WikiJsPages>) {
    this.#client = client;
  }

  #model(page: WikiJsPage): Page {
    const model = toModelPage(page);
    this.#raw.set(model, page);
    return model;
  }

  /** The caller's page (`PutOptions.current`) when it is ours, at the expected revision and path. */
  #given(input: PageInput, options: PutOptions): WikiJsPage | undefined {
    const raw = options.current === undefined ? undefined : this.#raw.get(options.current);
    if (raw === undefined || typeof options.expectedRevision !== 'string') return undefined;
    return raw.updatedAt === options.expectedRevision && raw.path === input.path && raw.locale === (input.locale ?? 'en') ? raw : undefined;
  }

  get kind(): Wiki['kind'] {
    return this.#client.knownVersion() === 3 ? 'wikijs-v3' : 'wikijs-v2';
  }

  get url(): string {
    return this.#client.url;
  }

  list(options: ListOptions = {}): Listing<PageSummary> {
    return listing(() => this.#list(options));
  }

  async *#list(options: ListOptions): AsyncIterable<PageSummary> {
    const items = await this.#client.pages.list({ ...(options.locale ? { locale: options.locale } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    for (const item of items) {
      if (inFolder(item.path, options.prefix)) yield toSummary(item);
    }
  }

  async get(path: string, options: { locale?: string; signal?: AbortSignal } = {}): Promise<Page | undefined> {
    try {
      return this.#model(await this.#client.pages.get({ path, locale: options.locale ?? 'en' }, options.signal ? { signal: options.signal } : undefined));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async getById(id: string, options: { signal?: AbortSignal } = {}): Promise<Page | undefined> {
    // Wiki.js 2 ids are integers, Wiki.js 3 ids UUIDs; the client checks the shape per dialect.
    const wikiId = /^\d+$/.test(id) ? Number(id) : id;
    try {
      return this.#model(await this.#client.pages.get(wikiId, options.signal ? { signal: options.signal } : undefined));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async getMany(paths: readonly string[], options: { locale?: string; signal?: AbortSignal } = {}): Promise<Map<string, Page | undefined>> {
    const pages = await this.#client.pages.getMany({ paths, locale: options.locale ?? 'en' }, options.signal ? { signal: options.signal } : undefined);
    return new Map(paths.map((path, i) => {
      const page = pages[i];
      return [path, page ? this.#model(page) : undefined];
    }));
  }

  private raw(path: string, locale: string | undefined): Promise<WikiJsPage | undefined> {
    return this.#client.pages.get({ path, locale: locale ?? 'en' }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    });
  }

  private conflict(path: string, message: string, details: Record<string, unknown>): ConflictError {
    return clientError('StaleRevision', `Wiki.js ${message} (path "${path}")`, { wiki: this.kind, slug: 'StaleRevision', path, details });
  }

  async put(input: PageInput, options: PutOptions = {}): Promise<PutResult> {
    const editor = editorFor(input.format);
    // The revision is checked here, once: against the caller's fresh copy, or one read now.
    const current = this.#given(input, options) ?? (await this.raw(input.path, input.locale));
    if (options.expectedRevision === null && current) {
      throw this.conflict(current.path, 'put refused: the page already exists', { currentRevision: current.updatedAt });
    }
    if (typeof options.expectedRevision === 'string' && current?.updatedAt !== options.expectedRevision) {
      throw this.conflict(input.path, current ? 'put refused: the page changed since it was read' : 'put refused: the page no longer exists', {
        expectedRevision: options.expectedRevision,
        currentRevision: current?.updatedAt ?? null,
      });
    }
    const signal = options.signal ? { signal: options.signal } : {};
    if (!current) {
      const create: PageCreateInput = {
        path: input.path,
        content: input.content,
        title: input.title ?? input.path.split('/').pop() ?? input.path,
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(editor === undefined ? {} : { editor }),
        ...(input.tags === undefined ? {} : { tags: input.tags }),
        ...(input.locale === undefined ? {} : { locale: input.locale }),
        ...(input.published === undefined ? {} : { isPublished: input.published }),
        ...(input.private === undefined ? {} : { isPrivate: input.private }),
      };
      return { action: 'created', page: this.#model(await this.#client.pages.create(create, signal)) };
    }
    const patch: { -readonly [K in keyof PagePatch]: PagePatch[K] } = {};
    if (input.content !== current.content) patch.content = input.content;
    if (input.title !== undefined && input.title !== current.title) patch.title = input.title;
    if (input.description !== undefined && input.description !== current.description) patch.description = input.description;
    if (input.tags !== undefined) {
      const tags = input.tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
      if (!sameTags(tags, current.tags)) patch.tags = tags;
    }
    if (input.published !== undefined && input.published !== current.isPublished) patch.isPublished = input.published;
    if (input.private !== undefined && input.private !== current.isPrivate) patch.isPrivate = input.private;
    if (editor !== undefined && editor !== current.editor && !(input.format === 'markdown' && current.contentType === 'markdown')) patch.editor = editor;
    if (Object.keys(patch).length === 0) return { action: 'unchanged', page: this.#model(current) };
    const updated = await this.#client.pages.updateFrom(current, patch, signal);
    return { action: 'updated', page: this.#model(updated) };
  }

  private async guarded(path: string, guard: WriteGuard, what: string): Promise<WikiJsPage> {
    const current = await this.raw(path, guard.locale);
    if (!current) throw apiError('not-found', `Wiki.js ${what} failed: no page at "${path}"`, { wiki: this.kind, code: 6003, slug: 'PageNotFound', path });
    if (guard.expectedRevision !== undefined && guard.expectedRevision !== current.updatedAt) {
      throw this.conflict(path, `${what} refused: the page changed since it was read`, { expectedRevision: guard.expectedRevision, currentRevision: current.updatedAt });
    }
    return current;
  }

  async delete(path: string, options: WriteGuard = {}): Promise<void> {
    const current = await this.guarded(path, options, 'delete');
    await this.#client.pages.delete(current.id, options.signal ? { signal: options.signal } : undefined);
  }

  async move(from: string, to: string, options: WriteGuard = {}): Promise<void> {
    const current = await this.guarded(from, options, 'move');
    await this.#client.pages.move(current.id, { path: to, locale: current.locale }, options.signal ? { signal: options.signal } : undefined);
  }

  /** From `pages.links` (Wiki.js 2; the 3.x API has no such query and refuses with UsageError). */
  async linkedFrom(paths: readonly string[], options: { locale?: string; signal?: AbortSignal } = {}): Promise<string[]> {
    const locale = options.locale ?? 'en';
    const wanted = new Set(paths.map((p) => `${locale}/${p}`));
    const items = await this.#client.pages.links(locale, options.signal ? { signal: options.signal } : undefined);
    // Paths come back as `en/docs/a`; the model's paths carry no locale.
    const strip = (p: string): string => (p.startsWith(`${locale}/`) ? p.slice(locale.length + 1) : p);
    return items.filter((item) => item.links.some((l) => wanted.has(l))).map((item) => strip(item.path));
  }

  async history(path: string, options: { locale?: string; withContent?: boolean; limit?: number } = {}): Promise<Revision[]> {
    const current = await this.raw(path, options.locale);
    if (!current) throw apiError('not-found', `Wiki.js history failed: no page at "${path}"`, { wiki: this.kind, code: 6003, slug: 'PageNotFound', path });
    const history = await this.#client.pages.history(current.id);
    // The server's trail lists states BEFORE each change; the current state comes first here.
    const revisions: Revision[] = [
      { revision: current.updatedAt, timestamp: current.updatedAt, ...(current.authorName ? { author: current.authorName } : {}), summary: 'current', ...(options.withContent ? { content: current.content } : {}) },
    ];
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const trail = history.trail.slice(0, Math.max(0, limit - 1));
    const versions = options.withContent ? await Promise.all(trail.map((e) => this.#client.pages.version(current.id, e.versionId).catch(() => undefined))) : [];
    trail.forEach((entry, i) => {
      const content = versions[i]?.content;
      revisions.push({ revision: entry.versionDate, timestamp: entry.versionDate, author: entry.authorName, summary: entry.actionType, ...(content === undefined ? {} : { content }) });
    });
    return revisions.slice(0, limit);
  }

  async search(query: string, options: { locale?: string } = {}): Promise<PageSummary[]> {
    const hits = await this.#client.pages.search(query, options.locale ? { locale: options.locale } : {});
    if (hits.length === 0) return [];
    // Search hits carry no dates; one batched read fills them in.
    const pages = await this.#client.pages.getMany(hits.map((h) => h.id));
    return hits.map((hit, i) => {
      const page = pages[i];
      return { id: String(hit.id), path: hit.path, title: hit.title, locale: hit.locale, description: hit.description, updatedAt: page?.updatedAt ?? '', ...(page ? { revision: page.updatedAt, tags: page.tags, published: page.isPublished, private: page.isPrivate } : {}) };
    });
  }

  /** Folder id for a slash path, creating missing folders. */
  private async folderId(folder: string | undefined): Promise<number> {
    let parent = 0;
    for (const slug of (folder ?? '').split('/').filter((s) => s !== '')) {
      const wanted = slug.toLowerCase();
      const existing = (await this.#client.assets.folders(parent)).find((f) => f.slug === wanted);
      parent = existing ? existing.id : (await this.#client.assets.createFolder(parent, wanted)).id;
    }
    return parent;
  }

  async uploadAsset(name: string, data: Uint8Array, options: { folder?: string; mime?: string } = {}): Promise<AssetRef> {
    const folderId = await this.folderId(options.folder);
    const asset = await this.#client.assets.upload(name, data, { folderId, ...(options.mime ? { mime: options.mime } : {}) });
    const folder = (options.folder ?? '').split('/').filter((s) => s !== '').map((s) => s.toLowerCase());
    return { path: `/${[...folder, asset.filename].join('/')}`, name: asset.filename, size: asset.fileSize, mime: asset.mime, id: String(asset.id) };
  }

  downloadAsset(path: string): Promise<Uint8Array> {
    return this.#client.assets.download(path);
  }

  async *listAssets(): AsyncIterable<AssetRef> {
    const walk = async function* (this: WikiJsBackend, folderId: number, prefix: string[]): AsyncGenerator<AssetRef> {
      for (const asset of await this.#client.assets.list(folderId)) {
        yield { path: `/${[...prefix, asset.filename].join('/')}`, name: asset.filename, size: asset.fileSize, mime: asset.mime, id: String(asset.id) };
      }
      for (const folder of await this.#client.assets.folders(folderId)) yield* walk.call(this, folder.id, [...prefix, folder.slug]);
    };
    yield* walk.call(this, 0, []);
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

