/** The engine's public API, used by the extension and the CLI. */
export { Engine, defaultActor, type DecideInput, type RoundOutput, type RunChange } from './engine';
export * from './config';
export type { NewFinding } from './findingsOps';
export type { StartFacts } from './startRun';
export type { Subscription } from './events';
export type { GitHubAccess, ReplyPolicy } from './github';
export type { ImportInput, ImportSummary } from './importReview';
export type { RoundChanges } from './roundChanges';
export type { CleanResult } from './cleanRun';
export { analyserLine, describeRescan, SARIF_FILE_PLACEHOLDER, type AnalyserCommands, type RescanOptions, type RescanSummary } from './rescanAnalysers';
export { DEFAULT_REVIEW_TIMEOUT_MS, type ReviewerAgentOptions, type ReviewerAgentResult } from './reviewerAgent';
export { REVIEWER_PRESETS, type ReviewerPresetName } from '../agent';
export type { CheckRunsImport, CheckRunsOptions } from './checkRuns';
export type { ReviewersOutcome } from './reviewerAgents';
export { exportRound, importRemoteRound, readRemoteRound, type ExportInput } from './remoteRound';
export { commentOnPullRequest, pushRoundCandidate, repositoryPermission, repoCoordinates } from './actionsRunner';
export { dispatchRemoteRound, followRemoteRound, dispatchedRound, DEFAULT_WORKFLOW, type DispatchedRound, type DispatchOptions, type FollowOptions, type FollowProgress } from './actionsRound';
export { REVISE_WORKFLOW, writeWorkflow, type WorkflowWritten } from './actionsWorkflow';
