export { migrate, provenanceFooter, readProvenance, PROVENANCE_MARKER, type MigrateOptions, type MigrateProgress, type MigrationSource, type Provenance } from './migrate.js';
export { ApiPageSource, type PageSource, type SourcePage, type SourceFile, type SourceRevision, type SourceContent, type SourceEntry, type SourceSite, type ReadOptions as SourceReadOptions, type TemplateExpansion } from './source.js';
export { DumpPageSource, type DumpSourceOptions } from './dump-source.js';
export { parseInterwikiMap } from './interwiki.js';
export { convertWikitext, findTemplates, type ConvertContext, type ConvertResult, type ConvertWarning, type LinkResolution, type LinkUse } from './convert.js';
export {
  PathMapping,
  assetFileName,
  loadMapping,
  saveMapping,
  slugSegment,
  wikiJsPathProblem,
  type MappingData,
  type MappingOptions,
  type PageMappingEntry,
  type FileMappingEntry,
  type SourceTitle,
} from './mapping.js';
export { formatReport, reportHasFailures, type MigrationReport, type MigratedPage, type MigratedFile, type SkippedPage, type FailedItem, type PageWarning, type BrokenLink } from './report.js';
