/**
 * `revise actions`: a run's queued round on GitHub Actions (docs/actions.md). `dispatch` starts the
 * Revise workflow for it, `follow` waits for the workflow run (status, step, log tail) and imports the
 * round into the local run, raising its decision; `init` writes the workflow into the repository and checks it (`--check`: only checks it).
 */
import { join, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { dispatchedRound, dispatchRemoteRound, Engine, followRemoteRound, writeWorkflow, type GitHubAccess } from '../engine';
import { int, required, str, type Options, type Parsed } from './args';
import type { Command, CommandContext } from './command';
import { report } from './envelope';
import { runText } from './format';
import { checkWorkflowFile } from './workflowCheck';

const options = {
  run: { type: 'string' },
  workflow: { type: 'string' },
  ref: { type: 'string' },
  agent: { type: 'string' },
  'poll-s': { type: 'string' },
  force: { type: 'boolean', default: false },
  check: { type: 'boolean', default: false },
  'github-api-url': { type: 'string' },
} as const satisfies Options;

function access(values: Parsed['values'], ctx: CommandContext): GitHubAccess {
  const token = ctx.env.GITHUB_TOKEN;
  if (!token) throw new InputError('usage', '`revise actions` needs GITHUB_TOKEN (a token that can run workflows and read their artifacts).');
  return { token, apiUrl: str(values, 'github-api-url') ?? ctx.env.REVISE_GITHUB_API_URL };
}

export const actionsCommand: Command = {
  summary: 'Run a queued round on GitHub Actions: dispatch, follow and import it; or write the workflow',
  usage: [
    'revise actions dispatch --run ID [--workflow revise-round.yml] [--ref BRANCH] [--agent claude]',
    'revise actions follow --run ID [--poll-s 5]',
    'revise actions init [--force | --check]',
  ].join('\n       '),
  options,
  help: {
    run: 'ID: the run whose queued round runs on GitHub Actions',
    workflow: 'FILE: (dispatch, init --check) the workflow file (default revise-round.yml)',
    ref: 'BRANCH: (dispatch) the branch whose workflow runs (default: the run\'s base branch)',
    agent: 'PRESET: (dispatch) the agent the runner uses (default claude)',
    'poll-s': 'N: (follow) seconds between reads of the workflow run at first (default 5; doubled while nothing changes, up to 60)',
    force: '(init) replace a workflow file with other content',
    check: '(init) only check the workflow file in the repository (GitHub\'s parser, the inputs, permissions and concurrency Revise needs)',
    'github-api-url': 'URL: GitHub Enterprise API URL (or REVISE_GITHUB_API_URL)',
  },
  positionals: { name: 'subcommand', values: ['dispatch', 'follow', 'init'] },
  async run(parsed, ctx) {
    const v = parsed.values;
    const engine = await Engine.open(resolve(str(v, 'repo') ?? process.cwd()));
    try {
      switch (parsed.positionals[0]) {
        case 'init': {
          if (v.check === true) {
            const checked = await checkWorkflowFile(join(engine.topLevel, '.github', 'workflows', str(v, 'workflow') ?? 'revise-round.yml'));
            return report({ workflow: checked }, [`${checked.path} passes GitHub's workflow parser and has what Revise needs.`]);
          }
          const written = await writeWorkflow(engine.topLevel, v.force === true);
          await checkWorkflowFile(written.path);
          return report({ workflow: written }, [`${written.result === 'unchanged' ? 'Already up to date' : written.result === 'created' ? 'Wrote' : 'Replaced'}: ${written.path}.`, 'Commit it to the default branch, and add the secrets docs/actions.md lists (ANTHROPIC_API_KEY, and a GitHub App token as REVISE_APP_TOKEN).']);
        }
        case 'dispatch': {
          const runId = required(v, 'run');
          const dispatched = await dispatchRemoteRound(engine, runId, access(v, ctx), { workflow: str(v, 'workflow'), ref: str(v, 'ref'), agent: str(v, 'agent') });
          return report({ dispatched }, [`Dispatched round ${dispatched.round} of run ${runId} as workflow run ${dispatched.workflowRunId}: ${dispatched.htmlUrl}`, `Follow it with \`revise actions follow --run ${runId}\`.`]);
        }
        case 'follow': {
          const runId = required(v, 'run');
          const pollS = int(v, 'poll-s', { min: 1 });
          const controller = new AbortController();
          const onSignal = () => controller.abort();
          process.once('SIGINT', onSignal);
          try {
            let last = '';
            const run = await followRemoteRound(engine, runId, access(v, ctx), {
              ...(pollS ? { pollMs: pollS * 1000 } : {}),
              signal: controller.signal,
              onProgress: (p) => {
                const line = `${p.status}${p.conclusion ? ` (${p.conclusion})` : ''}${p.step ? `: ${p.step}` : ''}`;
                if (!ctx.json && line !== last) ctx.stderr(`${line}\n`);
                if (!ctx.json && p.logTail?.length) ctx.stderr(p.logTail.map((l) => `  | ${l}\n`).join(''));
                last = line;
              },
            });
            return report({ run, dispatched: await dispatchedRound(engine, runId) }, runText(run));
          } finally {
            process.off('SIGINT', onSignal);
          }
        }
        case undefined:
        default:
          throw new InputError('usage', 'actions needs a subcommand: dispatch, follow or init.');
      }
    } finally {
      engine.dispose();
    }
  },
};
