/**
 * `POST /graphql`: every document is validated and *executed* against GitHub's public schema
 * (`@octokit/graphql-schema`, schema.json → `buildClientSchema`), with resolvers over the double's
 * state. Responses are therefore shaped by the real schema; a missing non-null field, an unknown
 * field or a bad argument becomes an error that the server records as a violation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, graphql, Kind, parse, validate, type GraphQLError, type GraphQLSchema, type IntrospectionQuery, type OperationDefinitionNode } from 'graphql';
import type { DIssue, DoubleState, DPull, DRepo, DThread } from './state';

let cachedSchema: GraphQLSchema | undefined;

function githubSchema(): GraphQLSchema {
  if (cachedSchema) return cachedSchema;
  // The package's export map only offers ESM `import`; read its schema.json directly.
  const dir = (require.resolve.paths('@octokit/graphql-schema') ?? []).map((p) => join(p, '@octokit', 'graphql-schema')).find((p) => existsSync(join(p, 'schema.json')));
  if (!dir) throw new Error('@octokit/graphql-schema is not installed');
  const json = JSON.parse(readFileSync(join(dir, 'schema.json'), 'utf8')) as { data?: IntrospectionQuery } & IntrospectionQuery;
  cachedSchema = buildClientSchema(json.data ?? json);
  return cachedSchema;
}

/** An answer GitHub itself gives (e.g. NOT_FOUND): not a violation. */
class GitHubGraphQLError extends Error {
  constructor(
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

export interface GraphQLOutcome {
  operationName: string;
  body: { data?: unknown; errors?: unknown[] };
  violations: string[];
}

type Args = { first?: number | null; after?: string | null; last?: number | null };

/** A connection page over `items`, with GitHub's rules for `first`/`after` (cursor = base64 index). */
function connection<T, N>(items: readonly T[], args: Args, toNode: (item: T) => N) {
  if (args.first == null && args.last == null) throw new Error('You must provide a `first` or `last` value to properly paginate the connection.');
  if ((args.first ?? 0) > 100 || (args.last ?? 0) > 100) throw new Error('Requesting more than 100 records on a connection is not allowed.');
  const start = args.after ? Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) + 1 : 0;
  const size = args.first ?? args.last ?? 0;
  const slice = items.slice(start, start + size);
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString('base64');
  return {
    totalCount: items.length,
    nodes: slice.map(toNode),
    edges: slice.map((item, i) => ({ cursor: cursor(start + i), node: toNode(item) })),
    pageInfo: {
      hasNextPage: start + size < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? cursor(start) : null,
      endCursor: slice.length ? cursor(start + slice.length - 1) : null,
    },
  };
}

/** GitHub's verdict: the pull request's own setting, else the latest review per reviewer. */
function decisionOf(pull: DPull): string | null {
  if (pull.reviewDecision) return pull.reviewDecision;
  const latest = new Map<string, string>();
  for (const r of pull.reviews) if (r.state !== 'COMMENTED' && r.state !== 'PENDING') latest.set(r.author, r.state);
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'CHANGES_REQUESTED';
  return states.includes('APPROVED') ? 'APPROVED' : null;
}

/** Resolver objects over the state (graphql-js calls function-valued fields with the arguments). */
export class GraphQLResolvers {
  constructor(
    private readonly state: DoubleState,
    private readonly viewer: () => string,
  ) {}

  private web(repo: DRepo): string {
    return `https://github.com/${repo.owner}/${repo.name}`;
  }

  thread(repo: DRepo, pull: DPull, t: DThread) {
    return {
      __typename: 'PullRequestReviewThread',
      id: t.nodeId,
      isResolved: t.isResolved,
      isOutdated: t.isOutdated,
      isCollapsed: t.isResolved,
      path: t.path,
      line: t.line,
      originalLine: t.originalLine,
      startLine: t.startLine,
      originalStartLine: t.originalStartLine,
      diffSide: t.diffSide,
      subjectType: t.originalLine === null ? 'FILE' : 'LINE',
      viewerCanReply: true,
      viewerCanResolve: true,
      viewerCanUnresolve: true,
      comments: (args: Args) =>
        connection(t.comments, args, (c) => ({
          __typename: 'PullRequestReviewComment',
          id: c.nodeId,
          databaseId: c.id,
          fullDatabaseId: String(c.id),
          // A GitHub App is a Bot whose GraphQL login has no `[bot]` suffix (REST keeps it).
          author: c.author.endsWith('[bot]') ? { __typename: 'Bot', login: c.author.slice(0, -'[bot]'.length) } : { __typename: 'User', login: c.author },
          body: c.body,
          createdAt: c.createdAt,
          url: `${this.web(repo)}/pull/${pull.number}#discussion_r${c.id}`,
          path: t.path,
          outdated: t.isOutdated,
          commit: t.isOutdated ? null : { __typename: 'Commit', oid: c.commitOid },
          originalCommit: { __typename: 'Commit', oid: c.originalCommitOid },
        })),
    };
  }

