import { resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { examples, hiddenAlias } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printApplyReport, printPlan, progressCallback } from '../plan-output.js';

interface ReplaceFlags {
  regex?: boolean;
  ignoreCase?: boolean;
  prefix?: string;
  tag?: string;
  locale?: string;
  dryRun?: boolean;
  plan?: string;
  yes?: boolean;
}

async function replace(ctx: CliContext, pattern: string, replacement: string, flags: ReplaceFlags): Promise<void> {
  const preview = flags.dryRun === true || flags.plan !== undefined;
  // Fail before reading hundreds of pages when nobody could answer the prompt anyway.
  if (!preview && flags.yes !== true && !ctx.canPrompt()) {
    throw usageError('replace changes pages: pass --yes to confirm without a terminal, or --dry-run to preview', { field: 'yes' });
  }
  const { planReplace, applyReplace } = await import('../../ops/replace.js');
  const { savePlan } = await import('../../ops/plan.js');
  const wiki = await ctx.connect();
  const scanning = ctx.progress('scanning');
  let plan;
  try {
    plan = await planReplace({
      wiki,
      pattern,
      replacement,
      ...(flags.regex === true ? { regex: true } : {}),
      ...(flags.ignoreCase === true ? { ignoreCase: true } : {}),
      ...(flags.prefix === undefined ? {} : { pathPrefix: flags.prefix }),
      ...(flags.tag === undefined ? {} : { tag: flags.tag }),
      ...(flags.locale === undefined ? {} : { locale: flags.locale }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: ({ scanned }) => scanning.tick(scanned - scanning.done),
    });
  } finally {
    scanning.stop();
  }
  // Every diff is shown before anything is written.
  printPlan(ctx, plan, { diffs: true });
  const pages = plan.changes.length;
  if (pages === 0) {
    ctx.out.record('summary', { matched: 0, changed: 0, skipped: 0, failed: 0 }, 'no page matches; nothing to do');
    return;
  }
  if (flags.plan !== undefined) {
    await savePlan(plan, resolve(ctx.io.cwd, flags.plan));
    ctx.out.info(`wrote plan to ${flags.plan} (${pages} page(s)); carry it out with \`wikikit apply ${flags.plan}\``);
    return;
  }
  if (flags.dryRun === true) {
    ctx.out.record('summary', { dryRun: true, matched: pages });
    ctx.out.info(`dry run: ${pages} page(s) would change; nothing was changed`);
    return;
  }
  if (!(await ctx.confirm(`Replace in ${pages} page(s) on ${wiki.url}?`, flags.yes))) {
    ctx.out.info('cancelled; nothing was changed');
    ctx.fail(EXIT.failure);
    return;
  }
  const progress = ctx.progress('replacing', pages);
  try {
    const result = await applyReplace(plan, wiki, {
      ...(ctx.options.concurrency === undefined ? {} : { concurrency: ctx.options.concurrency }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
      onProgress: progressCallback(progress),
    });
    progress.stop();
    printApplyReport(ctx, result.report);
    ctx.out.record('replace', { matched: result.matched, changed: result.changed.length, skipped: result.skipped.length, failed: result.failed.length }, `${result.changed.length} page(s) changed, ${result.skipped.length} skipped, ${result.failed.length} failed`);
  } finally {
    progress.stop();
  }
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    hiddenAlias(
      program
      .command('replace')
      .description('find and replace across page bodies: previews every diff, asks before writing, never overwrites a page edited meanwhile')
      .argument('<pattern>', 'text to find (a JavaScript regular expression with --regex)')
      .argument('<replacement>', 'replacement text ($1, $<name>, $& refer to the match with --regex)')
      .option('--regex', 'treat PATTERN as a regular expression')
      .option('-i, --ignore-case', 'match case-insensitively')
      .option('--prefix <path>', 'only pages under this folder')
      .option('--tag <tag>', 'only pages with this tag')
      .option('--locale <code>', 'only this locale')
      .option('--dry-run', 'print the diffs and change nothing')
      .option('--plan <file>', 'write the plan to a file (apply later with `wikikit apply`)')
      .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)'),
      '--path-prefix <path>',
      'prefix',
    ).action((pattern: string, replacement: string, flags: ReplaceFlags) => replace(ctx, pattern, replacement, flags)),
    [
      'wikikit replace "Wikijs" "Wiki.js" --dry-run',
      'wikikit replace "Wikijs" "Wiki.js" --prefix docs --yes',
      "wikikit replace 'v(\\d+)\\.x' 'version $1' --regex --tag release",
      'wikikit replace foo bar --plan replace.json && wikikit apply replace.json',
    ],
  );
}
