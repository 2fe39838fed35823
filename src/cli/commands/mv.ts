import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { normalizePathFor } from '../../model/path.js';
import type { Wiki } from '../../model/wiki.js';
import { sha256 } from '../../ops/files.js';
import type { MovePlan } from '../../ops/move/index.js';
import { loadPlan, savePlan } from '../../ops/plan.js';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printApplyReport, printPlan, progressCallback } from '../plan-output.js';

interface MvFlags {
  dryRun?: boolean;
  plan?: string;
  yes?: boolean;
  locale?: string;
  pageOnly?: boolean;
  redirects?: boolean;
  talk?: boolean;
  journal?: string;
  stateDir?: string;
  check?: boolean;
  linkCheck?: boolean;
}

/** Where `wikikit mv` keeps the plan and journal of a move in progress, so a rerun resumes it. */
function stateDir(ctx: CliContext, flags: MvFlags): string {
  const env = ctx.io.env;
  if (flags.stateDir !== undefined) return resolve(ctx.io.cwd, flags.stateDir);
  if (env['WIKIKIT_STATE_DIR']) return resolve(ctx.io.cwd, env['WIKIKIT_STATE_DIR']);
  if (env['XDG_STATE_HOME']) return join(env['XDG_STATE_HOME'], 'wikikit');
  if (env['HOME']) return join(env['HOME'], '.local', 'state', 'wikikit');
  throw usageError('no folder for the move journal: set WIKIKIT_STATE_DIR, or pass --journal FILE', { field: 'journal' });
}

