// Pins the package's public surface: the runtime names of each entry point, exactly (a name added
// or dropped is a decision, made here on purpose), and the types of the main signatures
// (expectTypeOf is checked by `npm run typecheck`; at run time it is a no-op).
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as root from '../../src/index.js';
import * as helpers from '../../src/helpers.js';
import * as spi from '../../src/spi.js';
import type { Listing, PageRef, PageRefs, MediaWikiUpdateOptions, PageContent, WikiJsPageListItem, WikiJsUserSummary, EditInput, Page, PageInput, PageSummary, PutOptions, PutResult, Wiki, WikiJsPage, PageCreateInput, PagePatch, UpdateOptions, WikiJsId, SyncOptions, SyncResult } from '../../src/index.js';

const ROOT = [
  // errors
  'AuthError', 'ConflictError', 'HttpError', 'NetworkError', 'NotFoundError', 'PermissionError', 'RateLimitError', 'TimeoutError',
  'TransportError', 'UsageError', 'ValidationError', 'WikiApiError', 'WikikitError', 'isConflictError', 'isNotFoundError', 'isWikikitError',
  // clients and transport
  'MediaWikiClient', 'WikiJsClient', 'ResponseCache', 'createTransport',
  // page model
  'normalizeWikiPath', 'validateWikiPath', 'parsePageFile', 'renderPageFile',
  // jobs
  'runBatch', 'throwIfFailed', 'applyPlan', 'executePlan', 'unifiedDiff', 'parsePlan', 'serializePlan', 'loadPlan', 'savePlan', 'summarizePlan',
  'planSync', 'applySyncPlan', 'runSync', 'syncStatus', 'exportWiki', 'readManifest', 'importWiki', 'planImport',
  'planReplace', 'applyReplace', 'summarizeReplace', 'grepWiki', 'streamPages', 'planMove', 'applyMovePlan', 'checkLinks',
  'migrate', 'ApiPageSource', 'DumpPageSource', 'convertWikitext', 'formatReport',
];

const HELPERS = [
  'listing', 'WIKIJS_RESERVED_SEGMENTS', 'normalizeWikiPath', 'validateWikiPath', 'isWithinPrefix', 'joinWikiPath', 'stripPrefix', 'extensionFor', 'formatOfFile',
  'wikiPathToFile', 'fileToWikiPath', 'caseFoldKey', 'findCaseCollisions', 'resolveInside',
  'parsePageFile', 'renderPageFile', 'pageToFile', 'fileToPageInput', 'deriveTitle', 'inputMatchesPage', 'normalizeBody',
  'wordCount', 'readingTime', 'urlPath', 'headings', 'hasTag',
  'relativeAssetLinks', 'SYNC_STATE_FILE', 'MANIFEST_FILE',
  'provenanceFooter', 'readProvenance', 'PROVENANCE_MARKER', 'parseInterwikiMap', 'findTemplates', 'PathMapping', 'assetFileName', 'loadMapping',
  'saveMapping', 'slugSegment', 'wikiJsPathProblem', 'reportHasFailures',
];

const SPI = [
  'API_ERROR_CLASSES', 'createApiError', 'GraphQLExecutor', 'WIKIJS_V2_ERROR_CODES', 'lookupErrorCode', 'v2ErrorMapper', 'wikiJsV2', 'DIALECTS',
  'MEDIAWIKI_ERROR_CATEGORIES', 'categoriesIn', 'CLIENT_ERROR_CODES', 'CLIENT_ERROR_ALIASES', 'canonicalErrorCode',
];

const sorted = (names: readonly string[]): string[] => [...names].sort();

describe('public API', () => {
  it('the root exports exactly the listed runtime names, at most 60', () => {
    expect(sorted(Object.keys(root))).toEqual(sorted(ROOT));
    expect(ROOT.length).toBeLessThanOrEqual(60);
  });

  it('wikikit/helpers and wikikit/spi export exactly their listed names', () => {
    expect(sorted(Object.keys(helpers))).toEqual(sorted(HELPERS));
    expect(sorted(Object.keys(spi))).toEqual(sorted(SPI));
  });

  it('keeps helpers and SPI plumbing out of the root', () => {
    for (const name of ['caseFoldKey', 'slugSegment', 'urlPath', 'GraphQLExecutor', 'createApiError', 'WIKIJS_V2_ERROR_CODES']) {
      expect(Object.keys(root), name).not.toContain(name);
    }
  });

  it('main signatures', () => {
    expectTypeOf<Wiki['get']>().parameter(0).toEqualTypeOf<string>();
    expectTypeOf<Wiki['get']>().returns.toEqualTypeOf<Promise<Page | undefined>>();
    expectTypeOf<Wiki['getMany']>().returns.toEqualTypeOf<Promise<Map<string, Page | undefined>>>();
    expectTypeOf<Wiki['list']>().returns.toEqualTypeOf<Listing<PageSummary>>();
    expectTypeOf<ReturnType<Wiki['list']>['toArray']>().returns.toEqualTypeOf<Promise<PageSummary[]>>();
    expectTypeOf<Wiki['put']>().parameters.toEqualTypeOf<[PageInput, PutOptions?]>();
    expectTypeOf<Wiki['put']>().returns.toEqualTypeOf<Promise<PutResult>>();
    expectTypeOf<PutOptions['expectedRevision']>().toEqualTypeOf<string | null | undefined>();

    type Pages = root.WikiJsClient['pages'];
    expectTypeOf<Pages['get']>().parameter(0).toEqualTypeOf<PageRef>();
    expectTypeOf<Pages['get']>().returns.toEqualTypeOf<Promise<WikiJsPage>>();
    expectTypeOf<Pages['getMany']>().parameter(0).toEqualTypeOf<readonly WikiJsId[] | PageRefs>();
    expectTypeOf<Pages['list']>().returns.toEqualTypeOf<Listing<WikiJsPageListItem>>();
    expectTypeOf<ReturnType<root.WikiJsClient['users']['list']>>().toEqualTypeOf<Listing<WikiJsUserSummary>>();
    expectTypeOf<UpdateOptions['expectedRevision']>().toEqualTypeOf<string | undefined>();

    type Mw = root.MediaWikiClient;
    expectTypeOf<Mw['get']>().returns.toEqualTypeOf<Promise<PageContent | undefined>>();
    expectTypeOf<Mw['getMany']>().returns.toEqualTypeOf<Promise<PageContent[]>>();
    expectTypeOf<Mw['edit']>().parameter(0).toEqualTypeOf<EditInput>();
    expectTypeOf<EditInput['expectedRevision']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<MediaWikiUpdateOptions['expectedRevision']>().toEqualTypeOf<number | string | undefined>();
    expectTypeOf<MediaWikiUpdateOptions['create']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Pages['create']>().parameter(0).toEqualTypeOf<PageCreateInput>();
    expectTypeOf<Pages['update']>().parameters.toEqualTypeOf<[WikiJsId, PagePatch, UpdateOptions?]>();
    expectTypeOf<root.WikiJsClient['asWiki']>().returns.toEqualTypeOf<Wiki>();
    expectTypeOf<root.MediaWikiClient['asWiki']>().returns.toEqualTypeOf<Wiki>();

    expectTypeOf(root.runSync).parameter(0).toExtend<SyncOptions>();
    expectTypeOf(root.runSync).returns.toEqualTypeOf<Promise<SyncResult>>();
    expectTypeOf<InstanceType<typeof root.ConflictError>>().toExtend<root.WikiApiError>();
  });
});
