/**
 * Tools that change the wiki. Each one checks `--allow-paths` before any request, guards with
 * the revision the agent read (a newer one is a conflict result, never an overwrite), and logs
 * the attempt with the revision before and after. Absent altogether under `--read-only`.
 * Internal module: not part of the public API.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, isConflictError, isWikikitError, WikiApiError, usageError } from '../../errors.js';
import { errorResult, okResult } from '../results.js';
import type { PageInput, Plan } from '../wiki-access.js';
import type { WriteRecord } from '../write-log.js';
import { defineTool, type ToolContext, type ToolSpec } from './define.js';
import { at, baseRevision, locale, path, prefix } from './fields.js';
import { clientError } from '../../client-errors.js';

const pageFields = {
  title: z.string().min(1).optional().describe('Page title (Wiki.js; default on create: the last path segment).'),
  description: z.string().optional().describe('Short description (Wiki.js).'),
  tags: z.array(z.string().min(1)).optional().describe('Tags (Wiki.js) or categories (MediaWiki); replaces the current set.'),
  summary: z.string().optional().describe('Edit summary, kept in the history (MediaWiki).'),
  published: z.boolean().optional().describe('Whether the page is published (Wiki.js).'),
  locale,
};

type PageFieldArgs = { [K in keyof typeof pageFields]?: z.output<(typeof pageFields)[K]> };

function inputOf(pathValue: string, content: string, args: PageFieldArgs & { format?: PageInput['format'] | undefined }): PageInput {
  return {
    path: pathValue,
    content,
    ...(args.title === undefined ? {} : { title: args.title }),
    ...(args.description === undefined ? {} : { description: args.description }),
    ...(args.tags === undefined ? {} : { tags: args.tags }),
    ...(args.summary === undefined ? {} : { summary: args.summary }),
    ...(args.published === undefined ? {} : { published: args.published }),
    ...(args.locale === undefined ? {} : { locale: args.locale }),
    ...(args.format === undefined ? {} : { format: args.format }),
  };
}

function failure(error: unknown): Pick<WriteRecord, 'outcome' | 'error'> {
  if (!isWikikitError(error)) return { outcome: 'failed', error: { category: 'internal', message: error instanceof Error ? error.message : String(error) } };
  return {
    outcome: error.category === 'conflict' || error.category === 'usage' ? 'refused' : 'failed',
    error: { category: error.category, ...(error instanceof WikiApiError ? { code: error.code } : {}), message: error.message },
  };
}

/** Runs a write, logging its outcome either way; errors are logged, then rethrown. */
async function logged<T>(ctx: ToolContext, entry: Omit<WriteRecord, 'outcome' | 'newRevision'>, write: () => Promise<T>, after: (value: T) => Pick<WriteRecord, 'newRevision' | 'outcome'> & { action?: string }): Promise<T> {
  let value: T;
  try {
    value = await write();
  } catch (error) {
    await ctx.log.record({ ...entry, newRevision: null, ...failure(error) });
    throw error;
  }
  await ctx.log.record({ ...entry, ...after(value) });
  return value;
}

/** `--allow-paths`, checked before any request; a refusal is logged like any write attempt. */
async function assertWritable(ctx: ToolContext, tool: string, paths: readonly string[], localeValue?: string): Promise<void> {
  for (const target of paths) {
    try {
      ctx.scope.assertWritable(target, tool);
    } catch (error) {
      await ctx.log.record({ tool, path: target, ...at(localeValue), oldRevision: null, newRevision: null, ...failure(error) });
      throw error;
    }
  }
}

/** The current revision of a page after a refused write, to tell the agent what to re-read. */
async function conflictResult(ctx: ToolContext, error: ConflictError, pathValue: string, localeValue: string | undefined, base: string | null): Promise<ReturnType<typeof errorResult>> {
  const current = await ctx.access.get(pathValue, at(localeValue)).catch(() => undefined);
  return errorResult(error, ctx.secrets, {
    ...(base === null ? {} : { your_base_revision: base }),
    current_revision: current?.revision ?? null,
    nothing_written: true,
  });
}

