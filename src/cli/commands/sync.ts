import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Wiki } from '../../model/wiki.js';
import { savePlan } from '../../ops/plan.js';
import type { SyncDirection, SyncOptions, SyncProgress } from '../../ops/sync.js';
import { collectList, examples, positiveInt } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printApplyReport, printPlan } from '../plan-output.js';
import type { Progress } from '../progress.js';

export interface SyncFlags {
  prefix?: string;
  locale?: string;
  dryRun?: boolean;
  delete?: boolean;
  force?: boolean;
  resolve?: string[];
  plan?: string;
  assets?: boolean;
  concurrency?: number;
}

const PHASE_LABEL: Record<SyncProgress['phase'], string> = { scan: 'scanning', read: 'comparing', apply: 'syncing' };

/** One bar per phase (scan → read → apply), each shown only if that phase runs past a second. */
export function phasedProgress(ctx: CliContext): { onProgress: (p: SyncProgress) => void; stop: () => void } {
  let phase: SyncProgress['phase'] | undefined;
  let bar: Progress | undefined;
  let last = 0;
  return {
    onProgress(p) {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = ctx.progress(PHASE_LABEL[p.phase], p.total);
        last = 0;
      }
      if (p.total !== undefined) bar?.setTotal(p.total);
      bar?.tick(p.done - last);
      last = p.done;
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Runs one sync (also used by `quickstart`). */
export async function runSyncCommand(ctx: CliContext, direction: SyncDirection, dir: string, flags: SyncFlags, connected?: Wiki): Promise<void> {
  const { planSync, applySyncPlan } = await import('../../ops/sync.js');
  const wiki = connected ?? (await ctx.connect());
  // `sync pull ./new-folder` is the natural way to start: create the folder rather than refuse.
  if (direction === 'pull' && flags.dryRun !== true && flags.plan === undefined) await mkdir(resolve(ctx.io.cwd, dir), { recursive: true });
  const progress = phasedProgress(ctx);
  const concurrency = flags.concurrency ?? ctx.options.concurrency;
  const options: SyncOptions = {
    wiki,
    dir: resolve(ctx.io.cwd, dir),
    direction,
    ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
    ...(flags.locale === undefined ? {} : { locale: flags.locale }),
    ...(flags.delete === true ? { delete: true } : {}),
    ...(flags.force === true ? { force: true } : {}),
    ...(flags.resolve === undefined ? {} : { resolve: flags.resolve }),
    ...(flags.assets === false ? { assets: false } : {}),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    onProgress: progress.onProgress,
  };
  try {
    const plan = await planSync(options);
    for (const refused of plan.sync.refused) {
      ctx.out.record('refused', { ...refused });
      ctx.out.warn(`refused ${refused.file ?? refused.path}: ${refused.reason}`);
    }
    if (plan.sync.refused.length > 0) ctx.fail(EXIT.failure);
    const dryRun = flags.dryRun === true || flags.plan !== undefined;
    printPlan(ctx, plan, { diffs: dryRun, changes: dryRun });
    if (flags.plan !== undefined) {
      await savePlan(plan, resolve(ctx.io.cwd, flags.plan));
      ctx.out.info(`wrote plan to ${flags.plan} (${plan.changes.length} change(s)); carry it out with \`wikikit apply ${flags.plan}\``);
      return;
    }
    if (dryRun) {
      ctx.out.record('summary', { dryRun: true, changes: plan.changes.length, conflicts: plan.conflicts.length, skipped: plan.skipped.length });
      ctx.out.info(`dry run: ${plan.changes.length} change(s), ${plan.conflicts.length} conflict(s); nothing was changed`);
      return;
    }
    const report = await applySyncPlan(plan, wiki, {
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: progress.onProgress,
    });
    progress.stop();
    printApplyReport(ctx, report, { conflicts: plan.conflicts.length });
  } finally {
    progress.stop();
  }
}

function addSyncOptions(command: Command, direction: SyncDirection): Command {
  return command
    .argument('<dir>', 'folder of Markdown files with YAML front matter')
    .option('--prefix <path>', 'wiki folder the directory maps to (no page outside it is touched)')
    .option('--locale <code>', 'locale of the pages')
    .option('--dry-run', 'print every change as a unified diff and change nothing')
    .option('--plan <file>', 'write the plan (each change with its base revision) to a file instead of applying it')
    .option('--delete', direction === 'push' ? 'delete pages whose file was deleted' : 'delete files whose page was deleted')
    .option('--force', `settle every conflict in favour of the ${direction === 'push' ? 'folder' : 'wiki'}`)
    .option('--resolve <files>', 'settle only these conflicts (files or wiki paths; repeat or comma-separate)', collectList)
    .option('--no-assets', 'do not sync images referenced by pages')
    .option('--concurrency <n>', 'writes in flight at once', positiveInt);
}

export function register(program: Command, ctx: CliContext): void {
  const sync = examples(
    program
      .command('sync')
      .description('keep a folder of Markdown and the wiki in step; three-way safe (conflicts exit 3), incremental and resumable'),
    [
      'wikikit sync push ./docs --prefix handbook --dry-run',
      'wikikit sync push ./docs --prefix handbook',
      'wikikit sync pull ./docs --prefix handbook',
      'wikikit sync status ./docs --prefix handbook',
    ],
  );

  for (const direction of ['push', 'pull'] as const) {
    examples(
      addSyncOptions(
        sync
          .command(direction)
          .description(
            direction === 'push'
              ? 'send changed files to the wiki; never overwrites a page changed on the wiki since the last sync'
              : 'write changed pages to the folder; never overwrites a file changed locally since the last sync',
          ),
        direction,
      ).action((dir: string, flags: SyncFlags) => runSyncCommand(ctx, direction, dir, flags)),
      direction === 'push'
        ? ['wikikit sync push ./docs --prefix handbook', 'wikikit sync push ./docs --prefix handbook --dry-run', 'wikikit sync push ./docs --prefix handbook --plan plan.json', 'wikikit sync push ./docs --prefix handbook --resolve deploy/index.md']
        : ['wikikit sync pull ./docs --prefix handbook', 'wikikit sync pull ./backup --delete', 'wikikit sync pull ./docs --prefix handbook --force'],
    );
  }

  examples(
    sync
      .command('status')
      .description('where each file stands on both sides since the last sync (reads no page bodies)')
      .argument('<dir>')
      .option('--prefix <path>', 'wiki folder the directory maps to')
      .option('--locale <code>')
      .option('--all', 'also list files that are in step')
      .action(async (dir: string, flags: { prefix?: string; locale?: string; all?: boolean }) => {
        const { syncStatus } = await import('../../ops/sync.js');
        const wiki = await ctx.connect();
        const entries = await syncStatus({
          wiki,
          dir: resolve(ctx.io.cwd, dir),
          ...(flags.prefix === undefined ? {} : { prefix: flags.prefix }),
          ...(flags.locale === undefined ? {} : { locale: flags.locale }),
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        });
        const shown = flags.all === true ? entries : entries.filter((e) => e.local !== 'same' || e.wiki !== 'same');
        for (const entry of shown) ctx.out.record('status', { ...entry });
        ctx.out.table(shown.map((e) => [e.file, e.path, e.local, e.wiki]), ['FILE', 'PAGE', 'LOCAL', 'WIKI']);
        const conflicts = entries.filter((e) => (e.local === 'changed' || e.local === 'new') && (e.wiki === 'changed' || e.wiki === 'new')).length;
        const outOfStep = entries.filter((e) => e.local !== 'same' || e.wiki !== 'same').length;
        ctx.out.info(`${entries.length} file(s), ${outOfStep} out of step${conflicts > 0 ? `, ${conflicts} changed on both sides` : ''}`);
      }),
    ['wikikit sync status ./docs --prefix handbook', 'wikikit sync status ./docs --json'],
  );
}
