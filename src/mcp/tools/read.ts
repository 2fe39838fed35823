/** Tools that only read: search, grep, read_page, list_pages, tree, history, diff. Internal module. */
import { z } from 'zod';
import { usageError } from '../../errors.js';
import { okResult } from '../results.js';
import type { Page } from '../wiki-access.js';
import { defineTool, type ToolContext, type ToolSpec } from './define.js';
import { at, locale, mimeOf, path, prefix, summary } from './fields.js';

const search = defineTool({
  name: 'search',
  title: 'Search pages',
  description:
    "Search pages with the wiki's own search engine (Wiki.js: titles, descriptions and paths by default; MediaWiki: full text). Returns paths, titles and revisions. To find text inside page bodies on Wiki.js use grep.",
  essential: true,
  write: false,
  input: {
    query: z.string().min(1).describe('Words to search for.'),
    locale,
    limit: z.number().int().min(1).max(200).optional().describe('At most this many hits (default 50).'),
  },
  async run(args, ctx) {
    const hits = await ctx.access.search(args.query, at(args.locale));
    const limit = args.limit ?? 50;
    return okResult({ hits: hits.slice(0, limit).map(summary), truncated: hits.length > limit }, ctx.secrets);
  },
});

const grep = defineTool({
  name: 'grep',
  title: 'Grep page bodies',
  description:
    'Find lines in page bodies that contain a text (or match a JavaScript regular expression). Reads every page under path_prefix, so narrow it on big wikis. Returns path, line number and the line.',
  essential: false,
  write: false,
  input: {
    pattern: z.string().min(1).describe('Text to find; a JavaScript regular expression when regex is true.'),
    regex: z.boolean().optional().describe('Treat pattern as a regular expression (default false: literal text).'),
    ignore_case: z.boolean().optional().describe('Match case-insensitively (default false).'),
    path_prefix: prefix,
    locale,
    max_matches: z.number().int().min(1).max(1000).optional().describe('Stop after this many matching lines (default 100).'),
  },
  async run(args, ctx, signal) {
    const { matches, truncated } = await ctx.access.grep({
      pattern: args.pattern,
      max: args.max_matches ?? 100,
      ...(args.regex === undefined ? {} : { regex: args.regex }),
      ...(args.ignore_case === undefined ? {} : { ignoreCase: args.ignore_case }),
      ...(args.path_prefix === undefined ? {} : { pathPrefix: args.path_prefix }),
      ...at(args.locale, signal),
    });
    return okResult({ matches: matches.map((m) => ({ path: m.path, locale: m.locale, line: m.line, column: m.column, text: m.text })), truncated }, ctx.secrets);
  },
});

async function pageByPathOrId(ctx: ToolContext, args: { path?: string | undefined; id?: string | undefined; locale?: string | undefined }, signal: AbortSignal): Promise<Page> {
  if ((args.path === undefined) === (args.id === undefined)) throw usageError('give exactly one of path or id', { field: args.path === undefined ? 'path' : 'id' });
  return args.id === undefined ? ctx.access.require(args.path ?? '', at(args.locale, signal)) : ctx.access.byId(args.id, { signal });
}

const readPage = defineTool({
  name: 'read_page',
  title: 'Read a page',
  description:
    'Read one page by path or by id: its metadata as JSON (with "revision", which update_page and delete_page need), then its full content as a second text block. Give revision to read an older version (from history).',
  essential: true,
  write: false,
  input: {
    path: path.optional(),
    id: z.string().min(1).optional().describe('The page id from search or list_pages, instead of path.'),
    locale,
    revision: z.string().min(1).optional().describe('An older revision from history (default: the current one).'),
  },
  async run(args, ctx, signal) {
    const page = await pageByPathOrId(ctx, args, signal);
    const meta = {
      ...summary(page),
      description: page.description,
      format: page.format,
      content_type: mimeOf(page.format),
      tags: page.tags,
      published: page.published,
      private: page.private,
      ...(page.author === undefined ? {} : { author: page.author }),
      uri: `wiki://${encodeURI(page.path)}`,
    };
    if (args.revision === undefined || args.revision === page.revision) return okResult({ ...meta, current: true }, ctx.secrets, page.content);
    const old = await ctx.access.contentAt(page, args.revision);
    return okResult(
      {
        ...meta,
        revision: args.revision,
        current: false,
        current_revision: page.revision,
        revision_timestamp: old.timestamp,
        ...(old.author === undefined ? {} : { revision_author: old.author }),
        note: 'This is an older revision. To edit, read the current page and use its revision as base_revision.',
      },
      ctx.secrets,
      old.content,
    );
  },
});

