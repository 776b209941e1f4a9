/** The GitHub layer: pull requests, reviews, threads, linked issue, replies. Token supplied from outside. */
export { parseGitHubRemote, type GitHubRepoRef, type ParseRemoteOptions } from './gitHubRemote';
export { createGitHubClient, callGitHub, queryGitHub, type GitHubClient, type GitHubClientOptions, type ThrottleOptions, type ReviseOctokit } from './client';
export { mapGitHubError } from './githubErrors';
export {
  listOpenPullRequests,
  getPullRequest,
  toPullRequestSummary,
  reviewStateOf,
  type PullRequestSummary,
  type RepoCoordinates,
  type ReviewState,
} from './pullRequests';
export {
  fetchPullRequestReview,
  toImportedReview,
  type RestReview,
  type PullRequestReview,
  type ImportedReview,
  type ImportedThread,
  type ThreadComment,
  type ClosingIssue,
} from './pullRequestImport';
export { normalizeLogin, readReviewComment, reviewBotOf, type CommentReading, type ReviewBot } from './reviewBots';
export { mergeThreads, threadsToFindings, type ThreadFindingsOptions, type ThreadFindingsResult } from './threadFindings';
export {
  postDispositionReplies,
  submitReview,
  type DispositionReply,
  type ReplyMode,
  type ReplyOptions,
  type PostedMap,
  type SubmitReviewOptions,
} from './replies';
export { pullRequestState, type PullRequestState } from './pullRequestState';
export { REVIEW_THREADS_QUERY, THREAD_COMMENTS_QUERY } from './reviewThreadsQuery';
export { fetchCommitChecks, FAILED_CONCLUSIONS, PASSED_CONCLUSIONS, type CheckAnnotation, type CheckRunReport, type CommitChecks } from './checkRuns';
export { dispatchWorkflow, recentDispatchedRuns, getWorkflowRun, listRunJobs, jobLogTail, findArtifact, downloadArtifact, collaboratorPermission, commentOnIssue, followWorkflowRun, type FollowOptions, type FollowProgress, type WorkflowRunState, type WorkflowJobState } from './actions';
