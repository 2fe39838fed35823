/**
 * `applyMovePlan`: carries out a move plan step by step through its journal.
 *
 * - Before anything is written, every page the plan will touch is read again; if one changed
 *   since the plan (or vanished, or a target appeared), the whole move is refused with
 *   `ConflictError` and nothing is written: re-plan.
 * - Each page's steps run in order (its body rewrite at the old path, then its move, guarded by
 *   the revision the rewrite produced); pages run `concurrency` at a time.
 * - Each step is journaled `started` before it is sent and `done` after. A step found `started`
 *   on resume (or whose answer was lost: network error, timeout) is settled by reading the wiki
 *   — moved already, rewritten already, or still at its base — and is never sent twice.
 * - `expectedRevision` makes the wiki itself refuse a page edited meanwhile (`ConflictError`);
 *   that page's remaining steps are not run and the others go on.
 */
import { ConflictError, NetworkError, NotFoundError, TimeoutError, usageError } from '../../errors.js';
import { inputMatchesPage } from '../../model/front-matter.js';
import type { Wiki } from '../../model/wiki.js';
import type { ApplyOptions, ApplyOutcome, ApplyReport, Change } from '../plan.js';
import { runBatch } from '../run-batch.js';
import { openJournal, type JournalWriter } from './journal.js';
import type { MovePlan } from './plan.js';
import { readPages } from './scan.js';
import { clientError } from '../../client-errors.js';

export interface MoveApplyReport extends ApplyReport {
  /** The journal file, and whether this run resumed it. */
  readonly journal: { readonly file: string; readonly resumed: boolean; readonly complete: boolean };
  /** Steps a previous run had done already (not sent again). */
  readonly alreadyDone: number;
}

interface Step {
  readonly index: number;
  readonly change: Change;
}

const REDIRECT = /^\s*#REDIRECT\s*:?\s*\[\[/i;

/**
 * @throws {UsageError} for a plan of another job or wiki, a plan with conflicts, no journal file.
 * @throws {ConflictError} when a page changed since the plan (nothing written then).
 */