/** Prints the broken links whose target is under `targets` (all when empty); returns how many. */
export async function reportBrokenLinks(ctx: CliContext, wiki: Wiki, targets: readonly string[], locale: string | undefined): Promise<number> {
  const { checkLinks } = await import('../../ops/move/index.js');
  const progress = ctx.progress('checking links');
  try {
    const report = await checkLinks({
      wiki,
      targets,
      ...(locale === undefined ? {} : { locale }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: progressCallback(progress),
    });
    progress.stop();
    for (const b of report.broken) ctx.out.record('broken-link', { ...b }, `${ctx.out.color.red('broken link:')} ${b.path}:${b.line} → ${b.link} (no page "${b.target}")`);
    const scope = targets.length === 0 ? '' : ` to ${targets.join(', ')}`;
    ctx.out.record('link-check', { pages: report.pages, links: report.links, broken: report.broken.length }, `${report.broken.length} broken link(s)${scope} in ${report.pages} page(s)`);
    return report.broken.length;
  } finally {
    progress.stop();
  }
}

async function mv(ctx: CliContext, oldPath: string | undefined, newPath: string | undefined, flags: MvFlags): Promise<void> {
  if (flags.check === true) {
    if (newPath !== undefined) throw usageError('--check takes at most one path (the prefix whose inbound links to check)', { field: 'check' });
    const wiki = await ctx.connect();
    if ((await reportBrokenLinks(ctx, wiki, oldPath === undefined ? [] : [oldPath], flags.locale)) > 0) ctx.fail(EXIT.failure);
    return;
  }
  if (oldPath === undefined || newPath === undefined) throw usageError('wikikit mv needs OLD and NEW (or --check)', { field: 'path' });
  const preview = flags.dryRun === true || flags.plan !== undefined;
  if (!preview && flags.yes !== true && !ctx.canPrompt()) {
    throw usageError('mv changes pages: pass --yes to confirm without a terminal, or --dry-run to preview', { field: 'yes' });
  }
  const { planMove, applyMovePlan, openJournal } = await import('../../ops/move/index.js');
  const wiki = await ctx.connect();

  // A move interrupted earlier resumes from its own saved plan: planning again would see half
  // the pages moved already.
  const dir = flags.journal === undefined ? stateDir(ctx, flags) : undefined;
  // Keyed by the paths as the wiki spells them: `docs_a` and `Docs a` resume the same MediaWiki move.
  const spelt = (path: string, field: string): string => normalizePathFor(wiki.kind, path, field);
  const key = sha256(`${wiki.url}\n${spelt(oldPath, 'from')}\n${spelt(newPath, 'to')}\n${flags.locale ?? ''}`).slice(0, 16);
  const planFile = dir === undefined ? `${resolve(ctx.io.cwd, flags.journal ?? '')}.plan.json` : join(dir, 'moves', `${key}.plan.json`);
  const journalFile = flags.journal === undefined ? planFile.replace(/\.plan\.json$/, '.journal.json') : resolve(ctx.io.cwd, flags.journal);
  let plan: MovePlan | undefined;
  if (!preview) {
    const saved = await loadPlan(planFile).catch(() => undefined);
    if (saved?.job === 'move') {
      const journal = await openJournal(journalFile, saved).catch(() => undefined);
      if (journal?.resumed === true && saved.changes.some((_, i) => journal.step(i)?.state !== 'done')) {
        plan = saved as MovePlan;
        ctx.out.info(`resuming the move interrupted earlier (journal ${journalFile})`);
      }
    }
  }

  if (plan === undefined) {
    const scanning = ctx.progress('reading pages');
    const onRead = progressCallback(scanning);
    try {
      plan = await planMove({
        wiki,
        from: oldPath,
        to: newPath,
        ...(flags.locale === undefined ? {} : { locale: flags.locale }),
        ...(flags.pageOnly === true ? { pageOnly: true } : {}),
        ...(flags.redirects === false ? { redirects: false } : {}),
        ...(flags.talk === false ? { talk: false } : {}),
        ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        onProgress: (p) => {
          if (p.phase === 'read') onRead({ done: p.done, total: p.total });
        },
      });
    } finally {
      scanning.stop();
    }
    printMovePlan(ctx, plan, preview);
    if (plan.conflicts.length > 0) {
      ctx.out.info('nothing was changed');
      return;
    }
    if (flags.plan !== undefined) {
      await savePlan(plan, resolve(ctx.io.cwd, flags.plan));
      ctx.out.info(`wrote plan to ${flags.plan}; carry it out with \`wikikit apply ${flags.plan}\``);
      return;
    }
    if (flags.dryRun === true) {
      ctx.out.record('summary', { dryRun: true, moves: plan.move.pages.length, rewrites: plan.move.rewrites.length });
      ctx.out.info('dry run: nothing was changed');
      return;
    }
    if (!(await ctx.confirm(`Move ${plan.move.pages.length} page(s) and rewrite links in ${plan.changes.filter((c) => c.kind === 'update').length} on ${wiki.url}?`, flags.yes))) {
      ctx.out.info('cancelled; nothing was changed');
      ctx.fail(EXIT.failure);
      return;
    }
    await rm(journalFile, { force: true });
    await savePlan(plan, planFile);
  }

  const progress = ctx.progress('moving', plan.changes.length);
  try {
    const report = await applyMovePlan(plan, wiki, {
      journal: journalFile,
      ...(ctx.options.concurrency === undefined ? {} : { concurrency: ctx.options.concurrency }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: progressCallback(progress),
    });
    progress.stop();
    printApplyReport(ctx, report);
    if (report.alreadyDone > 0) ctx.out.info(`${report.alreadyDone} step(s) were done by the interrupted run and not repeated`);
    if (ctx.signal?.aborted === true) throw ctx.signal.reason;
    if (report.journal.complete && flags.journal === undefined) {
      await rm(journalFile, { force: true });
      await rm(planFile, { force: true });
    } else if (!report.journal.complete) {
      ctx.out.warn(`the move is not complete; run the same command again to retry what failed (journal ${journalFile})`);
    }
  } finally {
    progress.stop();
  }
  if (flags.linkCheck !== false) await reportBrokenLinks(ctx, wiki, [plan.move.from, plan.move.to], plan.move.locale);
}

/** Moves, rewrites (with diffs on a preview), warnings and collisions. */
export function printMovePlan(ctx: CliContext, plan: MovePlan, diffs: boolean): void {
  printPlan(ctx, plan, { diffs });
  const { out } = ctx;
  for (const r of plan.move.rewrites) {
    out.record('rewrite', { ...r });
    if (out.verbose) out.info(`  ${r.path}:${r.line}: ${r.from} → ${r.to}`);
  }
  for (const w of plan.move.warnings) {
    out.record('warning', { ...w });
    out.warn(`${w.path === '' ? '' : `${w.path}${w.line === undefined ? '' : `:${w.line}`}: `}${w.reason}`);
  }
  const updates = plan.changes.filter((c) => c.kind === 'update').length;
  out.record('plan', { moves: plan.move.pages.length, updates, rewrites: plan.move.rewrites.length, warnings: plan.move.warnings.length, conflicts: plan.conflicts.length }, `${plan.move.pages.length} page(s) to move, ${plan.move.rewrites.length} link(s) to rewrite in ${updates} page(s), ${plan.move.warnings.length} warning(s), ${plan.conflicts.length} collision(s)`);
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('mv')
      .description('move a page and the pages under it, rewriting every link to them; planned first, journaled, resumable')
      .argument('[old]', 'page or folder to move')
      .argument('[new]', 'where it goes')
      .option('--dry-run', 'print the moves and every link rewrite as diffs; change nothing')
      .option('--plan <file>', 'write the plan to a file (carry it out with `wikikit apply FILE`)')
      .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
      .option('--locale <code>', 'only pages of this locale (Wiki.js)')
      .option('--page-only', 'move only OLD itself, not the pages under it')
      .option('--no-redirects', 'MediaWiki: leave no redirect at the old titles')
      .option('--no-talk', 'MediaWiki: do not move talk pages along')
      .option('--journal <file>', 'journal file (default: in WIKIKIT_STATE_DIR or ~/.local/state/wikikit)')
      .option('--state-dir <dir>', 'folder for the plan and journal of a move in progress')
      .option('--no-link-check', 'skip the broken-link report after the move')
      .option('--check', 'only report broken links (to pages under OLD, or anywhere); exit 1 when there are any')
      .action((oldPath: string | undefined, newPath: string | undefined, flags: MvFlags) => mv(ctx, oldPath, newPath, flags)),
    [
      'wikikit mv docs manual --dry-run',
      'wikikit mv docs manual --yes',
      'wikikit mv docs/setup docs/install --page-only',
      'wikikit mv docs manual --plan move.json && wikikit apply move.json',
      'wikikit mv --check docs',
    ],
  );
}
