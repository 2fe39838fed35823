import { resolve } from 'node:path';
import type { Command } from 'commander';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { printFailures, printPlan, progressCallback } from '../plan-output.js';

interface ImportFlags {
  assets?: boolean;
  dryRun?: boolean;
  plan?: string;
  concurrency?: number;
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('import')
      .description('restore an export (folder or .tar.gz) into a wiki; existing pages with other content are conflicts (exit 3), never overwritten; resumable')
      .argument('<source>', 'an export folder or .tar.gz written by `wikikit export`')
      .option('--no-assets', 'skip assets')
      .option('--dry-run', 'print what would be created and change nothing')
      .option('--plan <file>', 'write the plan to a file (apply later with `wikikit apply`)')
      .action(async (source: string, flags: ImportFlags) => {
        const ops = await import('../../ops/import.js');
        const wiki = await ctx.connect();
        const path = resolve(ctx.io.cwd, source);
        if (flags.dryRun === true || flags.plan !== undefined) {
          const plan = await ops.planImport({ wiki, source: path });
          printPlan(ctx, plan, { diffs: flags.dryRun === true });
          if (flags.plan !== undefined) {
            const { savePlan } = await import('../../ops/plan.js');
            await savePlan(plan, resolve(ctx.io.cwd, flags.plan));
            ctx.out.info(`wrote plan to ${flags.plan} (${plan.changes.length} page(s)); carry it out with \`wikikit apply ${flags.plan}\``);
          } else ctx.out.info(`dry run: ${plan.changes.length} page(s) would be created; nothing was changed`);
          return;
        }
        const progress = ctx.progress('importing');
        try {
          const result = await ops.importWiki({
            wiki,
            source: path,
            ...(flags.assets === false ? { withAssets: false } : {}),
            ...(ctx.options.concurrency === undefined ? {} : { concurrency: ctx.options.concurrency }),
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
            onProgress: progressCallback(progress),
          });
          progress.stop();
          printFailures(ctx, result.failed);
          for (const warning of result.warnings) ctx.out.warn(warning);
          ctx.out.record(
            'summary',
            { created: result.created.length, revisions: result.revisions, unchanged: result.unchanged.length, assets: result.assets, failed: result.failed.length },
            `imported ${result.created.length} page(s)${result.revisions > 0 ? ` with ${result.revisions} earlier revision(s)` : ''}, ${result.unchanged.length} already there, ${result.assets} asset(s), ${result.failed.length} failed`,
          );
        } finally {
          progress.stop();
        }
      }),
    ['wikikit import backup.tar.gz', 'wikikit --url http://127.0.0.1:3000 import ./backup --dry-run'],
  );
}
