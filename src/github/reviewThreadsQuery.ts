/**
 * The GraphQL documents for a pull request's review threads, and the shapes they return. Kept apart
 * so a test can check them against GitHub's published schema without a server.
 */

const COMMENT_FIELDS = `pageInfo { hasNextPage endCursor }
      nodes { id fullDatabaseId author { login } body createdAt url commit { oid } originalCommit { oid } }`;

/** Threads of one pull request, 100 a page; the closing issues and verdict ride on the first page. */
export const REVIEW_THREADS_QUERY = `query ReviewThreads($owner: String!, $name: String!, $number: Int!, $after: String, $first: Boolean!) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewDecision @include(if: $first)
      closingIssuesReferences(first: 5) @include(if: $first) {
        nodes { number title body state labels(first: 50) { nodes { name } } }
      }
      reviewThreads(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id isResolved isOutdated path line originalLine startLine originalStartLine diffSide
          comments(first: 100) {
      ${COMMENT_FIELDS}
          }
        }
      }
    }
  }
}`;

/** The rest of a thread's comments when it has more than 100. */
export const THREAD_COMMENTS_QUERY = `query ThreadComments($id: ID!, $after: String) {
  node(id: $id) {
    ... on PullRequestReviewThread {
      comments(first: 100, after: $after) {
      ${COMMENT_FIELDS}
      }
    }
  }
}`;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface GqlComment {
  id: string;
  fullDatabaseId: string | number | null;
  author: { login: string } | null;
  body: string;
  createdAt: string;
  url: string;
  commit: { oid: string } | null;
  originalCommit: { oid: string } | null;
}

export interface GqlCommentConnection {
  pageInfo: PageInfo;
  nodes: Array<GqlComment | null> | null;
}

export interface GqlThread {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  originalLine: number | null;
  startLine: number | null;
  originalStartLine: number | null;
  diffSide: 'LEFT' | 'RIGHT';
  comments: GqlCommentConnection;
}

export interface GqlClosingIssue {
  number: number;
  title: string;
  body: string;
  state: string;
  labels: { nodes: Array<{ name: string } | null> | null } | null;
}

export interface ReviewThreadsPage {
  repository: {
    pullRequest: {
      reviewDecision?: string | null;
      closingIssuesReferences?: { nodes: Array<GqlClosingIssue | null> | null } | null;
      reviewThreads: { pageInfo: PageInfo; nodes: Array<GqlThread | null> | null };
    } | null;
  } | null;
}

export interface ThreadCommentsPage {
  node: { comments?: GqlCommentConnection } | null;
}
