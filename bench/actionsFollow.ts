/**
 * Following many rounds on GitHub Actions at once (docs/actions.md): N workflow runs in the GitHub
 * double, each changing state a few times over a dozen reads (queued, started, a new step, done),
 * followed concurrently by the production loop (`followWorkflowRun`: conditional reads with the
 * run's ETag, jobs read only on a change, back-off while unchanged). Measured: the HTTP requests it
 * takes, and how many of them count against GitHub's rate limit (a 304 does not), against reading
 * the run and its jobs on every poll.
 */
import { createGitHubClient, followWorkflowRun } from '../src/github';
import { GitHubDouble } from '../test/github-double';
import type { DWorkflowRun } from '../test/github-double/actions';
import { exact, type Bench, type BenchRow } from './harness';

const RUNS = 25;
const TOKEN = 'bench-token-not-a-secret';

export const actionsFollowBench: Bench = {
  name: 'github-actions',
  async run() {
    const double = await GitHubDouble.start();
    try {
      double.acceptedToken = TOKEN;
      const repo = double.state.addRepo({ owner: 'acme', name: 'many' });
      const a = double.actions;
      const noop = () => undefined;
      /** 12 reads: 4 changes (start, a new step, another, done), 8 reads of an unchanged run. */
      const script = (): DWorkflowRun['script'] => [noop, (r) => a.start(r, 'Check out'), noop, noop, (r) => a.start(r, 'Run the round'), noop, noop, noop, (r) => a.start(r, 'Upload the round'), noop, noop, (r) => a.complete(r, 'success')];
      const reads = script().length;
      let routes: Record<string, number> = {};
      let free = 0;
      // The counts are fixed by the scripts (one change per scripted read), so one pass measures them.
      const requests = await (async () => {
        a.runs.clear();
        const ids: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const now = double.state.now();
          const run: DWorkflowRun = { id: double.state.nextId(), repo, workflow: 'revise-round.yml', ref: 'main', inputs: {}, event: 'workflow_dispatch', displayTitle: `Revise run-${i} round 1`, headSha: 'a'.repeat(40), status: 'queued', conclusion: null, createdAt: now, updatedAt: now, jobs: [], artifacts: [], script: script() };
          a.addJob(run);
          a.runs.set(run.id, run);
          ids.push(run.id);
        }
        double.resetCounts();
        const client = createGitHubClient({ token: TOKEN, baseUrl: double.baseUrl, warn: () => undefined });
        const done = await Promise.all(ids.map((id) => followWorkflowRun(client, { owner: 'acme', repo: 'many' }, id, { pollMs: 1, maxPollMs: 4 })));
        if (done.some((d) => d.run.conclusion !== 'success')) throw new Error('a followed run did not complete');
        routes = { ...double.requestsByRoute };
        free = double.notModified;
        return double.requestCount;
      })();
      double.assertNoViolations();
      const changes = 4;
      const unconditional = RUNS * reads * 2;
      const measure = `follow ${RUNS} workflow runs at once to completion (each ${reads} reads, ${changes} changes)`;
      const rows: BenchRow[] = [
        {
          id: 'github.actions.follow.requests',
          measure: `${measure}: HTTP requests`,
          unit: 'requests',
          value: exact(requests),
          goal: { on: 'value', max: RUNS * (reads + 1 + changes + 1) },
          note: `per route: ${Object.entries(routes).map(([route, count]) => `${route} ${count}`).join(', ')}; reading the run and its jobs on every poll would take ${unconditional}`,
        },
        {
          id: 'github.actions.follow.rateLimited',
          measure: '…of which count against the rate limit (all but the 304 Not Modified answers)',
          unit: 'requests',
          value: exact(requests - free),
          goal: { on: 'value', max: RUNS * (changes + 1) * 2 },
          note: `${free} answered 304; unchanged polls cost nothing; even if every poll a minute saw a change (run + jobs), 5,000 requests an hour would follow ~40 runs`,
        },
      ];
      return rows;
    } finally {
      await double.stop();
    }
  },
};
