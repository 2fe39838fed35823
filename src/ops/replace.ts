/**
 * Bulk find-and-replace across page bodies. `planReplace` reads pages (streamed, batched) and
 * returns a plan with one `update` per page that would change, each carrying the page's
 * revision as its base and a unified diff; `applyPlan` then writes with `expectedRevision`, so
 * a page edited meanwhile is refused, not overwritten. One page's failure never stops the rest.
 */
import { usageError } from '../errors.js';
import { normalizePathFor } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { compilePattern, type PatternOptions } from './pattern.js';
import { applyPlan, unifiedDiff, type ApplyOptions, type ApplyReport, type Change, type Plan } from './plan.js';
import { streamPages } from './stream-pages.js';

export interface ReplaceOptions extends PatternOptions {
  readonly wiki: Wiki;
  readonly pattern: string;
  /** With `regex`, `$1`, `$<name>` and `$&` refer to the match; otherwise it is literal. */
  readonly replacement: string;
  /** Only pages under this wiki path. */
  readonly pathPrefix?: string;
  /** Only pages with this tag. */
  readonly tag?: string;
  readonly locale?: string;
  /** @default 50 */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly scanned: number; readonly matched: number }) => void;
}

export interface ReplaceSummary {
  readonly changed: string[];
  /** Pages that matched but needed no write (the wiki said unchanged). */
  readonly skipped: string[];
  readonly failed: { readonly path: string; readonly error: unknown }[];
  /** Pages that matched, per plan. */
  readonly matched: number;
}

/**
 * @example
 * const plan = await planReplace({ wiki, pattern: 'Wikijs', replacement: 'Wiki.js', pathPrefix: 'docs' });
 * for (const c of plan.changes) console.log(c.diff);
 * @throws {UsageError} for an empty or invalid pattern.
 */
export async function planReplace(options: ReplaceOptions): Promise<Plan> {
  const re = compilePattern(options.pattern, options);
  const prefix = options.pathPrefix === undefined || options.pathPrefix === '' ? undefined : normalizePathFor(options.wiki.kind, options.pathPrefix, 'pathPrefix');
  const tag = options.tag?.toLowerCase();
  const hasTag = (tags: readonly string[] | undefined): boolean => tag === undefined || (tags ?? []).some((t) => t.toLowerCase() === tag);
  const changes: Change[] = [];
  let scanned = 0;
  for await (const page of streamPages(options.wiki, {
    ...(prefix === undefined ? {} : { prefix }),
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.signal ? { signal: options.signal } : {}),
    // Summaries without tags cannot be filtered yet; the page itself is checked below.
    filter: (s) => s.tags === undefined || hasTag(s.tags),
  })) {
    scanned++;
    if (!hasTag(page.tags)) continue;
    re.lastIndex = 0;
    const content =
      options.regex === true ? page.content.replace(re, options.replacement) : page.content.replace(re, () => options.replacement);
    if (content !== page.content) {
      changes.push({
        kind: 'update',
        path: page.path,
        locale: page.locale,
        baseRevision: page.revision,
        input: { path: page.path, locale: page.locale, content },
        diff: unifiedDiff(page.content, content, page.path),
        reason: `replace ${JSON.stringify(options.pattern)}`,
      });
    }
    options.onProgress?.({ scanned, matched: changes.length });
  }
  return {
    version: 1,
    job: 'replace',
    wiki: { kind: options.wiki.kind, url: options.wiki.url },
    ...(prefix === undefined ? {} : { prefix }),
    createdAt: new Date().toISOString(),
    changes,
    conflicts: [],
    skipped: [],
  };
}

/** Applies a replace plan and sums it up. */
export async function applyReplace(plan: Plan, wiki: Wiki, options: ApplyOptions = {}): Promise<ReplaceSummary & { report: ApplyReport }> {
  if (plan.job !== 'replace') throw usageError(`plan is a ${plan.job} plan, not a replace plan`, { field: 'plan' });
  const report = await applyPlan(plan, wiki, options);
  return { ...summarizeReplace(plan, report), report };
}

export function summarizeReplace(plan: Plan, report: ApplyReport): ReplaceSummary {
  return {
    matched: plan.changes.length,
    changed: report.applied.filter((a) => a.outcome.action !== 'unchanged').map((a) => a.change.path),
    skipped: [...report.applied.filter((a) => a.outcome.action === 'unchanged').map((a) => a.change.path), ...report.skipped.map((c) => c.path)],
    failed: report.failed.map((f) => ({ path: f.change.path, error: f.error })),
  };
}
