import { ConflictError } from '../../src/errors.js';
import type { Page, PageInput, PageSummary } from '../../src/model/page.js';
import type { PutOptions, PutResult, Wiki } from '../../src/model/wiki.js';
import { listing, type Listing } from '../../src/model/listing.js';

/**
 * A small in-memory {@link Wiki} for CLI tests that are about the CLI itself (exit codes,
 * output, secrets); the e2e tests run the built binary against the real sandbox instead.
 */
export class FakeWiki implements Wiki {
  readonly kind = 'wikijs-v2' as const;
  readonly url: string;
  readonly capabilities = { assets: false, history: true, tags: true, locales: true, formats: ['markdown'] as const } as Wiki['capabilities'];
  readonly pages = new Map<string, Page>();
  /** When set, every call fails with it. */
  failWith: Error | undefined;
  writes = 0;
  closed = false;
  #clock = Date.parse('2024-01-01T00:00:00.000Z');

  constructor(url = 'http://wiki.test') {
    this.url = url;
  }

  seed(path: string, content: string, extra: Partial<Page> = {}): Page {
    const at = new Date((this.#clock += 1000)).toISOString();
    const page: Page = {
      id: String(this.pages.size + 1),
      path,
      title: path.split('/').pop() ?? path,
      locale: 'en',
      updatedAt: at,
      revision: at,
      description: '',
      content,
      format: 'markdown',
      tags: [],
      published: true,
      private: false,
      ...extra,
    };
    this.pages.set(path, page);
    return page;
  }

  #check(): void {
    if (this.failWith !== undefined) throw this.failWith;
  }

  list(options: { prefix?: string } = {}): Listing<PageSummary> {
    return listing(() => this.#list(options));
  }
  async *#list(options: { prefix?: string }): AsyncIterable<PageSummary> {
    this.#check();
    for (const page of this.pages.values()) {
      if (options.prefix === undefined || page.path === options.prefix || page.path.startsWith(`${options.prefix}/`)) yield page;
    }
  }
  async get(path: string): Promise<Page | undefined> {
    this.#check();
    return this.pages.get(path);
  }
  async getMany(paths: readonly string[]): Promise<Map<string, Page | undefined>> {
    this.#check();
    return new Map(paths.map((p) => [p, this.pages.get(p)]));
  }
  async put(input: PageInput, options: PutOptions = {}): Promise<PutResult> {
    this.#check();
    const current = this.pages.get(input.path);
    if (options.expectedRevision !== undefined && (current?.revision ?? null) !== options.expectedRevision) {
      throw new ConflictError(`page "${input.path}" changed since revision ${String(options.expectedRevision)}`, { wiki: this.kind, code: 'stale', path: input.path });
    }
    this.writes++;
    const page = this.seed(input.path, input.content, { ...(current ?? {}), ...(input.title === undefined ? {} : { title: input.title }) });
    return { action: current === undefined ? 'created' : 'updated', page };
  }
  async delete(path: string): Promise<void> {
    this.#check();
    this.writes++;
    this.pages.delete(path);
  }
  async move(from: string, to: string): Promise<void> {
    this.#check();
    const page = this.pages.get(from);
    if (page) {
      this.pages.delete(from);
      this.pages.set(to, { ...page, path: to });
    }
  }
  async history(): Promise<[]> {
    this.#check();
    return [];
  }
  async search(query: string): Promise<PageSummary[]> {
    this.#check();
    return [...this.pages.values()].filter((p) => p.title.includes(query));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