  issue(issue: DIssue) {
    return {
      __typename: 'Issue',
      id: issue.nodeId,
      number: issue.number,
      title: issue.title,
      body: issue.body,
      state: issue.state.toUpperCase(),
      labels: (args: Args) => connection(issue.labels, args, (name) => ({ __typename: 'Label', name })),
    };
  }

  pull(repo: DRepo, pull: DPull) {
    return {
      __typename: 'PullRequest',
      id: pull.nodeId,
      number: pull.number,
      title: pull.title,
      reviewDecision: decisionOf(pull),
      reviewThreads: (args: Args) => connection(pull.threads, args, (t) => this.thread(repo, pull, t)),
      closingIssuesReferences: (args: Args) =>
        connection(
          pull.closingIssues.flatMap((n) => {
            const issue = repo.issues.get(n);
            return issue ? [issue] : [];
          }),
          args,
          (i) => this.issue(i),
        ),
    };
  }

  root() {
    return {
      repository: ({ owner, name }: { owner: string; name: string }) => {
        const repo = this.state.repo(owner, name);
        if (!repo) throw new GitHubGraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, 'NOT_FOUND');
        return {
          __typename: 'Repository',
          pullRequest: ({ number }: { number: number }) => {
            const pull = repo.pulls.get(number);
            if (!pull) throw new GitHubGraphQLError(`Could not resolve to a PullRequest with the number of ${number}.`, 'NOT_FOUND');
            return this.pull(repo, pull);
          },
          pullRequests: (args: Args & { states?: string[] }) => {
            const open = [...repo.pulls.values()].filter((p) => !args.states || args.states.includes(p.state.toUpperCase()));
            return connection(open, args, (p) => this.pull(repo, p));
          },
        };
      },
      node: ({ id }: { id: string }) => {
        const found = this.state.findThread(id);
        if (!found) throw new GitHubGraphQLError(`Could not resolve to a node with the global id of '${id}'`, 'NOT_FOUND');
        return this.thread(found.repo, found.pull, found.thread);
      },
      resolveReviewThread: ({ input }: { input: { threadId: string } }) => {
        const found = this.state.findThread(input.threadId);
        if (!found) throw new GitHubGraphQLError(`Could not resolve to a node with the global id of '${input.threadId}'`, 'NOT_FOUND');
        found.thread.isResolved = true;
        return { thread: this.thread(found.repo, found.pull, found.thread) };
      },
      addPullRequestReviewThreadReply: ({ input }: { input: { pullRequestReviewThreadId: string; body: string } }) => {
        const found = this.state.findThread(input.pullRequestReviewThreadId);
        if (!found) throw new GitHubGraphQLError(`Could not resolve to a node with the global id of '${input.pullRequestReviewThreadId}'`, 'NOT_FOUND');
        this.state.addThreadComment(found.pull, found.thread, this.viewer(), input.body);
        const t = this.thread(found.repo, found.pull, found.thread);
        const last = t.comments({ first: 100 }).nodes.at(-1);
        return { comment: last };
      },
    };
  }
}

/** The name of the operation a GraphQL request body carries (`anonymous`, or `?` when unparsable). */
export function graphqlOperationName(raw: unknown): string {
  const query = typeof raw === 'object' && raw !== null ? (raw as { query?: unknown }).query : undefined;
  if (typeof query !== 'string') return '?';
  return /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(query)?.[1] ?? 'anonymous';
}

/** Validate and execute one GraphQL request body. */
export async function executeGraphQL(resolvers: GraphQLResolvers, raw: unknown): Promise<GraphQLOutcome> {
  const req = (typeof raw === 'object' && raw !== null ? raw : {}) as { query?: unknown; variables?: unknown; operationName?: unknown };
  if (typeof req.query !== 'string') return { operationName: '?', body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, violations: ['graphql: request without a query string'] };
  const schema = githubSchema();
  let document;
  try {
    document = parse(req.query);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { operationName: '?', body: { errors: [{ message }] }, violations: [`graphql: ${message}`] };
  }
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operationName = op?.name?.value ?? 'anonymous';
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { operationName, body: { errors: invalid.map((e) => e.toJSON()) }, violations: invalid.map((e) => `graphql ${operationName}: ${e.message}`) };
  const result = await graphql({
    schema,
    source: req.query,
    rootValue: resolvers.root(),
    variableValues: (req.variables ?? {}) as Record<string, unknown>,
    ...(typeof req.operationName === 'string' ? { operationName: req.operationName } : {}),
  });
  const violations: string[] = [];
  const errors = (result.errors ?? []).map((e: GraphQLError) => {
    const original = e.originalError;
    if (original instanceof GitHubGraphQLError) return { type: original.type, path: e.path, locations: e.locations, message: original.message };
    violations.push(`graphql ${operationName}: ${e.message}${e.path ? ` at ${e.path.join('.')}` : ''}`);
    return e.toJSON();
  });
  return { operationName, body: errors.length ? { data: result.data ?? null, errors } : { data: result.data }, violations };
}
