/**
 * Importing a large pull request through the GitHub layer over real HTTP: an Octokit client (the
 * production one, default throttling and retry) against the schema-checked GitHub double on
 * 127.0.0.1, seeded with the acceptance scenario plus enough threads for 300 threads and 600
 * comments. Measured: the HTTP requests one import makes, and its wall time (fetch the PR, its
 * reviews, every thread and comment, the linked issue; then threads → findings). The double runs in
 * this process, so its own work (schema validation, GraphQL execution) is inside the wall time; a
 * second figure times that work alone by executing the same GraphQL pages without HTTP.
 */
import { createGitHubClient, fetchPullRequestReview, REVIEW_THREADS_QUERY, threadsToFindings } from '../src/github';
import { GitHubDouble } from '../test/github-double';
import { executeGraphQL, GraphQLResolvers } from '../test/github-double/graphqlDouble';
import { seedReviewScenario } from '../test/github-double/scenario';
import { repeat, time, type Bench, type BenchRow } from './harness';

const THREADS = 300;
const COMMENTS = 600;
const TOKEN = 'bench-token-not-a-secret';

/** The scenario's threads, then threads of two comments (three for the last few) up to the totals. */
function seed(double: GitHubDouble): { owner: string; repo: string; number: number } {
  const scenario = seedReviewScenario(double, { owner: 'acme', name: 'big' });
  const pull = scenario.pull;
  const s = double.state;
  let comments = pull.threads.reduce((n, t) => n + t.comments.length, 0);
  for (let i = pull.threads.length; i < THREADS; i++) {
    const left = THREADS - i;
    const count = Math.max(2, COMMENTS - comments - 2 * (left - 1));
    const body = Array.from({ length: count }, (_, c) => ({ author: c % 2 ? 'bob' : 'alice', body: c === 0 ? `Finding ${i}: handle the error returned here.` : `Reply ${c} to finding ${i}` }));
    s.addThread(pull, { path: `src/file${i % 17}.ts`, line: (i % 400) + 1, isResolved: i % 10 === 0, comments: body });
    comments += count;
  }
  const total = pull.threads.reduce((n, t) => n + t.comments.length, 0);
  if (pull.threads.length !== THREADS || total !== COMMENTS) throw new Error(`seeded ${pull.threads.length} threads / ${total} comments, wanted ${THREADS} / ${COMMENTS}`);
  return { owner: scenario.repo.owner, repo: scenario.repo.name, number: pull.number };
}

export const githubBench: Bench = {
  name: 'github',
  async run() {
    const double = await GitHubDouble.start();
    try {
      double.acceptedToken = TOKEN;
      const pr = seed(double);
      const importOnce = async (): Promise<number> => {
        const client = createGitHubClient({ token: TOKEN, baseUrl: double.baseUrl, warn: () => undefined });
        const review = await fetchPullRequestReview(client, { owner: pr.owner, repo: pr.repo }, pr.number);
        const { added } = threadsToFindings(review.threads, { existing: [], now: '2026-01-02T00:00:00Z', prUrl: review.pr.url });
        const comments = review.threads.reduce((sum, t) => sum + t.comments.length, 0);
        if (review.threads.length !== THREADS || comments !== COMMENTS || added.length === 0 || !review.closingIssue) {
          throw new Error(`import read ${review.threads.length} threads / ${comments} comments, ${added.length} findings`);
        }
        return added.length;
      };

      const wall = await time(importOnce, { runs: 7, warmups: 2 });
      let routes: Record<string, number> = {};
      const requests = await repeat(async () => {
        double.resetCounts();
        await importOnce();
        routes = { ...double.requestsByRoute };
        return double.requestCount;
      });
      double.assertNoViolations();

      // The double's share: the same three pages of threads executed against the schema in-process.
      const resolvers = new GraphQLResolvers(double.state, () => double.viewer);
      const pages = async (): Promise<void> => {
        let after: string | null = null;
        for (let first = true; ; first = false) {
          const outcome = await executeGraphQL(resolvers, { query: REVIEW_THREADS_QUERY, variables: { owner: pr.owner, name: pr.repo, number: pr.number, after, first } });
          const page = outcome.body.data as { repository: { pullRequest: { reviewThreads: { pageInfo: { hasNextPage: boolean; endCursor: string | null } } } } };
          const info = page.repository.pullRequest.reviewThreads.pageInfo;
          if (!info.hasNextPage) return;
          after = info.endCursor;
        }
      };
      const doubleGraphQL = await time(pages, { runs: 7, warmups: 2 });

      const measure = `import a PR with ${THREADS} threads / ${COMMENTS} comments from the GitHub double`;
      const rows: BenchRow[] = [
        {
          id: 'github.import.requests',
          measure: `${measure}: HTTP requests`,
          unit: 'requests',
          value: requests,
          goal: { on: 'value', max: 6 },
          note: `per route: ${Object.entries(routes).map(([route, count]) => `${route} ${count}`).join(', ')}`,
        },
        {
          id: 'github.import.wall',
          measure: `${measure}: wall time (Octokit over HTTP on 127.0.0.1, threads → findings)`,
          unit: 'ms',
          value: wall,
          goal: { on: 'value', max: 1000 },
          note: 'the double runs in this process: its schema checks and GraphQL execution are inside the wall time (next row); GitHub\'s own latency is not modelled',
        },
        {
          id: 'github.import.double',
          measure: "…of which the double's GraphQL execution of the same thread pages (in-process, no HTTP)",
          unit: 'ms',
          value: doubleGraphQL,
        },
      ];
      return rows;
    } finally {
      await double.stop();
    }
  },
};
