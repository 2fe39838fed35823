export type { ContentFormat, PageSummary, Page, PageInput, Revision, AssetRef } from './page.js';
export { listing, type Listing } from './listing.js';
export type { Wiki, ListOptions, PutOptions, PutAction, PutResult, WriteGuard, MoveOptions, WikiCapabilities } from './wiki.js';
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
} from './path.js';
export {
  parsePageFile,
  renderPageFile,
  pageToFile,
  fileToPageInput,
  deriveTitle,
  inputMatchesPage,
  normalizeBody,
  type PageMeta,
  type PageFile,
} from './front-matter.js';
