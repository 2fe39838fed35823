/**
 * `planMove`: what moving a page (and the pages under it) would do, computed without writing:
 * every page with its new path, every body whose links reach a moved page with the exact
 * rewrite, and every reason to refuse (a target that exists, two pages onto one path, a talk
 * page that could not follow). Nothing is written; {@link applyMovePlan} carries the plan out.
 */
import { usageError } from '../../errors.js';
import type { Page } from '../../model/page.js';
import { isWithinPrefix, joinWikiPath, normalizePathFor, stripPrefix, validateWikiPath } from '../../model/path.js';
import type { Wiki } from '../../model/wiki.js';
import { unifiedDiff, type Change, type Conflict, type Plan } from '../plan.js';
import { applyEdits, targetKey, type LinkTarget, type PageLocation, type TextEdit } from './links.js';
import { mentionsTitle } from './links-wikitext.js';
import { linksOf, listAll, normalizeFor, readPages, subpageOracle } from './scan.js';
import { talkPageOf } from './talk.js';

export interface PlanMoveOptions {
  readonly wiki: Wiki;
  /** The page (and folder) to move. */
  readonly from: string;
  readonly to: string;
  /** Only pages of this locale (Wiki.js). */
  readonly locale?: string;
  /** Move only the page `from`, not the pages under it. @default false */
  readonly pageOnly?: boolean;
  /** MediaWiki: leave a redirect at each old title. @default true */
  readonly redirects?: boolean;
  /** MediaWiki: move each page's talk page along. @default true */
  readonly talk?: boolean;
  /** Pages per `getMany`. @default 50 */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly phase: 'scan' | 'read'; readonly done: number; readonly total: number | undefined }) => void;
}

/** One page the plan moves. */
export interface MoveEntry {
  readonly from: string;
  readonly to: string;
  readonly locale: string;
  /** Revision the plan was computed against. */
  readonly revision: string;
  /** MediaWiki: the talk page that moves along. */
  readonly talk?: { readonly from: string; readonly to: string };
}

/** One link rewrite, for people (the diff of the change carries the same). */
export interface LinkRewrite {
  readonly path: string;
  readonly locale: string;
  readonly line: number;
  readonly from: string;
  readonly to: string;
}

export interface MoveWarning {
  readonly path: string;
  readonly line?: number;
  readonly reason: string;
}

export interface MovePlan extends Plan {
  readonly job: 'move';
  readonly move: {
    readonly from: string;
    readonly to: string;
    readonly locale?: string;
    readonly pageOnly: boolean;
    readonly redirects: boolean;
    readonly talk: boolean;
    readonly pages: MoveEntry[];
    readonly rewrites: LinkRewrite[];
    readonly warnings: MoveWarning[];
  };
}

/**
 * @example
 * const plan = await planMove({ wiki, from: 'docs', to: 'manual' });
 * if (plan.conflicts.length === 0) await applyMovePlan(plan, wiki, { journal: 'move.journal' });
 * @throws {UsageError} for a bad path, a move onto itself or into itself, or nothing to move.
 */
