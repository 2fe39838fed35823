/**
 * Wiki.js 2.x page operations as sent. Field choices follow observed-behaviour.md:
 * - `toc` is never selected (PostgreSQL serialises it as an array into a String field → error);
 * - mutation results never select `locale` or `editor` (the resolver leaves them null, the
 *   fields are non-null, so the whole `page` turns null);
 * - `update` always sends every field (omitted ones are wiped or crash the server).
 */
import { RESULT } from './ops.js';

/** Everything safe to read from `Page` in a query. */
export const PAGE_READ_FIELDS =
  'id path hash title description isPrivate isPublished publishStartDate publishEndDate tags { tag } content render contentType createdAt updatedAt editor locale scriptCss scriptJs authorId authorName authorEmail creatorId creatorName creatorEmail';

/** Safe in a mutation result: no `locale`, `editor`, `toc` (checked one by one on the real server). */
export const PAGE_MUTATION_FIELDS =
  'id path hash title description isPrivate isPublished publishStartDate publishEndDate tags { tag } content render contentType createdAt updatedAt scriptCss scriptJs authorId authorName authorEmail creatorId creatorName creatorEmail';


export const PAGE_SINGLE = `query ($id: Int!) { pages { single(id: $id) { ${PAGE_READ_FIELDS} } } }`;

export const PAGE_BY_PATH = `query ($path: String!, $locale: String!) { pages { singleByPath(path: $path, locale: $locale) { ${PAGE_READ_FIELDS} } } }`;

/** One document reading many pages by aliased `single` fields (`p0`, `p1`, …). */
export function pageManyDocument(count: number, byPath: boolean): string {
  const vars: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < count; i++) {
    if (byPath) {
      vars.push(`$p${i}: String!`);
      fields.push(`p${i}: singleByPath(path: $p${i}, locale: $locale) { ${PAGE_READ_FIELDS} }`);
    } else {
      vars.push(`$i${i}: Int!`);
      fields.push(`p${i}: single(id: $i${i}) { ${PAGE_READ_FIELDS} }`);
    }
  }
  if (byPath) vars.push('$locale: String!');
  return `query (${vars.join(', ')}) { pages { ${fields.join(' ')} } }`;
}

export const PAGE_LIST = `query ($limit: Int, $orderBy: PageOrderBy, $orderByDirection: PageOrderByDirection, $tags: [String!], $locale: String, $creatorId: Int, $authorId: Int) {
  pages { list(limit: $limit, orderBy: $orderBy, orderByDirection: $orderByDirection, tags: $tags, locale: $locale, creatorId: $creatorId, authorId: $authorId) {
    id path locale title description contentType isPublished isPrivate createdAt updatedAt tags } } }`;

export const PAGE_CREATE = `mutation ($content: String!, $description: String!, $editor: String!, $isPublished: Boolean!, $isPrivate: Boolean!, $locale: String!, $path: String!, $publishEndDate: Date, $publishStartDate: Date, $scriptCss: String, $scriptJs: String, $tags: [String]!, $title: String!) {
  pages { create(content: $content, description: $description, editor: $editor, isPublished: $isPublished, isPrivate: $isPrivate, locale: $locale, path: $path, publishEndDate: $publishEndDate, publishStartDate: $publishStartDate, scriptCss: $scriptCss, scriptJs: $scriptJs, tags: $tags, title: $title) {
    ${RESULT} page { ${PAGE_MUTATION_FIELDS} } } } }`;

export const PAGE_UPDATE = `mutation ($id: Int!, $content: String!, $description: String!, $editor: String!, $isPrivate: Boolean!, $isPublished: Boolean!, $locale: String!, $path: String!, $publishEndDate: Date, $publishStartDate: Date, $scriptCss: String, $scriptJs: String, $tags: [String]!, $title: String!) {
  pages { update(id: $id, content: $content, description: $description, editor: $editor, isPrivate: $isPrivate, isPublished: $isPublished, locale: $locale, path: $path, publishEndDate: $publishEndDate, publishStartDate: $publishStartDate, scriptCss: $scriptCss, scriptJs: $scriptJs, tags: $tags, title: $title) {
    ${RESULT} page { ${PAGE_MUTATION_FIELDS} } } } }`;