export async function applyMovePlan(plan: MovePlan, wiki: Wiki, options: ApplyOptions = {}): Promise<MoveApplyReport> {
  if (plan.wiki.url !== '' && stripSlash(plan.wiki.url) !== stripSlash(wiki.url)) throw usageError(`plan was made for ${plan.wiki.url}, not ${wiki.url}`, { field: 'plan' });
  if ((plan.job as string) !== 'move') throw usageError(`plan is a ${plan.job as string} plan, not a move plan`, { field: 'plan' });
  if (plan.conflicts.length > 0) {
    throw clientError('move-collision', `move plan has ${plan.conflicts.length} collision(s) (e.g. ${plan.conflicts[0]?.path}: ${plan.conflicts[0]?.reason}); refused, nothing was changed`, { wiki: wiki.kind, path: plan.move.from });
  }
  if (options.journal === undefined) throw usageError('a move needs a journal file to be resumable', { field: 'journal' });
  const journal = await openJournal(options.journal, plan);
  const signalOpt = options.signal ? { signal: options.signal } : {};
  const aborted = (): boolean => options.signal?.aborted === true;

  // Group by page: its body rewrite (if any) comes before its move. A MediaWiki talk page moves
  // with its subject page, so its rewrite joins that page's steps (before the move).
  const subjectOf = new Map<string, string>(plan.move.pages.flatMap((p) => (p.talk === undefined ? [] : [[`${p.locale}/${p.talk.from}`, `${p.locale}/${p.from}`] as const])));
  const tasks = new Map<string, Step[]>();
  plan.changes.forEach((change, index) => {
    const own = `${change.locale ?? ''}/${change.path}`;
    const key = subjectOf.get(own) ?? own;
    tasks.set(key, [...(tasks.get(key) ?? []), { index, change }]);
  });
  const alreadyDone = journal.entries().filter(([, s]) => s.state === 'done').length;

  if (!journal.resumed) {
    await preflight(plan, wiki, options);
    await journal.flush();
  }

  let done = alreadyDone;
  const total = plan.changes.length;
  const applied: { change: Change; outcome: ApplyOutcome }[] = [];
  const failed: { change: Change; error: unknown }[] = [];
  const skipped: Change[] = [];
  const report = await runBatch(
    [...tasks.values()],
    async (steps) => {
      // Revision of each page after its last step: the next step of that page is guarded by it.
      const revisions = new Map<string, string>();
      for (const [i, step] of steps.entries()) {
        const before = journal.step(step.index);
        if (before?.state === 'done') {
          if (before.revision !== undefined) revisions.set(step.change.path, before.revision);
          continue;
        }
        if (aborted()) {
          skipped.push(...steps.slice(i).map((s) => s.change));
          return;
        }
        try {
          const outcome = await runStep(step, revisions.get(step.change.path), journal, wiki, plan, signalOpt);
          if (outcome.revision !== undefined) revisions.set(step.change.path, outcome.revision);
          applied.push({ change: step.change, outcome });
        } catch (error) {
          if (aborted()) {
            // Outcome unknown: the step stays `started` and is settled on resume.
            skipped.push(...steps.slice(i).map((s) => s.change));
            return;
          }
          await journal.record(step.index, { state: 'failed', error: error instanceof Error ? error.message : String(error) });
          // The later steps of this page depend on this one (a move after its rewrite): not run.
          for (const s of steps.slice(i)) failed.push({ change: s.change, error });
          return;
        } finally {
          options.onProgress?.({ done: ++done, succeeded: applied.length, failed: failed.length, total });
        }
      }
    },
    { ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }), ...signalOpt },
  );
  for (const steps of report.skipped) skipped.push(...steps.map((s) => s.change));
  // Only the journal itself failing (a full disk) gets here.
  for (const f of report.failed) for (const step of f.item) failed.push({ change: step.change, error: f.error });
  const complete = plan.changes.every((_, i) => journal.step(i)?.state === 'done');
  return { applied, failed, skipped, journal: { file: journal.file, resumed: journal.resumed, complete }, alreadyDone };
}

/** Reads every page the plan touches and refuses the whole move when one moved since. */
async function preflight(plan: MovePlan, wiki: Wiki, options: ApplyOptions): Promise<void> {
  const refs = plan.changes.map((c) => ({ path: c.path, locale: c.locale ?? 'en' }));
  const targets = plan.changes.filter((c) => c.kind === 'move' && c.to !== undefined).map((c) => ({ path: c.to ?? '', locale: c.locale ?? 'en' }));
  const current = await readPages(wiki, [...refs, ...targets], options.signal ? { signal: options.signal } : {});
  const stale: string[] = [];
  for (const change of plan.changes) {
    const page = current.get(`${change.locale ?? 'en'}/${change.path}`);
    if (page === undefined) stale.push(`${change.path} no longer exists`);
    else if (typeof change.baseRevision === 'string' && page.revision !== change.baseRevision) stale.push(`${change.path} changed since the plan (revision ${page.revision}, plan ${change.baseRevision})`);
    if (change.kind === 'move' && change.to !== undefined && current.has(`${change.locale ?? 'en'}/${change.to}`)) stale.push(`${change.to} exists now`);
  }
  if (stale.length > 0) {
    throw clientError('stale-plan', `${stale.length} page(s) changed since the move was planned (${stale.slice(0, 3).join('; ')}${stale.length > 3 ? '; …' : ''}); refused, nothing was changed: plan again`, {
      wiki: wiki.kind,
      path: plan.move.from,
      details: { stale },
    });
  }
}

