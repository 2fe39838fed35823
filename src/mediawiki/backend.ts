import { apiError, usageError } from '../errors.js';
import type { AssetRef, Page, PageInput, PageSummary, Revision } from '../model/page.js';
import type { ListOptions, MoveOptions, PutOptions, PutResult, Wiki, WriteGuard } from '../model/wiki.js';
import type { MediaWikiCalls } from './calls.js';
import type { EditParams } from './edit.js';
import type { PageContent } from './read.js';
import { storedWikitext } from '../model/wikitext.js';
import { listing } from '../model/listing.js';
import { mediawikiError } from './error-codes.js';

const CATEGORY_LINK = /\[\[\s*(?:Category|Catégorie)\s*:\s*([^\]|]+?)\s*(?:\|[^\]]*)?\]\]/giu;

/** Category names linked from wikitext (what `tags` means on MediaWiki). */
export function categoriesIn(content: string): string[] {
  const out: string[] = [];
  for (const match of content.matchAll(CATEGORY_LINK)) {
    const name = (match[1] ?? '').replace(/_/g, ' ');
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Appends `[[Category:…]]` for tags the text does not link yet; existing links stay. */
export function withCategories(content: string, tags: readonly string[]): string {
  const present = new Set(categoriesIn(content).map((name) => name.toLowerCase()));
  const missing = tags.filter((tag) => tag.trim() !== '' && !present.has(tag.replace(/_/g, ' ').toLowerCase()));
  if (missing.length === 0) return content;
  return `${content.replace(/\s+$/u, '')}\n${missing.map((tag) => `[[Category:${tag}]]`).join('\n')}`;
}

function toPage(page: PageContent, locale: string): Page {
  const content = page.content ?? '';
  return {
    id: String(page.pageid ?? ''),
    path: page.title,
    title: page.title,
    locale,
    updatedAt: page.timestamp ?? '',
    revision: String(page.revid ?? ''),
    description: '',
    content,
    format: 'wikitext',
    tags: page.categories ?? categoriesIn(content),
    published: true,
    private: false,
    ...(page.user === undefined ? {} : { author: page.user }),
    extra: { pageid: page.pageid, contentmodel: page.contentmodel, sha1: page.sha1 },
  };
}

function folderPrefix(prefix: string | undefined): string | undefined {
  if (prefix === undefined) return undefined;
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' ? undefined : trimmed;
}

/**
 * MediaWiki behind the wiki-neutral {@link Wiki}: path = title, content = wikitext,
 * tags = categories, revision = revid. `put` with `expectedRevision` writes with `baserevid`
 * (MediaWiki refuses a stale one with editconflict → ConflictError).
 */
export function createMediaWikiBackend(client: MediaWikiCalls): Wiki {
  let locale: Promise<string> | undefined;
  const lang = (): Promise<string> => {
    locale ??= client.siteinfo().then((info) => info.general.lang ?? 'en', () => 'en');
    return locale;
  };
  /** The namespace a title starts with (by local name, canonical name or alias), when not the main one. */
  const namespaceOf = async (title: string): Promise<{ id: number; rest: string } | undefined> => {
    const colon = title.indexOf(':');
    if (colon <= 0) return undefined;
    const wanted = title.slice(0, colon).replace(/_/g, ' ').trim().toLowerCase();
    const info = await client.siteinfo();
    const names: [string, number][] = [
      ...Object.values(info.namespaces).flatMap((n) => [[n.name, n.id] as [string, number], ...(n.canonical === undefined ? [] : [[n.canonical, n.id] as [string, number]])]),
      ...info.namespacealiases.map((a) => [a.alias, a.id] as [string, number]),
    ];
    const hit = names.find(([name, id]) => id !== 0 && name.toLowerCase() === wanted);
    return hit === undefined ? undefined : { id: hit[1], rest: title.slice(colon + 1).trim() };
  };
  const readOne = async (path: string, signal?: AbortSignal): Promise<PageContent> => {
    const [page] = await client.getMany([path], { categories: true, details: true, ...(signal ? { signal } : {}) });
    if (!page) throw usageError('read returned nothing', { field: 'path' });
    return page;
  };
  const guard = async (path: string, options: WriteGuard | undefined): Promise<void> => {
    if (options?.expectedRevision === undefined) return;
    const page = await readOne(path, options.signal);
    if (page.missing) throw mediawikiError('missingtitle', `MediaWiki page "${path}" does not exist`, { category: 'not-found', path });
    if (String(page.revid) !== options.expectedRevision) {
      throw mediawikiError('editconflict', `MediaWiki page "${path}" is at revision ${String(page.revid)}, not ${options.expectedRevision}`, {
        path,
        details: { expectedRevision: options.expectedRevision, currentRevision: String(page.revid) },
      });
    }
  };

  async function* listPages(options: ListOptions): AsyncGenerator<PageSummary> {
    const prefix = folderPrefix(options.prefix);
    const language = await lang();
    // allpages lists one namespace and refuses a prefix holding one (`Help:x` → invalidtitle).
    const ns = prefix === undefined ? undefined : await namespaceOf(prefix);
    const params = {
      generator: 'allpages',
      gaplimit: 'max',
      prop: 'revisions',
      rvprop: 'ids|timestamp',
      ...(prefix === undefined ? {} : { gapprefix: ns === undefined ? prefix : ns.rest }),
      ...(ns === undefined ? {} : { gapnamespace: ns.id }),
    };
    for await (const page of client.list<{ pageid: number; title: string; revisions?: { revid: number; timestamp: string }[] }>(params, options.signal ? { signal: options.signal } : {})) {
      if (prefix !== undefined && page.title !== prefix && !page.title.startsWith(`${prefix}/`)) continue;
      const revision = page.revisions?.[0];
      yield {
        id: String(page.pageid),
        path: page.title,
        title: page.title,
        locale: language,
        updatedAt: revision?.timestamp ?? '',
        ...(revision ? { revision: String(revision.revid) } : {}),
      };
    }
  }

  const wiki: Wiki = {
    kind: 'mediawiki',
    url: new URL('.', client.apiUrl).toString(),
    capabilities: { assets: true, history: true, tags: true, locales: false, formats: ['wikitext'] },

    list: (options: ListOptions = {}) => listing(() => listPages(options)),

    async get(path, options = {}) {
      const page = await readOne(path, options.signal);
      return page.missing || page.invalid ? undefined : toPage(page, await lang());
    },

    async getById(id, options = {}) {
      if (!/^\d+$/.test(id)) throw usageError(`MediaWiki page id "${id}" is not a positive integer`, { field: 'id' });
      const [page] = await client.readIds(Number(id), { categories: true, details: true, ...(options.signal ? { signal: options.signal } : {}) });
      return page === undefined || page.missing || page.invalid ? undefined : toPage(page, await lang());
    },

    async getMany(paths, options = {}) {
      const out = new Map<string, Page | undefined>();
      if (paths.length === 0) return out;
      const [pages, language] = await Promise.all([client.getMany(paths, { categories: true, details: true, ...(options.signal ? { signal: options.signal } : {}) }), lang()]);
      for (const page of pages) out.set(String(page.requested), page.missing || page.invalid ? undefined : toPage(page, language));
      return out;
    },

    async put(input: PageInput, options: PutOptions = {}): Promise<PutResult> {
      const content = input.tags === undefined ? input.content : withCategories(input.content, input.tags);
      const params: EditParams = {
        title: input.path,
        text: content,
        ...(input.summary === undefined ? {} : { summary: input.summary }),
        ...(options.expectedRevision === null ? { createonly: true } : {}),
        ...(typeof options.expectedRevision === 'string' ? { baserevid: Number(options.expectedRevision), nocreate: true } : {}),
      };
      if (typeof options.expectedRevision === 'string' && !/^\d+$/.test(options.expectedRevision)) {
        throw usageError(`expectedRevision "${options.expectedRevision}" is not a MediaWiki revid`, { field: 'expectedRevision' });
      }
      const result = await client.edit(params, options.signal ? { signal: options.signal } : {});
      if (result.nochange || result.newrevid === undefined) {
        const page = await wiki.get(input.path, options.signal ? { signal: options.signal } : {});
        if (!page) throw mediawikiError('missingtitle', `MediaWiki page "${input.path}" vanished after writing it`, { category: 'not-found', path: input.path });
        return { action: 'unchanged', page };
      }
      const page: Page = {
        id: String(result.pageid),
        path: result.title,
        title: result.title,
        locale: await lang(),
        updatedAt: result.newtimestamp ?? '',
        revision: String(result.newrevid),
        description: '',
        // What MediaWiki stored (NFC, LF, trailing whitespace trimmed), as a re-read would show.
        content: storedWikitext(content),
        format: 'wikitext',
        tags: categoriesIn(content),
        published: true,
        private: false,
        extra: { pageid: result.pageid, contentmodel: result.contentmodel },
      };
      return { action: result.new ? 'created' : 'updated', page };
    },

    async delete(path, options) {
      await guard(path, options);
      await client.delete(path, options?.signal ? { signal: options.signal } : {});
    },

    async move(from, to, options: MoveOptions = {}) {
      await guard(from, options);
      await client.move(from, to, {
        movetalk: options.talk !== false,
        noredirect: options.redirect !== true,
        ...(options.subpages === true ? { movesubpages: true } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    },

    async linkedFrom(paths, options = {}) {
      const out = new Set<string>();
      const size = await client.batchSize(options.signal);
      for (let i = 0; i < paths.length; i += size) {
        const titles = paths.slice(i, i + size);
        for await (const page of client.list<{ title: string }>({ generator: 'linkshere', titles, glhlimit: 'max' }, options.signal ? { signal: options.signal } : {})) {
          out.add(page.title);
        }
      }
      return [...out];
    },

    async hasSubpages(path) {
      const ns = await namespaceOf(path);
      const info = await client.siteinfo();
      return Object.values(info.namespaces).find((n) => n.id === (ns?.id ?? 0))?.subpages === true;
    },

    async history(path, options = {}): Promise<Revision[]> {
      const revisions = await client.revisions(path, { limit: options.limit ?? 50, content: options.withContent === true });
      return revisions.map((revision) => ({
        revision: String(revision.revid),
        timestamp: revision.timestamp,
        ...(revision.user === undefined ? {} : { author: revision.user }),
        ...(revision.comment === undefined ? {} : { summary: revision.comment }),
        ...(revision.content === undefined ? {} : { content: revision.content }),
      }));
    },

    async search(query) {
      const language = await lang();
      const out: PageSummary[] = [];
      for await (const page of client.list<{ pageid: number; title: string; revisions?: { revid: number; timestamp: string }[] }>({
        generator: 'search',
        gsrsearch: query,
        gsrlimit: 50,
        prop: 'revisions',
        rvprop: 'ids|timestamp',
      })) {
        const revision = page.revisions?.[0];
        out.push({ id: String(page.pageid), path: page.title, title: page.title, locale: language, updatedAt: revision?.timestamp ?? '', ...(revision ? { revision: String(revision.revid) } : {}) });
        if (out.length >= 50) break;
      }
      return out;
    },

    async uploadAsset(name, data, options = {}): Promise<AssetRef> {
      const result = await client.upload(name, data, options.mime === undefined ? {} : { mime: options.mime });
      return { path: `File:${result.filename}`, name: result.filename, size: result.size, ...(result.mime === undefined ? {} : { mime: result.mime }) };
    },

    async downloadAsset(path): Promise<Uint8Array> {
      const title = path.startsWith('File:') ? path : `File:${path}`;
      const body = await client.request({ action: 'query', titles: title, prop: 'imageinfo', iiprop: 'url' }, { kind: 'read' });
      const url = (body['query'] as { pages?: { imageinfo?: { url?: string }[] }[] } | undefined)?.pages?.[0]?.imageinfo?.[0]?.url;
      if (!url) throw mediawikiError('missingtitle', `MediaWiki file "${title}" does not exist`, { category: 'not-found', path: title });
      const response = await client.transport.send({ method: 'GET', url: new URL(url, client.apiUrl).toString(), operation: { name: 'file.download', kind: 'read', idempotent: true, wiki: 'mediawiki' } });
      if (response.status !== 200) throw apiError('not-found', `MediaWiki file "${title}" download answered HTTP ${response.status}`, { wiki: 'mediawiki', code: `http-${response.status}`, path: title, httpStatus: response.status });
      return response.body;
    },

    async *listAssets(): AsyncIterable<AssetRef> {
      for await (const image of client.list<{ name: string; size?: number; mime?: string }>({ list: 'allimages', ailimit: 'max', aiprop: 'size|mime' })) {
        yield { path: `File:${image.name}`, name: image.name, ...(image.size === undefined ? {} : { size: image.size }), ...(image.mime === undefined ? {} : { mime: image.mime }) };
      }
    },

    close: () => client.close(),
  };
  return wiki;
}
