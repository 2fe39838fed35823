import type { Wiki } from '../model/wiki.js';
import { applyMovePlan, type MovePlan } from './move/index.js';
import { applyPlan, type ApplyOptions, type ApplyReport, type Plan } from './plan.js';
import { applySyncPlan, type SyncPlan } from './sync.js';

/**
 * Carries out a saved plan of any job (`wikikit apply plan.json`): sync plans also keep the
 * folder's sync state current; move plans run through their journal; the others go straight
 * through {@link applyPlan}.
 */
export async function executePlan(plan: Plan, wiki: Wiki, options: ApplyOptions = {}): Promise<ApplyReport> {
  if (plan.job === 'sync-push' || plan.job === 'sync-pull') {
    return applySyncPlan(plan as SyncPlan, wiki, {
      ...(options.dir === undefined ? {} : { dir: options.dir }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.onProgress === undefined ? {} : { onProgress: (p) => options.onProgress?.({ done: p.done, succeeded: p.done, failed: 0, total: p.total }) }),
    });
  }
  if (plan.job === 'move') return applyMovePlan(plan as MovePlan, wiki, options);
  return applyPlan(plan, wiki, options);
}
