export { migrate, provenanceFooter, readProvenance, PROVENANCE_MARKER, type MigrateOptions, type MigrateProgress, type MigrationSource, type Provenance } from './migrate.js';
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
