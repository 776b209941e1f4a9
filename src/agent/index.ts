/** The agent runner's public API (docs/agents.md), used by the engine. */
export { buildAgentArgv, presetDefinition, usableCommandPrefix, PRESETS, validateTemplate, TEMPLATE_PLACEHOLDERS, type AgentInvocation, type AgentLimits, type AgentPermissions, type AgentPresetName, type AppliedPolicy, type BuildAgentArgvOptions, type PresetDefinition } from './presets';
export { agentEnvironment, type AgentEnvironmentInput } from './environment';
export { runAgent, type AgentResult, type RunAgentOptions } from './runAgent';
export { failureReason, runAgentRound, type AgentRoundOptions, type AgentRoundResult } from './runAgentRound';
export { runVerify, type RunVerifyOptions, type VerifyOutcome } from './runVerify';
export { readDispositions, DISPOSITIONS_FILE_LIMIT, type DispositionsResult, type ReadDispositionsOptions } from './readDispositions';
export { createOutputParser, detectOutputFormat, FINAL_TEXT_LIMIT, type OutputFormat, type Denial, type OutputParser, type ParsedOutput } from './outputParsers';
export { isProcessAlive, processesWithEnvironment, processGroupAlive, processStartTime, thisProcess } from './processInfo';
export { killProcessTree, type ProcessStatus, type SpawnInfo } from './runProcess';
export { runReviewer, REVIEWER_OUTPUT_LIMIT, type RunReviewerOptions, type ReviewerOutcome } from './runReviewer';
export { buildReviewInvocation, isReviewerPreset, REVIEWER_PRESETS, type ReviewInvocation, type ReviewerPresetName } from './presets/review';
export { parseReviewerOutput, reviewerOutputJsonSchema, type ReviewerFinding, type ReviewerOutput } from './reviewerOutput';