const listPages = defineTool({
  name: 'list_pages',
  title: 'List pages',
  description: 'List pages (path, title, id, revision, last update), sorted by path, optionally under a folder. Page through big wikis with offset.',
  essential: true,
  write: false,
  input: {
    prefix,
    locale,
    limit: z.number().int().min(1).max(1000).optional().describe('Pages per call (default 200).'),
    offset: z.number().int().min(0).optional().describe('Skip this many pages (use next_offset from the previous call).'),
  },
  async run(args, ctx, signal) {
    const pages = await ctx.access.list({ ...(args.prefix === undefined ? {} : { prefix: args.prefix }), ...at(args.locale, signal) });
    const offset = args.offset ?? 0;
    const limit = args.limit ?? 200;
    const slice = pages.slice(offset, offset + limit);
    const next = offset + slice.length < pages.length ? offset + slice.length : undefined;
    return okResult({ total: pages.length, pages: slice.map(summary), ...(next === undefined ? {} : { next_offset: next }) }, ctx.secrets);
  },
});

interface Folder {
  readonly folders: Map<string, Folder>;
  readonly pages: { name: string; title: string; path: string }[];
}

function renderTree(folder: Folder, indent: string, depth: number, maxDepth: number, lines: string[]): void {
  for (const page of folder.pages.sort((a, b) => a.name.localeCompare(b.name))) {
    // MediaWiki titles are the path itself: only a title that says more is shown.
    const titled = page.title !== page.name && page.title !== page.path;
    lines.push(`${indent}${page.name}${titled ? `  — ${page.title}` : ''}`);
  }
  for (const [name, sub] of [...folder.folders].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${indent}${name}/`);
    if (depth < maxDepth) renderTree(sub, `${indent}  `, depth + 1, maxDepth, lines);
  }
}

const tree = defineTool({
  name: 'tree',
  title: 'Folder tree',
  description: 'The pages as an indented folder tree (one line per page or folder), to see how a wiki or a section is organised.',
  essential: false,
  write: false,
  input: {
    prefix,
    locale,
    depth: z.number().int().min(1).max(20).optional().describe('Show folders this deep (default 5).'),
  },
  async run(args, ctx, signal) {
    const pages = await ctx.access.list({ ...(args.prefix === undefined ? {} : { prefix: args.prefix }), ...at(args.locale, signal) });
    const root: Folder = { folders: new Map(), pages: [] };
    const base = (args.prefix ?? '').replace(/^\/+|\/+$/g, '');
    for (const page of pages) {
      const rest = base !== '' && page.path.startsWith(`${base}/`) ? page.path.slice(base.length + 1) : page.path;
      const parts = rest.split('/');
      let folder = root;
      for (const part of parts.slice(0, -1)) {
        let next = folder.folders.get(part);
        if (next === undefined) {
          next = { folders: new Map(), pages: [] };
          folder.folders.set(part, next);
        }
        folder = next;
      }
      folder.pages.push({ name: parts[parts.length - 1] ?? rest, title: page.title, path: page.path });
    }
    const lines: string[] = [base === '' ? '/' : `${base}/`];
    renderTree(root, '  ', 1, args.depth ?? 5, lines);
    return okResult({ pages: pages.length, ...(base === '' ? {} : { prefix: base }) }, ctx.secrets, lines.join('\n'));
  },
});

const history = defineTool({
  name: 'history',
  title: 'Page history',
  description: 'Revisions of a page, newest first (revision, time, author, summary). Pass a revision to read_page or diff to see it.',
  essential: false,
  write: false,
  input: {
    path,
    locale,
    limit: z.number().int().min(1).max(100).optional().describe('At most this many revisions (default 20).'),
  },
  async run(args, ctx, signal) {
    const revisions = await ctx.access.history(args.path, { limit: args.limit ?? 20, ...at(args.locale, signal) });
    return okResult(
      { path: args.path, revisions: revisions.map((r) => ({ revision: r.revision, timestamp: r.timestamp, ...(r.author === undefined ? {} : { author: r.author }), ...(r.summary === undefined ? {} : { summary: r.summary }) })) },
      ctx.secrets,
    );
  },
});

const diff = defineTool({
  name: 'diff',
  title: 'Diff two revisions',
  description: 'Unified diff of a page between two revisions from history (to defaults to the current revision).',
  essential: false,
  write: false,
  input: {
    path,
    locale,
    from: z.string().min(1).describe('The older revision (from history).'),
    to: z.string().min(1).optional().describe('The newer revision (default: the current one).'),
  },
  async run(args, ctx, signal) {
    const located = at(args.locale, signal);
    const page = await ctx.access.require(args.path, located);
    const to = args.to ?? page.revision;
    const [older, newer] = await Promise.all([ctx.access.contentAt(page, args.from), ctx.access.contentAt(page, to)]);
    const patch = ctx.access.diff(older.content, newer.content, page.path);
    return okResult({ path: page.path, from: args.from, to, identical: patch === '' }, ctx.secrets, patch === '' ? '(no difference)' : patch);
  },
});

export const READ_TOOLS: readonly ToolSpec[] = [search, grep, readPage, listPages, tree, history, diff];
