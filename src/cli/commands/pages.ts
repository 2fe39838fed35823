import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConflictError, isConflictError, usageError } from '../../errors.js';
import { fileToPageInput, formatOfFile, pageToFile, parsePageFile, renderPageFile, validateWikiPath } from '../../model/index.js';
import type { Page, PageInput, PageSummary } from '../../model/page.js';
import type { Wiki } from '../../model/wiki.js';
import { collectList, examples, positiveInt } from '../command-module.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from '../../ops/files.js';
import { EXIT } from '../exit-codes.js';
import { clientError } from '../../client-errors.js';

function summaryRecord(page: PageSummary): Record<string, unknown> {
  return {
    id: page.id,
    path: page.path,
    title: page.title,
    locale: page.locale,
    updatedAt: page.updatedAt,
    ...(page.revision === undefined ? {} : { revision: page.revision }),
    ...(page.tags === undefined ? {} : { tags: page.tags }),
  };
}

async function readInput(ctx: CliContext, file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    if (ctx.canPrompt()) throw usageError('pages put needs a FILE (or content piped on stdin)', { field: 'file' });
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: 'file', cause: error });
  }
}

/** On a refused write, show what the wiki has now against what we tried to write. */
async function reportConflict(ctx: CliContext, wiki: Wiki, input: PageInput, error: ConflictError): Promise<never> {
  const current = await wiki.get(input.path, input.locale === undefined ? {} : { locale: input.locale }).catch(() => undefined);
  if (current !== undefined) {
    ctx.out.info(`the page changed on the wiki (now at revision ${current.revision}); diff from the wiki to your version:`);
    const patch = ctx.out.diff(input.path, current.content, input.content, { from: 'wiki', to: 'local' });
    ctx.out.record('conflict', { path: input.path, revision: current.revision, diff: patch });
  }
  throw error;
}

interface PutFlags {
  title?: string;
  description?: string;
  tag?: string[];
  locale?: string;
  expectRevision?: string;
  create?: boolean;
  summary?: string;
  dryRun?: boolean;
  published?: boolean;
  private?: boolean;
}

async function put(ctx: CliContext, path: string, file: string | undefined, flags: PutFlags): Promise<void> {
  const text = await readInput(ctx, file);
  const parsed = parsePageFile(text, file ?? 'stdin');
  const format = (file === undefined ? undefined : formatOfFile(file)) ?? 'markdown';
  const base = fileToPageInput(parsed, path, format);
  const input: PageInput = {
    ...base,
    ...(flags.title === undefined ? {} : { title: flags.title }),
    ...(flags.description === undefined ? {} : { description: flags.description }),
    ...(flags.tag === undefined ? {} : { tags: flags.tag }),
    ...(flags.locale === undefined ? {} : { locale: flags.locale }),
    ...(flags.summary === undefined ? {} : { summary: flags.summary }),
    ...(flags.published === undefined ? {} : { published: flags.published }),
    ...(flags.private === undefined ? {} : { private: flags.private }),
  };
  if (flags.create === true && flags.expectRevision !== undefined) {
    throw usageError('--create and --expect-revision cannot be combined', { field: 'create' });
  }
  const wiki = await ctx.connect();
  // The API accepts paths no reader could ever open (a locale as first segment, a reserved
  // route): refuse them here, before anything is written.
  if (wiki.kind !== 'mediawiki') validateWikiPath(input.path, wiki.kind, 'path');
  if (flags.dryRun === true) {
    const current = await wiki.get(path, input.locale === undefined ? {} : { locale: input.locale });
    if (current !== undefined && flags.expectRevision !== undefined && current.revision !== flags.expectRevision) {
      ctx.out.record('conflict', { path, revision: current.revision, expected: flags.expectRevision }, `conflict: ${path} is at revision ${current.revision}, not ${flags.expectRevision}`);
      ctx.fail(EXIT.conflict);
    }
    const patch = ctx.out.diff(path, current?.content ?? '', input.content, { from: current === undefined ? 'new page' : 'wiki', to: 'local' });
    ctx.out.record('change', { action: current === undefined ? 'create' : 'update', path, dryRun: true, diff: patch });
    ctx.out.info(`dry run: ${current === undefined ? 'would create' : 'would update'} ${path}; nothing was written`);
    return;
  }
  const guard = flags.create === true ? { expectedRevision: null } : flags.expectRevision === undefined ? {} : { expectedRevision: flags.expectRevision };
  try {
    const result = await wiki.put(input, { ...guard, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) });
    ctx.out.record('page', { action: result.action, path: result.page.path, revision: result.page.revision }, `${result.action} ${result.page.path} (revision ${result.page.revision})`);
  } catch (error) {
    if (isConflictError(error) && flags.create !== true) await reportConflict(ctx, wiki, input, error);
    throw error;
  }
}