const createPage = defineTool({
  name: 'create_page',
  title: 'Create a page',
  description: 'Create a new page. Refused (with a conflict result) if a page already exists at that path: then read_page it and use update_page.',
  essential: true,
  write: true,
  input: {
    path,
    content: z.string().describe('The whole page body, in the wiki format (Markdown on Wiki.js unless format says otherwise, wikitext on MediaWiki).'),
    format: z.enum(['markdown', 'html', 'wikitext']).optional().describe('Content format (default: the wiki native one).'),
    ...pageFields,
  },
  async run(args, ctx, signal) {
    await assertWritable(ctx, 'create_page', [args.path], args.locale);
    const input = inputOf(args.path, args.content, args);
    try {
      const result = await logged(ctx, { tool: 'create_page', path: args.path, ...at(args.locale), oldRevision: null }, () => ctx.access.put(input, null, { signal }), (r) => ({
        outcome: 'written',
        action: r.action,
        newRevision: r.page.revision,
      }));
      return okResult({ action: result.action, path: result.page.path, id: result.page.id, revision: result.page.revision }, ctx.secrets);
    } catch (error) {
      if (isConflictError(error)) return conflictResult(ctx, error, args.path, args.locale, null);
      throw error;
    }
  },
});

const updatePage = defineTool({
  name: 'update_page',
  title: 'Update a page',
  description:
    'Change an existing page. base_revision must be the revision you read: if someone edited the page since, nothing is written and the result is a conflict telling you to re-read. Fields you omit keep their value; omit content to change only metadata.',
  essential: true,
  write: true,
  // Old revisions stay in the page history, so an update destroys nothing.
  annotations: { destructiveHint: false, idempotentHint: true },
  input: {
    path,
    base_revision: baseRevision,
    content: z.string().optional().describe('The new whole page body (default: unchanged).'),
    ...pageFields,
  },
  async run(args, ctx, signal) {
    await assertWritable(ctx, 'update_page', [args.path], args.locale);
    try {
      let content = args.content;
      if (content === undefined) {
        const current = await ctx.access.require(args.path, at(args.locale, signal));
        if (current.revision !== args.base_revision) {
          const stale = clientError('StaleRevision', `page "${args.path}" is at revision ${current.revision}, not ${args.base_revision}`, {
            wiki: ctx.access.kind,
            path: args.path,
            details: { expectedRevision: args.base_revision, currentRevision: current.revision },
          });
          await ctx.log.record({ tool: 'update_page', path: args.path, ...at(args.locale), oldRevision: args.base_revision, newRevision: null, ...failure(stale) });
          throw stale;
        }
        content = current.content;
      }
      const input = inputOf(args.path, content, args);
      const result = await logged(ctx, { tool: 'update_page', path: args.path, ...at(args.locale), oldRevision: args.base_revision }, () => ctx.access.put(input, args.base_revision, { signal }), (r) => ({
        outcome: r.action === 'unchanged' ? 'unchanged' : 'written',
        action: r.action,
        newRevision: r.page.revision,
      }));
      return okResult({ action: result.action, path: result.page.path, revision: result.page.revision, previous_revision: args.base_revision }, ctx.secrets);
    } catch (error) {
      if (isConflictError(error)) return conflictResult(ctx, error, args.path, args.locale, args.base_revision);
      throw error;
    }
  },
});