export const PAGE_DELETE = `mutation ($id: Int!) { pages { delete(id: $id) { ${RESULT} } } }`;

export const PAGE_MOVE = `mutation ($id: Int!, $destinationPath: String!, $destinationLocale: String!) { pages { move(id: $id, destinationPath: $destinationPath, destinationLocale: $destinationLocale) { ${RESULT} } } }`;

export const PAGE_SEARCH = `query ($query: String!, $path: String, $locale: String) { pages { search(query: $query, path: $path, locale: $locale) { results { id title description path locale } suggestions totalHits } } }`;

export const PAGE_TAGS = '{ pages { tags { id tag title createdAt updatedAt } } }';

export const PAGE_SEARCH_TAGS = 'query ($query: String!) { pages { searchTags(query: $query) } }';

export const PAGE_TREE = `query ($path: String, $parent: Int, $mode: PageTreeMode!, $locale: String!, $includeAncestors: Boolean) {
  pages { tree(path: $path, parent: $parent, mode: $mode, locale: $locale, includeAncestors: $includeAncestors) { id path depth title isPrivate isFolder parent pageId locale } } }`;

export const PAGE_LINKS = 'query ($locale: String!) { pages { links(locale: $locale) { id path title links } } }';

export const PAGE_HISTORY = `query ($id: Int!, $offsetPage: Int, $offsetSize: Int) { pages { history(id: $id, offsetPage: $offsetPage, offsetSize: $offsetSize) {
  trail { versionId versionDate authorId authorName actionType valueBefore valueAfter } total } } }`;

export const PAGE_VERSION = `query ($pageId: Int!, $versionId: Int!) { pages { version(pageId: $pageId, versionId: $versionId) {
  action authorId authorName content contentType createdAt versionDate description editor isPrivate isPublished locale pageId path publishEndDate publishStartDate tags title versionId } } }`;

export const PAGE_CHECK_CONFLICTS = 'query ($id: Int!, $checkoutDate: Date!) { pages { checkConflicts(id: $id, checkoutDate: $checkoutDate) } }';

export const PAGE_CONFLICT_LATEST = `query ($id: Int!) { pages { conflictLatest(id: $id) { id authorId authorName content createdAt description isPublished locale path tags title updatedAt } } }`;

export const PAGE_CONVERT = `mutation ($id: Int!, $editor: String!) { pages { convert(id: $id, editor: $editor) { ${RESULT} } } }`;
export const PAGE_DELETE_TAG = `mutation ($id: Int!) { pages { deleteTag(id: $id) { ${RESULT} } } }`;
export const PAGE_UPDATE_TAG = `mutation ($id: Int!, $tag: String!, $title: String!) { pages { updateTag(id: $id, tag: $tag, title: $title) { ${RESULT} } } }`;
export const PAGE_RENDER = `mutation ($id: Int!) { pages { render(id: $id) { ${RESULT} } } }`;
export const PAGE_RESTORE = `mutation ($pageId: Int!, $versionId: Int!) { pages { restore(pageId: $pageId, versionId: $versionId) { ${RESULT} } } }`;
export const PAGE_PURGE_HISTORY = `mutation ($olderThan: String!) { pages { purgeHistory(olderThan: $olderThan) { ${RESULT} } } }`;
export const PAGE_FLUSH_CACHE = `mutation { pages { flushCache { ${RESULT} } } }`;
export const PAGE_REBUILD_TREE = `mutation { pages { rebuildTree { ${RESULT} } } }`;
export const PAGE_MIGRATE_TO_LOCALE = `mutation ($sourceLocale: String!, $targetLocale: String!) { pages { migrateToLocale(sourceLocale: $sourceLocale, targetLocale: $targetLocale) { ${RESULT} count } } }`;
