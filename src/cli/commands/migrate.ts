import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { usageError } from '../../errors.js';
import { examples, hiddenAlias, positiveInt } from '../command-module.js';
import type { CliContext } from '../context.js';

interface MigrateFlags {
  from?: string;
  fromDump?: string;
  files?: string;
  interwiki?: string;
  to?: string;
  namespace?: number[];
  prefix?: string;
  withHistory?: boolean;
  withAssets?: boolean;
  dryRun?: boolean;
  resume?: boolean;
  mapping?: string;
  templates?: boolean;
  batchSize?: number;
  title?: string[];
}

function namespaceNumber(value: string, previous: number[] | undefined): number[] {
  const numbers = value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 0)) throw new InvalidArgumentError(`expected namespace numbers (0 = main, 1 = Talk, …), got "${value}"`);
  return [...(previous ?? []), ...numbers];
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    hiddenAlias(
      program
      .command('migrate')
      .description('migrate a MediaWiki (live, or its XML dump) into a Wiki.js: pages (wikitext → Markdown), links, files, categories, history')
      .option('--from <profile|url>', 'the MediaWiki (profile name or api.php URL)')
      .option('--from-dump <file>', 'read a MediaWiki XML dump instead (.xml, .xml.gz, .xml.bz2; dumpBackup.php or Special:Export)')
      .option('--files <dir>', 'with --from-dump: folder holding the uploaded files (e.g. the wiki\'s images/ folder)')
      .option('--interwiki <file>', 'with --from-dump: interwiki map (siteinfo interwikimap JSON, or "prefix URL" lines)')
      .option('--to <profile|url>', 'the Wiki.js (profile name or URL; default: the configured wiki)')
      .option('--namespace <n...>', 'MediaWiki namespace numbers to migrate (repeatable; default 0)', namespaceNumber)
      .option('--prefix <path>', 'put every page under this Wiki.js folder')
      .option('--with-history', 'replay every revision in order (default: latest only)')
      .option('--with-assets', 'upload files as assets and relink them')
      .option('--dry-run', 'report what would happen; write nothing')
      .option('--resume', 'continue an interrupted run (skips pages already migrated)')
      .option('--mapping <file>', 'title → path mapping and resume state', 'wikikit-migrate-mapping.json')
      .option('--no-templates', 'keep templates as marked wikitext instead of expanding them on the source wiki')
      .option('--batch-size <n>', 'titles read per request', positiveInt)
      .option('--title <title...>', 'only these pages (repeatable), e.g. for a rehearsal; moves only the files they use'),
      '--with-files',
      'withAssets',
    ).action(async (flags: MigrateFlags) => {
        const { migrate, formatReport, reportHasFailures } = await import('../../ops/migrate/index.js');
        const source = await openSource(flags, ctx);
        try {
          const to = await ctx.connect(flags.to);
          if (to.kind === 'mediawiki') throw usageError('--to must be a Wiki.js', { field: 'to' });
          const bars = new Map<string, ReturnType<CliContext['progress']>>();
          const report = await migrate({
            from: source,
            to,
            ...(flags.namespace === undefined ? {} : { namespaces: flags.namespace }),
            ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
            withHistory: flags.withHistory === true,
            withFiles: flags.withAssets === true,
            dryRun: flags.dryRun === true,
            resume: flags.resume === true,
            ...(flags.mapping === undefined ? {} : { mappingFile: resolve(ctx.io.cwd, flags.mapping) }),
            ...(flags.title === undefined ? {} : { titles: flags.title }),
            expandTemplates: flags.templates !== false,
            ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
            onProgress: (p) => {
              if (p.phase === 'list') return;
              let bar = bars.get(p.phase);
              if (bar === undefined) {
                for (const other of bars.values()) other.stop();
                bar = ctx.progress(p.phase === 'files' ? 'files' : 'pages', p.total);
                bars.set(p.phase, bar);
              }
              bar.tick(p.done - bar.done);
            },
          });
          for (const bar of bars.values()) bar.stop();
          if (ctx.out.json) {
            ctx.out.record('report', { report });
          } else {
            ctx.out.line(formatReport(report));
          }
          if (reportHasFailures(report)) ctx.fail(1);
        } finally {
          await source.close?.();
        }
      }),
    [
      'wikikit migrate --from https://old.example/w/api.php --to http://127.0.0.1:3000 --dry-run',
      'wikikit migrate --from oldwiki --to newwiki --namespace 0 --namespace 12 --prefix archive --with-assets',
      'wikikit migrate --from oldwiki --to newwiki --with-history --resume --json',
      'wikikit migrate --from-dump wiki-full.xml.bz2 --files ./images --to newwiki --with-assets --with-history',
    ],
  );
}

/** The source: a live MediaWiki (`--from`) or an XML dump (`--from-dump`), exactly one. */
async function openSource(flags: MigrateFlags, ctx: CliContext): Promise<import('../../ops/migrate/index.js').PageSource | import('../../mediawiki/index.js').MediaWikiClient> {
  if ((flags.from === undefined) === (flags.fromDump === undefined)) {
    throw usageError('give the source as exactly one of --from <profile|url> (a live MediaWiki) or --from-dump <file> (its XML dump)', { field: 'from' });
  }
  if (flags.fromDump === undefined) {
    if (flags.files !== undefined || flags.interwiki !== undefined) {
      throw usageError('--files and --interwiki go with --from-dump (a live wiki serves its own files and interwiki map)', { field: 'files' });
    }
    const target = await ctx.target(flags.from);
    if (target.kind !== 'mediawiki') throw usageError(`--from ${flags.from ?? ''} is not a MediaWiki (give its api.php URL or a mediawiki profile)`, { field: 'from' });
    const { createMediaWikiClient } = await import('../wiki-factory.js');
    return createMediaWikiClient(target, ctx.transportOptions());
  }
  const { DumpPageSource, parseInterwikiMap } = await import('../../ops/migrate/index.js');
  const { readFile, stat } = await import('node:fs/promises');
  const dump = resolve(ctx.io.cwd, flags.fromDump);
  const info = await stat(dump).catch(() => undefined);
  if (info?.isFile() !== true) throw usageError(`--from-dump ${flags.fromDump}: no such file`, { field: 'fromDump' });
  let interwiki: Map<string, string> | undefined;
  if (flags.interwiki !== undefined) {
    const file = resolve(ctx.io.cwd, flags.interwiki);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw usageError(`--interwiki ${flags.interwiki ?? ''}: ${error instanceof Error ? error.message : String(error)}`, { field: 'interwiki', cause: error });
    });
    interwiki = parseInterwikiMap(text, `--interwiki ${flags.interwiki}`);
  }
  return new DumpPageSource(dump, {
    ...(flags.files === undefined ? {} : { filesDir: resolve(ctx.io.cwd, flags.files) }),
    ...(interwiki === undefined ? {} : { interwiki }),
  });
}
