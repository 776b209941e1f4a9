/** Every git operation of Revise (see DESIGN.md, Restore). */
export { assertSafeRefName, assertSafeRunId, assertSafeRev, assertSafeUrl, remoteArgument, type RemoteTarget, refNameProblem, MAX_REF_NAME_LENGTH, type RefNameKind } from './refSafety';
export { openRepo, gitCommonDir, currentBranch, resolveCommit, resolveCommits, isAncestor, repairWorktree, type RepoInfo } from './repo';
export { probeRemoteBranch, assertRemoteConfigured, DEFAULT_NETWORK_TIMEOUT_MS, type ProbeOptions } from './probe';
export { restoreWorktree, priorRef, baseRef, type RestoreOptions, type RestoreResult } from './restoreWorktree';
export { updateFromBase, type BaseUpdateOutcome, type BaseUpdateResult, type BaseUpdateInput } from './baseUpdate';
export { createBackup, listBackups, restoreBackup, snapshotWorktree, BACKUP_PREFIX, type BackupOptions } from './backups';
export { pushWithLease, fetchAndMerge, type PushResult, type RefetchResult } from './push';
export { commitsBetween, numstatBetween, changedLineRanges, filesChangedSince, type CommitInfo, type NumstatEntry } from './diff';
export { commitAll, headSha, isClean } from './commit';
export { removeWorktree } from './cleanup';
export { FALLBACK_IDENTITY, type Identity } from './identity';
export { showFileAtCommit } from './showFile';
export { remoteUrl } from './remoteUrl';
export { restoreWorktreeLink } from './worktreeLink';
export { reviveRunCheckout, type Revived } from './reviveCheckout';
export { listCheckouts } from './worktreeList';