const movePage = defineTool({
  name: 'move_page',
  title: 'Move (rename) a page',
  description: 'Move a page to a new path. Both paths must be writable. With base_revision, refused if the page changed since you read it.',
  essential: false,
  write: true,
  input: {
    from: path.describe('Current path (or title) of the page.'),
    to: path.describe('New path (or title).'),
    base_revision: baseRevision.optional(),
    locale,
  },
  async run(args, ctx, signal) {
    await assertWritable(ctx, 'move_page', [args.from, args.to], args.locale);
    const located = at(args.locale, signal);
    const current = await ctx.access.require(args.from, located);
    const guard = args.base_revision ?? current.revision;
    try {
      await logged(ctx, { tool: 'move_page', path: args.from, to: args.to, ...at(args.locale), oldRevision: current.revision }, () => ctx.access.move(args.from, args.to, { expectedRevision: guard, ...located }), () => ({ outcome: 'written', action: 'moved', newRevision: null }));
    } catch (error) {
      if (isConflictError(error)) return conflictResult(ctx, error, args.from, args.locale, guard);
      throw error;
    }
    const moved = await ctx.access.get(args.to, located).catch(() => undefined);
    return okResult({ action: 'moved', from: args.from, to: args.to, ...(moved === undefined ? {} : { revision: moved.revision, id: moved.id }) }, ctx.secrets);
  },
});

const deletePage = defineTool({
  name: 'delete_page',
  title: 'Delete a page',
  description:
    'Delete a page, in two calls. First call with path only: nothing is deleted; you get a confirmation_token for this page at its current revision. Confirm with the user, then call again with the same path and the token. The token works once, for 10 minutes, and only if the page has not changed.',
  essential: false,
  write: true,
  annotations: { destructiveHint: true, idempotentHint: false },
  input: {
    path,
    locale,
    confirmation_token: z.string().min(1).optional().describe('The token from the first delete_page call for this same page.'),
  },
  async run(args, ctx, signal) {
    await assertWritable(ctx, 'delete_page', [args.path], args.locale);
    const located = at(args.locale, signal);
    if (args.confirmation_token === undefined) {
      const page = await ctx.access.require(args.path, located);
      const token = ctx.deletions.issue({ path: page.path, locale: page.locale, revision: page.revision });
      return okResult(
        {
          confirmation_required: true,
          deleted: false,
          path: page.path,
          title: page.title,
          revision: page.revision,
          content_length: page.content.length,
          confirmation_token: token,
          expires_in_seconds: Math.round(ctx.deletions.ttlMs / 1000),
          what_to_do: `Nothing was deleted. Ask the user to confirm deleting "${page.path}", then call delete_page again with path "${page.path}" and this confirmation_token.`,
        },
        ctx.secrets,
      );
    }
    // Used up whatever happens next, so a token is never tried twice.
    const pending = ctx.deletions.take(args.confirmation_token);
    if (pending === undefined) {
      throw usageError('confirmation_token is unknown, already used or expired; call delete_page without a token to get a new one', { field: 'confirmation_token' });
    }
    const samePage = ctx.scope.normalize(args.path) === ctx.scope.normalize(pending.path) && (args.locale === undefined || args.locale === pending.locale);
    if (!samePage) {
      throw usageError(`confirmation_token was issued for "${pending.path}", not "${args.path}"; nothing was deleted`, { field: 'confirmation_token' });
    }
    try {
      await logged(ctx, { tool: 'delete_page', path: pending.path, locale: pending.locale, oldRevision: pending.revision }, () => ctx.access.delete(pending.path, pending.revision, { locale: pending.locale, signal }), () => ({ outcome: 'written', action: 'deleted', newRevision: null }));
    } catch (error) {
      if (isConflictError(error)) return conflictResult(ctx, error, pending.path, pending.locale, pending.revision);
      throw error;
    }
    return okResult({ deleted: true, path: pending.path, revision: pending.revision }, ctx.secrets);
  },
});

/** Diffs for the agent, cut so one replace plan cannot flood its context. */
const MAX_PLAN_TEXT = 60_000;

