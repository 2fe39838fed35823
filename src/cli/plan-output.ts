/**
 * Shared rendering for jobs that work in plans (sync, replace, import, apply): the diff of every
 * change, conflicts with their diffs (exit 3), and a summary of what was applied or failed.
 */
import { isWikikitError } from '../errors.js';
import type { ApplyReport, Change, Plan } from '../ops/plan.js';
import { colorizeDiff } from './output.js';
import type { CliContext } from './context.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { Progress } from './progress.js';

const VERB: Record<Change['kind'], string> = {
  create: 'create',
  update: 'update',
  delete: 'delete',
  move: 'move',
  'write-file': 'write',
  'delete-file': 'remove file',
  'upload-asset': 'upload',
  'download-asset': 'download',
};

function changeLabel(change: Change): string {
  const where = change.file !== undefined && change.kind.endsWith('-file') ? change.file : change.path;
  return `${VERB[change.kind]} ${where}${change.to === undefined ? '' : ` → ${change.to}`}`;
}

function changeRecord(change: Change): Record<string, unknown> {
  // The page body is in the diff already; leaving it out keeps one event a readable line.
  const rest: Record<string, unknown> = { ...change };
  delete rest['input'];
  delete rest['fileContent'];
  return rest;
}

/**
 * Prints every change (with its diff when `diffs`), every conflict with its diff, and skips.
 * `changes: false` leaves the changes out (a real run lists each write once it happened, in
 * {@link printApplyReport}, never the whole plan as if it had been done).
 */
export function printPlan(ctx: CliContext, plan: Plan, options: { diffs: boolean; changes?: boolean }): void {
  const { out } = ctx;
  for (const change of options.changes === false ? [] : plan.changes) {
    out.record('change', changeRecord(change), `${out.color.bold(changeLabel(change))}${change.reason === undefined ? '' : out.color.dim(` (${change.reason})`)}`);
    if (options.diffs && change.diff !== undefined && change.diff !== '' && !out.json) out.write(colorizeDiff(change.diff.endsWith('\n') ? change.diff : `${change.diff}\n`, out.color));
  }
  printConflicts(ctx, plan);
  for (const skip of plan.skipped) {
    out.record('skip', { ...skip });
    if (skip.warn === true) out.warn(`skipped ${skip.file ?? skip.path}: ${skip.reason}`);
    else if (out.verbose) out.info(`skipped ${skip.file ?? skip.path}: ${skip.reason}`);
  }
}

/** Conflicts: each with its diff, and exit code 3. */
export function printConflicts(ctx: CliContext, plan: Plan): void {
  const { out } = ctx;
  for (const conflict of plan.conflicts) {
    out.record('conflict', { ...conflict }, `${out.color.red('conflict:')} ${conflict.file ?? conflict.path}: ${conflict.reason}`);
    if (conflict.diff !== undefined && conflict.diff !== '' && !out.json) out.write(colorizeDiff(conflict.diff.endsWith('\n') ? conflict.diff : `${conflict.diff}\n`, out.color));
  }
  if (plan.conflicts.length > 0) {
    out.warn(`${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'}: nothing was overwritten for ${plan.conflicts.length === 1 ? 'it' : 'them'}; settle with --force, or edit and run again`);
    ctx.fail(EXIT.conflict);
  }
}

/** The one-line summary after applying, plus each failure; sets the exit code. */
export function printApplyReport(ctx: CliContext, report: ApplyReport, extra: { conflicts?: number } = {}): void {
  const { out } = ctx;
  const counts = new Map<string, number>();
  for (const { change, outcome } of report.applied) {
    counts.set(outcome.action, (counts.get(outcome.action) ?? 0) + 1);
    const where = change.file !== undefined && change.kind.endsWith('-file') ? change.file : change.path;
    // `unchanged` writes are not news; every write that happened is one line.
    const human = outcome.action === 'unchanged' && !out.verbose ? undefined : `${outcome.action} ${where}${change.to === undefined ? '' : ` → ${change.to}`}`;
    out.record('applied', { kind: change.kind, path: change.path, ...(change.file === undefined ? {} : { file: change.file }), ...outcome }, human);
  }
  for (const { change, error } of report.failed) {
    const json = isWikikitError(error) ? error.toJSON() : { name: 'Error', message: error instanceof Error ? error.message : String(error) };
    out.record('failed', { kind: change.kind, path: change.path, error: json });
    out.warn(`${changeLabel(change)} failed: ${error instanceof Error ? error.message : String(error)}`);
    ctx.fail(failureCode(error));
  }
  const parts = [...counts].map(([action, n]) => `${n} ${action}`);
  if (report.failed.length > 0) parts.push(`${report.failed.length} failed`);
  if (report.skipped.length > 0) parts.push(`${report.skipped.length} not started (interrupted)`);
  if ((extra.conflicts ?? 0) > 0) parts.push(`${extra.conflicts ?? 0} conflicts`);
  const summary = {
    applied: report.applied.length,
    failed: report.failed.length,
    skipped: report.skipped.length,
    ...(extra.conflicts === undefined ? {} : { conflicts: extra.conflicts }),
    actions: Object.fromEntries(counts),
  };
  out.record('summary', summary);
  if (!out.json) out.info(parts.length === 0 ? 'nothing to do' : parts.join(', '));
  if (report.skipped.length > 0) ctx.fail(EXIT.failure);
}

/** Exit code for one failed item: its category's code, except that a usage error on one item is a plain failure. */
export function failureCode(error: unknown): number {
  if (!isWikikitError(error)) return EXIT.failure;
  const code = exitCodeFor(error.category);
  return code === EXIT.usage ? EXIT.failure : code;
}

/** Items a job could not do (export, import): an event and a warning each; raises the exit code. */
export function printFailures(ctx: CliContext, failures: readonly { readonly path: string; readonly error: unknown }[]): void {
  for (const { path, error } of failures) {
    ctx.out.record('failed', { path, error: isWikikitError(error) ? error.toJSON() : { message: String(error) } });
    ctx.out.warn(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    ctx.fail(failureCode(error));
  }
}

/** Adapts an ops `onProgress` callback to a progress bar. */
export function progressCallback(progress: Progress): (p: { done: number; total: number | undefined }) => void {
  let last = 0;
  return (p) => {
    if (p.total !== undefined) progress.setTotal(p.total);
    progress.tick(p.done - last);
    last = p.done;
  };
}
