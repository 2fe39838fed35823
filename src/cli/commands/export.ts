import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ExportProgress } from '../../ops/export.js';
import { examples, positiveInt } from '../command-module.js';
import type { CliContext } from '../context.js';
import { printFailures } from '../plan-output.js';
import type { Progress } from '../progress.js';

interface ExportFlags {
  withHistory?: boolean;
  withAssets?: boolean;
  prefix?: string;
  locale?: string;
  batchSize?: number;
}

const LABEL: Record<ExportProgress['phase'], string> = { pages: 'pages', assets: 'assets', archive: 'archiving' };

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('export')
      .description('back up a wiki to a folder or .tar.gz: pages with front matter, a checksummed manifest, optionally history and assets; resumable')
      .argument('<target>', 'a folder, or a file ending in .tar.gz or .tgz (other archive formats are refused)')
      .option('--with-history', 'include every revision of every page')
      .option('--with-assets', 'include assets (images, files)')
      .option('--prefix <path>', 'only pages under this folder')
      .option('--locale <code>', 'only this locale')
      .option('--batch-size <n>', 'pages read per request (default 50; smaller for very large pages)', positiveInt)
      .action(async (target: string, flags: ExportFlags) => {
        const { exportWiki } = await import('../../ops/export.js');
        const wiki = await ctx.connect();
        let phase: ExportProgress['phase'] | undefined;
        let bar: Progress | undefined;
        try {
          const result = await exportWiki({
            wiki,
            target: resolve(ctx.io.cwd, target),
            ...(flags.withHistory === true ? { withHistory: true } : {}),
            ...(flags.withAssets === true ? { withAssets: true } : {}),
            ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
            ...(flags.locale === undefined ? {} : { locale: flags.locale }),
            ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }),
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
            onProgress: (p) => {
              if (p.phase !== phase) {
                bar?.stop();
                phase = p.phase;
                bar = ctx.progress(LABEL[p.phase], p.total);
              }
              bar?.tick(p.done - (bar.done));
            },
          });
          bar?.stop();
          printFailures(ctx, result.failed);
          ctx.out.record(
            'summary',
            { target: result.target, pages: result.pages, resumed: result.resumed, assets: result.assets, failed: result.failed.length },
            `exported ${result.pages} page(s)${result.resumed > 0 ? ` (${result.resumed} from an earlier interrupted run)` : ''} and ${result.assets} asset(s) to ${result.target}${result.failed.length > 0 ? `; ${result.failed.length} failed, run again to retry them` : ''}`,
          );
        } finally {
          bar?.stop();
        }
      }),
    ['wikikit export ./backup', 'wikikit export backup.tar.gz --with-assets --with-history', 'wikikit export ./docs-only --prefix docs'],
  );
}