const replacePlan = defineTool({
  name: 'replace_plan',
  title: 'Plan a find-and-replace',
  description:
    'Preview a find-and-replace across page bodies: nothing is written. Returns a plan_id and the diff of every page that would change. Show the diffs to the user; replace_apply with the plan_id carries out exactly this plan.',
  essential: false,
  // Writes nothing itself, but exists only to feed replace_apply: gone under --read-only too.
  write: true,
  annotations: { readOnlyHint: true },
  input: {
    pattern: z.string().min(1).describe('Text to find; a JavaScript regular expression when regex is true.'),
    replacement: z.string().describe('Replacement text; with regex, $1, $<name> and $& refer to the match.'),
    regex: z.boolean().optional().describe('Treat pattern as a regular expression (default false).'),
    ignore_case: z.boolean().optional().describe('Match case-insensitively (default false).'),
    path_prefix: prefix,
    tag: z.string().optional().describe('Only pages with this tag.'),
    locale,
  },
  async run(args, ctx, signal) {
    const plan = await ctx.access.planReplace({
      pattern: args.pattern,
      replacement: args.replacement,
      ...(args.regex === undefined ? {} : { regex: args.regex }),
      ...(args.ignore_case === undefined ? {} : { ignoreCase: args.ignore_case }),
      ...(args.path_prefix === undefined ? {} : { pathPrefix: args.path_prefix }),
      ...(args.tag === undefined ? {} : { tag: args.tag }),
      ...at(args.locale, signal),
    });
    const allowed = plan.changes.filter((c) => ctx.scope.allows(c.path));
    const outside = plan.changes.filter((c) => !ctx.scope.allows(c.path)).map((c) => c.path);
    if (allowed.length === 0) {
      return okResult({ matched: plan.changes.length, pages: [], ...(outside.length === 0 ? {} : { outside_allowed_paths: outside }), note: 'No page this server may write would change; there is nothing to apply.' }, ctx.secrets);
    }
    const scoped: Plan = { ...plan, changes: allowed };
    const planId = ctx.plans.issue(scoped);
    let text = allowed.map((c) => c.diff ?? '').join('\n');
    if (text.length > MAX_PLAN_TEXT) text = `${text.slice(0, MAX_PLAN_TEXT)}\n… (diffs cut at ${MAX_PLAN_TEXT} characters; narrow path_prefix to see them all)`;
    return okResult(
      {
        plan_id: planId,
        pages: allowed.map((c) => ({ path: c.path, locale: c.locale, base_revision: c.baseRevision })),
        ...(outside.length === 0 ? {} : { outside_allowed_paths: outside }),
        expires_in_seconds: Math.round(ctx.plans.ttlMs / 1000),
        what_to_do: 'Nothing was written. Show the diffs to the user; to carry out exactly this plan call replace_apply with plan_id.',
      },
      ctx.secrets,
      text,
    );
  },
});

const replaceApply = defineTool({
  name: 'replace_apply',
  title: 'Apply a find-and-replace plan',
  description:
    'Carry out a plan from replace_plan (the plan_id is the confirmation; it works once). A page edited since the plan was made is refused as a conflict, never overwritten; the other pages are still written.',
  essential: false,
  write: true,
  annotations: { destructiveHint: false, idempotentHint: false },
  input: {
    plan_id: z.string().min(1).describe('The plan_id replace_plan returned.'),
  },
  async run(args, ctx, signal) {
    const plan = ctx.plans.take(args.plan_id);
    if (plan === undefined) throw usageError('plan_id is unknown, already applied or expired; call replace_plan again', { field: 'plan_id' });
    await assertWritable(ctx, 'replace_apply', plan.changes.map((c) => c.path));
    const result = await ctx.access.applyReplace(plan, { signal });
    for (const { change, outcome } of result.report.applied) {
      await ctx.log.record({ tool: 'replace_apply', path: change.path, ...at(change.locale), oldRevision: change.baseRevision ?? null, newRevision: outcome.revision ?? null, outcome: outcome.action === 'unchanged' ? 'unchanged' : 'written', action: outcome.action });
    }
    for (const { change, error } of result.report.failed) {
      await ctx.log.record({ tool: 'replace_apply', path: change.path, ...at(change.locale), oldRevision: change.baseRevision ?? null, newRevision: null, ...failure(error) });
    }
    const conflicts = result.report.failed.filter((f) => isConflictError(f.error)).map((f) => f.change.path);
    const failed = result.report.failed.filter((f) => !isConflictError(f.error)).map((f) => ({ path: f.change.path, error: failure(f.error).error }));
    const body = {
      changed: result.report.applied.filter((a) => a.outcome.action !== 'unchanged').map((a) => ({ path: a.change.path, revision: a.outcome.revision })),
      unchanged: result.skipped,
      conflicts,
      failed,
      ...(result.report.failed.length === 0
        ? {}
        : { what_to_do: 'Pages under conflicts changed since the plan was made and were not written: call replace_plan again to get fresh diffs for them.' }),
    };
    return result.report.failed.length === 0 ? okResult(body, ctx.secrets) : { ...okResult(body, ctx.secrets), isError: true };
  },
});

