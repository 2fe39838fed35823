export { runBatch, throwIfFailed, type BatchReport, type BatchFailure, type BatchProgress, type RunBatchOptions } from './run-batch.js';
export {
  applyPlan,
  unifiedDiff,
  parsePlan,
  serializePlan,
  loadPlan,
  savePlan,
  summarizePlan,
  type Plan,
  type PlanJob,
  type Change,
  type ChangeKind,
  type Conflict,
  type Skip,
  type ApplyAction,
  type ApplyOutcome,
  type ApplyOptions,
  type ApplyReport,
} from './plan.js';
export {
  planSync,
  applySyncPlan,
  runSync,
  syncStatus,
  relativeAssetLinks,
  type SyncOptions,
  type SyncDirection,
  type SyncPlan,
  type SyncProgress,
  type SyncRecord,
  type SyncResult,
  type SyncStatusEntry,
  type LocalStatus,
  type WikiStatus,
} from './sync.js';
export { SYNC_STATE_FILE, type SyncState, type SyncFileState } from './sync-state.js';
export { exportWiki, readManifest, MANIFEST_FILE, type ExportOptions, type ExportProgress, type ExportResult, type ExportManifest, type ManifestPage, type ManifestAsset, type ManifestFile } from './export.js';
export { importWiki, planImport, type ImportOptions, type ImportResult } from './import.js';
export { planReplace, applyReplace, summarizeReplace, type ReplaceOptions, type ReplaceSummary } from './replace.js';
export { grepWiki, type GrepOptions, type GrepMatch } from './grep.js';
export { streamPages, type StreamPagesOptions } from './stream-pages.js';
export { executePlan } from './execute-plan.js';
export { planMove, applyMovePlan, checkLinks, type PlanMoveOptions, type MovePlan, type MoveEntry, type LinkRewrite, type MoveWarning, type MoveApplyReport, type CheckLinksOptions, type BrokenPageLink, type LinkReport } from './move/index.js';
