export { planMove, type PlanMoveOptions, type MovePlan, type MoveEntry, type LinkRewrite, type MoveWarning } from './plan.js';
export { applyMovePlan, type MoveApplyReport } from './apply.js';
export { checkLinks, type CheckLinksOptions, type BrokenPageLink, type LinkReport } from './check.js';
export { openJournal, planHash, type MoveJournal, type JournalStep, type StepState } from './journal.js';