/**
 * 8 MiB of base64 (a 6 MiB file): fits the SDK's 10 MiB stdio message buffer and the HTTP body
 * limit set in http.ts. Bigger files go through `wikikit assets upload`.
 */
export const MAX_UPLOAD_BASE64 = 8 * 1024 * 1024;

const uploadAsset = defineTool({
  name: 'upload_asset',
  title: 'Upload a file',
  description:
    'Upload a file (image, PDF, …) as a Wiki.js asset (in folder) or a MediaWiki file (File:NAME). Returns the path to link it from a page. A file of the same name may be replaced.',
  essential: false,
  write: true,
  annotations: { destructiveHint: true, idempotentHint: true },
  input: {
    name: z.string().min(1).describe('File name with extension, e.g. "diagram.png".'),
    content_base64: z.string().min(1).describe('The file bytes, base64-encoded.'),
    folder: z.string().optional().describe('Wiki.js asset folder, e.g. "images/docs" (created when missing). Ignored by MediaWiki.'),
    mime: z.string().optional().describe('MIME type, e.g. "image/png" (default: from the name).'),
  },
  async run(args, ctx) {
    if (args.name.includes('/') || args.name.includes('\\')) throw usageError('name must be a file name, without folders (use folder)', { field: 'name' });
    if (args.content_base64.length > MAX_UPLOAD_BASE64) throw usageError(`content_base64 is over ${MAX_UPLOAD_BASE64} characters (a 6 MiB file); upload big files with \`wikikit assets upload\``, { field: 'content_base64' });
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(args.content_base64.replace(/\s+/g, ''))) throw usageError('content_base64 is not base64', { field: 'content_base64' });
    const folder = (args.folder ?? '').replace(/^\/+|\/+$/g, '');
    const target = ctx.access.kind === 'mediawiki' ? `File:${args.name}` : folder === '' ? args.name : `${folder}/${args.name}`;
    await assertWritable(ctx, 'upload_asset', [target]);
    const data = new Uint8Array(Buffer.from(args.content_base64, 'base64'));
    const sha256 = createHash('sha256').update(data).digest('hex');
    const asset = await logged(ctx, { tool: 'upload_asset', path: target, oldRevision: null }, () => ctx.access.upload(args.name, data, { ...(folder === '' ? {} : { folder }), ...(args.mime === undefined ? {} : { mime: args.mime }) }), () => ({
      outcome: 'written',
      action: 'uploaded',
      newRevision: null,
    }));
    return okResult({ action: 'uploaded', path: asset.path, name: asset.name, size: asset.size ?? data.byteLength, sha256, ...(asset.mime === undefined ? {} : { mime: asset.mime }) }, ctx.secrets);
  },
});

export const WRITE_TOOLS: readonly ToolSpec[] = [createPage, updatePage, movePage, deletePage, replacePlan, replaceApply, uploadAsset];