export async function planMove(options: PlanMoveOptions): Promise<MovePlan> {
  const { wiki } = options;
  const from = normalizePathFor(wiki.kind, options.from, 'from');
  const to = normalizePathFor(wiki.kind, options.to, 'to');
  const pageOnly = options.pageOnly === true;
  if (from === to) throw usageError(`from and to are the same path "${from}"`, { field: 'to' });
  if (!pageOnly && isWithinPrefix(to, from)) throw usageError(`cannot move "${from}" into its own subtree "${to}"; move it elsewhere first`, { field: 'to' });
  const redirects = wiki.kind === 'mediawiki' && options.redirects !== false;
  const talk = wiki.kind === 'mediawiki' && options.talk !== false;
  const scanOptions = {
    ...(options.locale === undefined ? {} : { locale: options.locale }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.signal ? { signal: options.signal } : {}),
  };

  options.onProgress?.({ phase: 'scan', done: 0, total: undefined });
  const listed = await listAll(wiki, [from, to], scanOptions);
  const moving = [...listed.values()].filter((s) => s.path === from || (!pageOnly && isWithinPrefix(s.path, from)));
  if (moving.length === 0) {
    throw usageError(`nothing to move: no page at "${from}"${pageOnly ? '' : ` and none under "${from}/"`}${options.locale === undefined ? '' : ` in locale ${options.locale}`}`, { field: 'from' });
  }
  moving.sort((a, b) => a.path.localeCompare(b.path));

  const conflicts: Conflict[] = [];
  const moveMap = new Map<string, LinkTarget>();
  const entries: { from: string; to: string; locale: string }[] = [];
  for (const page of moving) {
    const target = normalizeFor(wiki, joinWikiPath(to, stripPrefix(page.path, from)));
    try {
      validateWikiPath(target, wiki.kind, 'to');
    } catch (error) {
      conflicts.push({ path: page.path, reason: `new path "${target}" is not valid: ${(error as Error).message}` });
      continue;
    }
    entries.push({ from: page.path, to: target, locale: page.locale });
    moveMap.set(targetKey(page), { path: target, locale: page.locale });
  }

  // MediaWiki moves a talk page along (movetalk); its links are rewritten like any other.
  const talkMoves = new Map<string, { from: string; to: string }>();
  if (talk) {
    for (const entry of entries) {
      const talkFrom = talkPageOf(entry.from);
      const talkTo = talkPageOf(entry.to);
      if (talkFrom !== undefined && talkTo !== undefined) talkMoves.set(entry.from, { from: talkFrom, to: talkTo });
    }
  }

  // Targets are read too: the listing may not cover their namespace or locale.
  const probe = [
    ...entries.map((e) => ({ path: e.to, locale: e.locale })),
    ...[...talkMoves.values()].flatMap((t) => [{ path: t.from, locale: entries[0]?.locale ?? 'en' }, { path: t.to, locale: entries[0]?.locale ?? 'en' }]),
  ];
  const probed = await readPages(wiki, probe, scanOptions);
  const exists = (path: string, locale: string): boolean => listed.has(`${locale}/${path}`) || probed.has(`${locale}/${path}`);
  const byTarget = new Map<string, string[]>();
  for (const entry of entries) byTarget.set(`${entry.locale}/${entry.to}`, [...(byTarget.get(`${entry.locale}/${entry.to}`) ?? []), entry.from]);
  for (const entry of entries) {
    const key = `${entry.locale}/${entry.to}`;
    const sources = byTarget.get(key) ?? [];
    if (sources.length > 1) conflicts.push({ path: entry.from, reason: `${sources.join(', ')} would all move onto "${entry.to}"` });
    else if (moveMap.has(key)) conflicts.push({ path: entry.from, reason: `"${entry.to}" is itself moved by this plan; move in two steps` });
    else if (exists(entry.to, entry.locale)) conflicts.push({ path: entry.from, reason: `"${entry.to}" already exists; nothing was moved` });
    const talkMove = talkMoves.get(entry.from);
    if (talkMove !== undefined) {
      if (!exists(talkMove.from, entry.locale)) talkMoves.delete(entry.from);
      else if (exists(talkMove.to, entry.locale)) conflicts.push({ path: talkMove.from, reason: `talk page "${talkMove.to}" already exists; MediaWiki would leave "${talkMove.from}" behind` });
      else moveMap.set(`${entry.locale}/${talkMove.from}`, { path: talkMove.to, locale: entry.locale });
    }
  }

  // Which bodies to read: every listed page, the talk pages that move, and whatever the wiki's
  // own link table says links in (MediaWiki pages in other namespaces).
  const warnings: MoveWarning[] = [];
  const locale = entries[0]?.locale ?? options.locale ?? 'en';
  const readSet = new Map<string, { path: string; locale: string }>();
  for (const s of listed.values()) readSet.set(targetKey(s), { path: s.path, locale: s.locale });
  for (const t of talkMoves.values()) readSet.set(`${locale}/${t.from}`, { path: t.from, locale });
  let linkTable: Set<string> | undefined;
  if (wiki.linkedFrom) {
    try {
      const linkers = await wiki.linkedFrom([...entries.map((e) => e.from), ...[...talkMoves.values()].map((t) => t.from)], { locale, ...(options.signal ? { signal: options.signal } : {}) });
      linkTable = new Set(linkers.map((p) => `${locale}/${normalizeFor(wiki, p)}`));
      for (const path of linkers) readSet.set(`${locale}/${normalizeFor(wiki, path)}`, { path, locale });
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      warnings.push({ path: '', reason: `the wiki's link table could not be read (${(error as Error).message}); links found in page bodies only` });
    }
  }
  const refs = [...readSet.values()];
  const pages = await readPages(wiki, refs, { ...scanOptions, onRead: (done) => options.onProgress?.({ phase: 'read', done, total: refs.length }) });

  // A link under the moved folder moves with it even when its page does not exist (yet).
  const movedLocales = new Set(entries.map((e) => e.locale));
  const mapTarget = (target: LinkTarget): LinkTarget | undefined => {
    const mapped = moveMap.get(targetKey(target));
    if (mapped !== undefined || pageOnly || !movedLocales.has(target.locale) || !isWithinPrefix(target.path, from)) return mapped;
    return { path: normalizeFor(wiki, joinWikiPath(to, stripPrefix(target.path, from))), locale: target.locale };
  };
  const subpages = subpageOracle(wiki);
  const changes: Change[] = [];
  const outside: Change[] = [];
  const rewrites: LinkRewrite[] = [];
  const oldTitles = wiki.kind === 'mediawiki' ? [...moveMap.keys()].map((k) => k.slice(k.indexOf('/') + 1)) : [];
  const revisions = new Map<string, string>();
  for (const [key, page] of [...pages].sort(([a], [b]) => a.localeCompare(b))) {
    revisions.set(key, page.revision);
    const here: PageLocation = { path: page.path, locale: page.locale, subpages: await subpages(page.path) };
    const moved = moveMap.get(key);
    const there: PageLocation = moved === undefined ? here : { path: moved.path, locale: moved.locale, subpages: await subpages(moved.path) };
    const { links, templates } = linksOf(page, here, wiki);
    const edits: TextEdit[] = [];
    let linksIntoMove = false;
    for (const link of links) {
      const newTarget = mapTarget(link.target);
      if (newTarget !== undefined) linksIntoMove = true;
      if (newTarget === undefined && moved === undefined) continue;
      const text = link.retarget(newTarget ?? link.target, there);
      if (text === undefined) continue;
      if (link.inTemplate === true) {
        warnings.push({ path: page.path, line: link.line, reason: `link [[${link.raw}]] inside a template call left alone; check it by hand` });
        continue;
      }
      edits.push({ start: link.start, end: link.end, text });
      rewrites.push({ path: page.path, locale: page.locale, line: link.line, from: link.raw, to: text });
    }
    for (const [start, end] of templates) {
      const text = page.content.slice(start, end);
      const named = oldTitles.find((title) => mentionsTitle(text, title));
      if (named !== undefined) warnings.push({ path: page.path, line: page.content.slice(0, start).split('\n').length, reason: `template call mentions moved page "${named}"; templates are left alone, check it by hand` });
    }
    if (linkTable?.has(key) === true && !linksIntoMove) {
      warnings.push({ path: page.path, reason: `the wiki's link table says this page links to a moved page, but no link to one was found in its body; check it by hand` });
    }
    if (edits.length === 0) continue;
    const content = applyEdits(page.content, edits);
    const change = updateChange(page, content);
    (moved === undefined ? outside : changes).push(change);
  }

  const moveEntries: MoveEntry[] = [];
  for (const entry of entries) {
    const key = `${entry.locale}/${entry.from}`;
    const revision = revisions.get(key) ?? listed.get(key)?.revision ?? listed.get(key)?.updatedAt;
    if (revision === undefined) {
      conflicts.push({ path: entry.from, reason: 'page disappeared while the plan was made' });
      continue;
    }
    const talkMove = talkMoves.get(entry.from);
    moveEntries.push({ ...entry, revision, ...(talkMove === undefined ? {} : { talk: talkMove }) });
    changes.push({
      kind: 'move',
      path: entry.from,
      to: entry.to,
      locale: entry.locale,
      baseRevision: revision,
      reason: talkMove === undefined ? 'moved' : `moved with its talk page ${talkMove.from} → ${talkMove.to}`,
    });
  }
  // Bodies of moved pages are rewritten first (at their old paths), then they move, then the
  // pages linking in are rewritten: each page's steps keep that order in the journal.
  changes.sort((a, b) => rank(a) - rank(b));

  return {
    version: 1,
    job: 'move',
    wiki: { kind: wiki.kind, url: wiki.url },
    createdAt: new Date().toISOString(),
    changes: [...changes, ...outside],
    conflicts,
    skipped: [],
    move: {
      from,
      to,
      ...(options.locale === undefined ? {} : { locale: options.locale }),
      pageOnly,
      redirects,
      talk,
      pages: moveEntries,
      rewrites,
      warnings,
    },
  };
}

function rank(change: Change): number {
  return change.kind === 'update' ? 0 : 1;
}

function updateChange(page: Page, content: string): Change {
  const input = { path: page.path, locale: page.locale, content };
  return {
    kind: 'update',
    path: page.path,
    locale: page.locale,
    baseRevision: page.revision,
    input: { ...input, summary: 'wikikit mv: links to moved pages' },
    diff: unifiedDiff(page.content, content, page.path),
    reason: 'links to moved pages',
  };
}
