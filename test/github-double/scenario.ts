/**
 * The pull request of the GitHub issue's acceptance scenario, seeded into a double: 3 unresolved
 * threads (one outdated), 1 resolved thread, a changes-requested review, and a linked issue.
 */
import type { GitHubDouble } from './server';
import { fakeSha, type DIssue, type DPull, type DRepo, type DThread } from './state';

export interface ReviewScenario {
  repo: DRepo;
  pull: DPull;
  issue: DIssue;
  threads: { blocking: DThread; nit: DThread; outdated: DThread; resolved: DThread };
  /** The commit the outdated thread was made on. */
  oldCommit: string;
}

export interface ScenarioOptions {
  owner?: string;
  name?: string;
  /** Clone URL reported for the repository (e.g. a local bare repo for an end-to-end run). */
  cloneUrl?: string;
  headRef?: string;
  /** Link the issue through `closingIssuesReferences` (default) or only through `Fixes #N` in the body. */
  linkBy?: 'reference' | 'body';
}

export function seedReviewScenario(double: GitHubDouble, opts: ScenarioOptions = {}): ReviewScenario {
  const s = double.state;
  const repo = s.addRepo({ owner: opts.owner ?? 'acme', name: opts.name ?? 'widgets', ...(opts.cloneUrl ? { cloneUrl: opts.cloneUrl } : {}) });
  const issue = s.addIssue(repo, { title: 'Widgets crash on empty input', body: 'Steps to reproduce: call parse("").', labels: ['bug', 'p1'] });
  const pull = s.addPull(repo, {
    title: 'Handle empty input',
    body: `Fixes #${issue.number}\n\nAdds a guard in the parser.`,
    headRef: opts.headRef ?? 'feature/empty-input',
    author: 'agent-bot',
    closingIssues: opts.linkBy === 'body' ? [] : [issue.number],
  });
  s.addReview(pull, { state: 'CHANGES_REQUESTED', author: 'alice', body: 'Please address the comments below.\n\n- The README needs an example.' });
  s.addReview(pull, { state: 'APPROVED', author: 'bob', body: 'LGTM' });
  s.addReview(pull, { state: 'COMMENTED', author: 'carol', body: '' });
  const oldCommit = fakeSha('old-commit');
  const blocking = s.addThread(pull, {
    path: 'src/parse.ts',
    startLine: 10,
    line: 12,
    comments: [
      { author: 'alice', body: 'Blocking: this throws on empty input.\nAdd a guard before indexing.' },
      { author: 'dave', body: 'Agreed, and please add a test.' },
    ],
  });
  const nit = s.addThread(pull, { path: 'src/util.ts', line: 5, comments: [{ author: 'alice', body: 'nit: rename `x` to `count`' }] });
  const outdated = s.addThread(pull, {
    path: 'src/old.ts',
    isOutdated: true,
    originalStartLine: 18,
    originalLine: 20,
    originalCommit: oldCommit,
    comments: [{ author: 'carol', body: 'This loop is quadratic.' }],
  });
  const resolved = s.addThread(pull, { path: 'src/done.ts', line: 3, isResolved: true, comments: [{ author: 'alice', body: 'Typo in the comment.' }] });
  return { repo, pull, issue, threads: { blocking, nit, outdated, resolved }, oldCommit };
}
