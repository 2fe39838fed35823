/**
 * `wikikit/helpers`: small building blocks the jobs are made of, for scripts that need one piece
 * (a wiki path turned into a file name, a front-matter file parsed, a page's word count) without
 * the job around it. Stable, but kept out of the root so the root stays the short list users need.
 */
export {
  WIKIJS_RESERVED_SEGMENTS,
  normalizeWikiPath,
  validateWikiPath,
  isWithinPrefix,
  joinWikiPath,
  stripPrefix,
  extensionFor,
  formatOfFile,
  wikiPathToFile,
  fileToWikiPath,
  caseFoldKey,
  findCaseCollisions,
  resolveInside,
} from './model/index.js';
export { listing } from './model/index.js';
export { parsePageFile, renderPageFile, pageToFile, fileToPageInput, deriveTitle, inputMatchesPage, normalizeBody, type PageMeta, type PageFile } from './model/index.js';
export { wordCount, readingTime, urlPath, headings, hasTag, type Heading } from './wikijs/index.js';
export { relativeAssetLinks, SYNC_STATE_FILE, MANIFEST_FILE } from './ops/index.js';
export { provenanceFooter, readProvenance, PROVENANCE_MARKER, parseInterwikiMap, findTemplates, PathMapping, assetFileName, loadMapping, saveMapping, slugSegment, wikiJsPathProblem, reportHasFailures } from './ops/migrate/index.js';
