/**
 * What the double knows: repositories with pull requests, reviews, review threads and their
 * comments, issues and issue comments. REST and GraphQL read and write the same objects, so a
 * reply posted over REST appears in the next GraphQL read. Ids follow GitHub: REST ids are
 * integers, node ids are opaque strings, and PRs and issues share one number space per repository.
 */
import { createHash } from 'node:crypto';

export interface DComment {
  id: number;
  nodeId: string;
  author: string;
  body: string;
  createdAt: string;
  commitOid: string;
  originalCommitOid: string;
  inReplyToId: number | null;
  reviewId: number | null;
}

export interface DThread {
  nodeId: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  originalLine: number | null;
  startLine: number | null;
  originalStartLine: number | null;
  diffSide: 'LEFT' | 'RIGHT';
  comments: DComment[];
}

export interface DReview {
  id: number;
  nodeId: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  author: string;
  body: string;
  commitId: string;
  submittedAt: string;
}

export interface DIssueComment {
  id: number;
  nodeId: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface DIssue {
  number: number;
  nodeId: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  author: string;
  comments: DIssueComment[];
}

export interface DPull {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  /** When it was merged (a merged pull request is also `closed`); tests set it with `state`. */
  mergedAt?: string;
  draft: boolean;
  author: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  baseSha: string;
  /** `owner/name` of the head repository; null when that fork was deleted. */
  headRepo: { owner: string; name: string; cloneUrl?: string } | null;
  maintainerCanModify: boolean;
  reviewDecision: 'APPROVED' | 'CHANGES_REQUESTED' | 'REVIEW_REQUIRED' | null;
  reviews: DReview[];
  threads: DThread[];
  closingIssues: number[];
  comments: DIssueComment[];
  createdAt: string;
}

export interface DRepo {
  id: number;
  nodeId: string;
  owner: string;
  name: string;
  private: boolean;
  cloneUrl?: string;
  pulls: Map<number, DPull>;
  issues: Map<number, DIssue>;
  nextNumber: number;
}

export interface ThreadSeed {
  path: string;
  line?: number | null;
  startLine?: number | null;
  originalLine?: number | null;
  originalStartLine?: number | null;
  isResolved?: boolean;
  isOutdated?: boolean;
  diffSide?: 'LEFT' | 'RIGHT';
  /** Commit the thread was made on (defaults to the PR head). */
  originalCommit?: string;
  comments: Array<{ author: string; body: string }>;
}

/** A deterministic 40-hex SHA for a label. */
export function fakeSha(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** The double's state and its seeding helpers. */
export class DoubleState {
  readonly repos = new Map<string, DRepo>();
  private counter = 1000;
  private clock = 0;

  nextId(): number {
    return ++this.counter;
  }

  /** Monotonic, deterministic timestamps. */
  now(): string {
    return new Date(T0 + ++this.clock * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  nodeId(prefix: string, id: number): string {
    return `${prefix}_${Buffer.from(`revise-double:${id}`).toString('base64url')}`;
  }

  repo(owner: string, name: string): DRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addRepo(seed: { owner: string; name: string; private?: boolean; cloneUrl?: string }): DRepo {
    const id = this.nextId();
    const repo: DRepo = { id, nodeId: this.nodeId('R', id), owner: seed.owner, name: seed.name, private: seed.private ?? false, pulls: new Map(), issues: new Map(), nextNumber: 1 };
    if (seed.cloneUrl) repo.cloneUrl = seed.cloneUrl;
    this.repos.set(`${seed.owner}/${seed.name}`.toLowerCase(), repo);
    return repo;
  }

  addPull(
    repo: DRepo,
    seed: Partial<Pick<DPull, 'title' | 'body' | 'draft' | 'author' | 'baseRef' | 'maintainerCanModify' | 'closingIssues' | 'reviewDecision' | 'headSha'>> & {
      headRef: string;
      headRepo?: DPull['headRepo'];
    },
  ): DPull {
    const id = this.nextId();
    const number = repo.nextNumber++;
    const pull: DPull = {
      number,
      id,
      nodeId: this.nodeId('PR', id),
      title: seed.title ?? `Pull request ${number}`,
      body: seed.body ?? '',
      state: 'open',
      draft: seed.draft ?? false,
      author: seed.author ?? 'octocat',
      headRef: seed.headRef,
      headSha: seed.headSha ?? fakeSha(`${repo.name}:${seed.headRef}`),
      baseRef: seed.baseRef ?? 'main',
      baseSha: fakeSha(`${repo.name}:base`),
      headRepo: seed.headRepo === undefined ? { owner: repo.owner, name: repo.name } : seed.headRepo,
      maintainerCanModify: seed.maintainerCanModify ?? false,
      reviewDecision: seed.reviewDecision ?? null,
      reviews: [],
      threads: [],
      closingIssues: seed.closingIssues ?? [],
      comments: [],
      createdAt: this.now(),
    };
    repo.pulls.set(number, pull);
    return pull;
  }

  addIssue(repo: DRepo, seed: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed'; author?: string }): DIssue {
    const id = this.nextId();
    const issue: DIssue = {
      number: repo.nextNumber++,
      nodeId: this.nodeId('I', id),
      title: seed.title,
      body: seed.body ?? '',
      state: seed.state ?? 'open',
      labels: seed.labels ?? [],
      author: seed.author ?? 'octocat',
      comments: [],
    };
    repo.issues.set(issue.number, issue);
    return issue;
  }

  addReview(pull: DPull, seed: { state: DReview['state']; author: string; body?: string }): DReview {
    const id = this.nextId();
    const review: DReview = { id, nodeId: this.nodeId('PRR', id), state: seed.state, author: seed.author, body: seed.body ?? '', commitId: pull.headSha, submittedAt: this.now() };
    pull.reviews.push(review);
    return review;
  }

  addThread(pull: DPull, seed: ThreadSeed): DThread {
    const id = this.nextId();
    const outdated = seed.isOutdated ?? false;
    const line = seed.line ?? null;
    const original = seed.originalCommit ?? pull.headSha;
    const thread: DThread = {
      nodeId: this.nodeId('PRRT', id),
      isResolved: seed.isResolved ?? false,
      isOutdated: outdated,
      path: seed.path,
      line: outdated ? null : line,
      originalLine: seed.originalLine ?? line,
      startLine: outdated ? null : (seed.startLine ?? null),
      originalStartLine: seed.originalStartLine ?? seed.startLine ?? null,
      diffSide: seed.diffSide ?? 'RIGHT',
      comments: [],
    };
    for (const c of seed.comments) this.addThreadComment(pull, thread, c.author, c.body, original);
    pull.threads.push(thread);
    return thread;
  }

  /** Append a comment to a thread; the first one is the thread's root, the others reply to it. */
  addThreadComment(pull: DPull, thread: DThread, author: string, body: string, originalCommit = pull.headSha): DComment {
    const id = this.nextId();
    const root = thread.comments[0];
    const comment: DComment = {
      id,
      nodeId: this.nodeId('PRRC', id),
      author,
      body,
      createdAt: this.now(),
      commitOid: pull.headSha,
      originalCommitOid: root?.originalCommitOid ?? originalCommit,
      inReplyToId: root ? root.id : null,
      reviewId: null,
    };
    thread.comments.push(comment);
    return comment;
  }

  addIssueComment(target: { comments: DIssueComment[] }, author: string, body: string): DIssueComment {
    const id = this.nextId();
    const comment: DIssueComment = { id, nodeId: this.nodeId('IC', id), author, body, createdAt: this.now() };
    target.comments.push(comment);
    return comment;
  }

  /** Find a review comment anywhere in a pull request, with its thread. */
  findComment(pull: DPull, commentId: number): { thread: DThread; comment: DComment } | undefined {
    for (const thread of pull.threads) {
      const comment = thread.comments.find((c) => c.id === commentId);
      if (comment) return { thread, comment };
    }
    return undefined;
  }

  /** Find a thread by node id in any repository. */
  findThread(nodeId: string): { repo: DRepo; pull: DPull; thread: DThread } | undefined {
    for (const repo of this.repos.values())
      for (const pull of repo.pulls.values()) {
        const thread = pull.threads.find((t) => t.nodeId === nodeId);
        if (thread) return { repo, pull, thread };
      }
    return undefined;
  }
}