function pageRecord(page: Page): Record<string, unknown> {
  return { ...summaryRecord(page), description: page.description, format: page.format, tags: page.tags, published: page.published, private: page.private, content: page.content, ...(page.author === undefined ? {} : { author: page.author }) };
}

export function register(program: Command, ctx: CliContext): void {
  const pages = examples(program.command('pages').description('list, read, write, move, delete and search pages'), [
    'wikikit pages ls --prefix docs',
    'wikikit pages get docs/intro > intro.md',
    'wikikit pages put docs/intro intro.md',
    'wikikit pages mv docs/old docs/new',
  ]);

  examples(
    pages
      .command('ls')
      .alias('list')
      .description('list pages (path, title, last update)')
      .option('--prefix <path>', 'only pages under this folder')
      .option('--locale <code>', 'only this locale')
      .action(async (flags: { prefix?: string; locale?: string }) => {
        const wiki = await ctx.connect();
        const rows: string[][] = [];
        for await (const page of wiki.list({ ...flags, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) })) {
          ctx.out.record('page', summaryRecord(page));
          rows.push([page.path, page.title, page.updatedAt]);
        }
        rows.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
        ctx.out.table(rows, ['PATH', 'TITLE', 'UPDATED']);
        ctx.out.info(`${rows.length} page${rows.length === 1 ? '' : 's'}`);
      }),
    ['wikikit pages ls', 'wikikit pages ls --prefix handbook --json | jq -r .path'],
  );

  examples(
    pages
      .command('get')
      .description('print a page as Markdown with YAML front matter (or save it with -o)')
      .argument('<path>', 'wiki path (Wiki.js) or title (MediaWiki)')
      .option('--locale <code>', 'locale of the page')
      .option('--body', 'only the body, no front matter')
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .action(async (path: string, flags: { locale?: string; body?: boolean; output?: string }) => {
        const wiki = await ctx.connect();
        const page = await wiki.get(path, flags.locale === undefined ? {} : { locale: flags.locale });
        if (page === undefined) {
          throw clientError('not-found', `page "${path}" does not exist on ${wiki.url}`, { wiki: wiki.kind, path });
        }
        const text = flags.body === true ? page.content : renderPageFile(pageToFile(page));
        if (flags.output !== undefined) {
          await writeFileAtomic(resolve(ctx.io.cwd, flags.output), text);
          ctx.out.record('page', { ...summaryRecord(page), file: flags.output }, `wrote ${flags.output}`);
        } else if (ctx.out.json) ctx.out.record('page', pageRecord(page));
        else ctx.out.write(text.endsWith('\n') ? text : `${text}\n`);
      }),
    ['wikikit pages get docs/intro', 'wikikit pages get docs/intro --body -o intro.md', 'wikikit pages get "Main Page" --json'],
  );

  examples(
    pages
      .command('put')
      .description('create or update a page from a file (front matter sets title, tags, …) or stdin')
      .argument('<path>', 'wiki path')
      .argument('[file]', 'Markdown file, or - for stdin')
      .option('--title <title>')
      .option('--description <text>')
      .option('--tag <tags>', 'tag (repeat, or comma-separated); replaces the page tags', collectList)
      .option('--locale <code>')
      .option('--published', 'publish the page')
      .option('--no-published', 'unpublish the page')
      .option('--private', 'mark private')
      .option('--summary <text>', 'edit summary (MediaWiki)')
      .option('--expect-revision <rev>', 'refuse (exit 3) unless the page is still at this revision')
      .option('--create', 'refuse (exit 3) if the page already exists')
      .option('--dry-run', 'print the diff and change nothing')
      .action((path: string, file: string | undefined, flags: PutFlags) => put(ctx, path, file, flags)),
    ['wikikit pages put docs/intro intro.md', 'echo "# Hi" | wikikit pages put sandbox/hi - --title Hi', 'wikikit pages put docs/intro intro.md --expect-revision 2024-05-01T10:00:00.000Z', 'wikikit pages put docs/intro intro.md --dry-run'],
  );

  examples(
    pages
      .command('rm')
      .alias('delete')
      .description('delete a page')
      .argument('<path>')
      .option('--locale <code>')
      .option('--expect-revision <rev>', 'refuse (exit 3) unless the page is still at this revision')
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--dry-run', 'say what would be deleted and change nothing')
      .action(async (path: string, flags: { locale?: string; expectRevision?: string; yes?: boolean; dryRun?: boolean }) => {
        const wiki = await ctx.connect();
        if (flags.dryRun === true) {
          const page = await wiki.get(path, flags.locale === undefined ? {} : { locale: flags.locale });
          ctx.out.record('change', { action: 'delete', path, exists: page !== undefined, dryRun: true }, page === undefined ? `${path} does not exist` : `would delete ${path}`);
          return;
        }
        if (!(await ctx.confirm(`Delete ${path} on ${wiki.url}?`, flags.yes))) {
          ctx.out.info('not deleted');
          ctx.fail(EXIT.failure);
          return;
        }
        await wiki.delete(path, {
          ...(flags.locale === undefined ? {} : { locale: flags.locale }),
          ...(flags.expectRevision === undefined ? {} : { expectedRevision: flags.expectRevision }),
        });
        ctx.out.record('page', { action: 'deleted', path }, `deleted ${path}`);
      }),
    ['wikikit pages rm sandbox/old --yes', 'wikikit pages rm docs/x --expect-revision 2024-05-01T10:00:00.000Z -y'],
  );

  examples(
    pages
      .command('mv')
      .alias('move')
      .description('move (rename) a page')
      .argument('<from>')
      .argument('<to>')
      .option('--locale <code>')
      .action(async (from: string, to: string, flags: { locale?: string }) => {
        const wiki = await ctx.connect();
        if (wiki.kind !== 'mediawiki') validateWikiPath(to, wiki.kind, 'to');
        await wiki.move(from, to, flags.locale === undefined ? {} : { locale: flags.locale });
        ctx.out.record('page', { action: 'moved', from, to }, `moved ${from} → ${to}`);
      }),
    ['wikikit pages mv docs/old-name docs/new-name'],
  );

  examples(
    pages
      .command('history')
      .description('list revisions, newest first')
      .argument('<path>')
      .option('--locale <code>')
      .option('--limit <n>', 'at most n revisions', positiveInt)
      .action(async (path: string, flags: { locale?: string; limit?: number }) => {
        const wiki = await ctx.connect();
        const revisions = await wiki.history(path, flags);
        for (const rev of revisions) ctx.out.record('revision', { path, ...rev });
        ctx.out.table(
          revisions.map((rev) => [rev.revision, rev.timestamp, rev.author ?? '', rev.summary ?? '']),
          ['REVISION', 'TIME', 'AUTHOR', 'SUMMARY'],
        );
      }),
    ['wikikit pages history docs/intro --limit 10'],
  );

  examples(
    pages
      .command('search')
      .description("search with the wiki's own engine (Wiki.js default: titles, descriptions, paths); see `grep` for bodies")
      .argument('<query>')
      .option('--locale <code>')
      .action(async (query: string, flags: { locale?: string }) => {
        const wiki = await ctx.connect();
        const hits = await wiki.search(query, flags);
        for (const hit of hits) ctx.out.record('page', summaryRecord(hit));
        ctx.out.table(hits.map((hit) => [hit.path, hit.title]), ['PATH', 'TITLE']);
      }),
    ['wikikit pages search deploy'],
  );
}
