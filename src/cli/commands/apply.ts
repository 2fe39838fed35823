import { resolve } from 'node:path';
import type { Command } from 'commander';
import { executePlan } from '../../ops/execute-plan.js';
import { loadPlan } from '../../ops/plan.js';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { printApplyReport, printPlan, progressCallback } from '../plan-output.js';

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('apply')
      .description('carry out exactly the plan saved by --plan; a page whose base revision moved since is refused (exit 3)')
      .argument('<plan>', 'plan.json written by sync/replace/import --plan')
      .option('--dry-run', 'print the plan and change nothing')
      .option('--dir <dir>', 'folder for file changes (default: the one recorded in the plan)')
      .action(async (file: string, flags: { dryRun?: boolean; dir?: string }) => {
        const plan = await loadPlan(resolve(ctx.io.cwd, file));
        if (flags.dryRun === true) {
          printPlan(ctx, plan, { diffs: true });
          ctx.out.info(`dry run: ${plan.changes.length} change(s) in ${file}; nothing was changed`);
          return;
        }
        // The plan names its wiki; --profile/--url still win (applyPlan refuses a mismatch).
        const explicit = ctx.options.profile !== undefined || ctx.options.url !== undefined;
        const wiki = await ctx.connect(explicit ? undefined : plan.wiki.url);
        const progress = ctx.progress('apply', plan.changes.length);
        const onProgress = progressCallback(progress);
        try {
          const common = {
            ...(ctx.options.concurrency === undefined ? {} : { concurrency: ctx.options.concurrency }),
            ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
          };
          // executePlan keeps a sync folder's state current too, so the next sync starts from it.
          // A move plan journals its steps next to the plan file, so the same command resumes it.
          const journal = `${resolve(ctx.io.cwd, file)}.journal`;
          const report = await executePlan(plan, wiki, { ...(flags.dir === undefined ? {} : { dir: resolve(ctx.io.cwd, flags.dir) }), ...common, onProgress, journal });
          progress.stop();
          printApplyReport(ctx, report);
          if (plan.job === 'move') {
            if (ctx.signal?.aborted === true) throw ctx.signal.reason;
            const { reportBrokenLinks } = await import('./mv.js');
            const move = (plan as import('../../ops/move/index.js').MovePlan).move;
            await reportBrokenLinks(ctx, wiki, [move.from, move.to], move.locale);
          }
        } finally {
          progress.stop();
        }
      }),
    ['wikikit sync push ./docs --prefix handbook --plan plan.json && wikikit apply plan.json', 'wikikit apply plan.json --dry-run'],
  );
}