async function runStep(step: Step, carried: string | undefined, journal: JournalWriter, wiki: Wiki, plan: MovePlan, signalOpt: { signal?: AbortSignal }): Promise<ApplyOutcome> {
  const { change, index } = step;
  const expected = carried ?? (typeof change.baseRevision === 'string' ? change.baseRevision : undefined);
  if (journal.step(index) !== undefined) {
    // Started (or failed) before: learn from the wiki what happened, never resend blindly.
    const settled = await settle(change, expected, wiki, signalOpt);
    if (settled !== undefined) {
      await journal.record(index, { state: 'done', how: 'reconciled', ...(settled.revision === undefined ? {} : { revision: settled.revision }) });
      return settled;
    }
  }
  await journal.record(index, { state: 'started' });
  let outcome: ApplyOutcome;
  let how: 'applied' | 'reconciled' = 'applied';
  try {
    outcome = await send(change, expected, wiki, plan, signalOpt);
  } catch (error) {
    if (!(error instanceof NetworkError || error instanceof TimeoutError || error instanceof NotFoundError)) throw error;
    // The answer was lost (or the source is gone: moved along by an earlier lost attempt).
    const settled = await settle(change, expected, wiki, signalOpt);
    if (settled === undefined) throw error;
    outcome = settled;
    how = 'reconciled';
  }
  await journal.record(index, { state: 'done', how, ...(outcome.revision === undefined ? {} : { revision: outcome.revision }) });
  return outcome;
}

async function send(change: Change, expected: string | undefined, wiki: Wiki, plan: MovePlan, signalOpt: { signal?: AbortSignal }): Promise<ApplyOutcome> {
  const locale = change.locale === undefined ? {} : { locale: change.locale };
  const guard = expected === undefined ? {} : { expectedRevision: expected };
  if (change.kind === 'move') {
    if (change.to === undefined) throw usageError(`plan change move "${change.path}" has no destination`, { field: 'plan' });
    await wiki.move(change.path, change.to, { ...guard, ...locale, ...signalOpt, redirect: plan.move.redirects, talk: plan.move.talk });
    return { action: 'moved' };
  }
  if (change.kind !== 'update' || change.input === undefined) throw usageError(`plan change ${change.kind} "${change.path}" is not part of a move`, { field: 'plan' });
  const result = await wiki.put(change.input, { ...guard, ...signalOpt });
  return { action: result.action, revision: result.page.revision, updatedAt: result.page.updatedAt };
}

/**
 * What the wiki says about a step whose outcome is unknown: its outcome when it is visibly done,
 * `undefined` when it is visibly not done (safe to send).
 * @throws {ConflictError} when the page is neither at its base nor at the planned result.
 */
async function settle(change: Change, expected: string | undefined, wiki: Wiki, signalOpt: { signal?: AbortSignal }): Promise<ApplyOutcome | undefined> {
  const locale = change.locale === undefined ? {} : { locale: change.locale };
  if (change.kind === 'move') {
    const to = change.to ?? '';
    const [source, target] = await Promise.all([wiki.get(change.path, { ...locale, ...signalOpt }), wiki.get(to, { ...locale, ...signalOpt })]);
    if (target !== undefined && (source === undefined || (wiki.kind === 'mediawiki' && REDIRECT.test(source.content)))) return { action: 'moved' };
    if (source !== undefined && target === undefined) {
      if (expected !== undefined && source.revision !== expected) throw stale(change, wiki, source.revision, expected);
      return undefined;
    }
    if (source === undefined) throw clientError('move-lost', `neither "${change.path}" nor "${to}" exists; the move cannot be settled`, { wiki: wiki.kind, path: change.path });
    throw clientError('move-target-exists', `both "${change.path}" and "${to}" exist; refused`, { wiki: wiki.kind, path: to });
  }
  const page = await wiki.get(change.path, { ...locale, ...signalOpt });
  if (page === undefined) throw clientError('missing', `"${change.path}" no longer exists`, { wiki: wiki.kind, path: change.path });
  if (change.input !== undefined && inputMatchesPage(change.input, page)) return { action: 'updated', revision: page.revision, updatedAt: page.updatedAt };
  if (expected !== undefined && page.revision !== expected) throw stale(change, wiki, page.revision, expected);
  return undefined;
}

function stale(change: Change, wiki: Wiki, current: string, expected: string): ConflictError {
  return clientError('stale-revision', `"${change.path}" changed since the plan (revision ${current}, expected ${expected}); refused, not overwritten`, {
    wiki: wiki.kind,
    path: change.path,
    details: { expectedRevision: expected, currentRevision: current },
  });
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
