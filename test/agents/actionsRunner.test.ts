/**
 * The Revise action's entry point (the esbuild bundle dist/action.js) on a simulated GitHub Actions
 * runner: a real `pull_request_review` payload from @octokit/webhooks-examples (its state set to
 * changes_requested), a checkout of a real git remote, the real Claude Code CLI against the scripted
 * model server, and the GitHub double for the pull request. The round's commit reaches the candidate
 * ref, the PR branch is untouched, and the artifact folder holds the record, log and session. Then
 * the whole loop: the local run dispatches its round, the double's workflow run runs the real action,
 * and the local run follows it, imports the round and approves it with the lease.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { candidateRef, RemoteRoundRecord } from '../../src/core/remoteRound';
import { dispatchRemoteRound, Engine, followRemoteRound, type GitHubAccess } from '../../src/engine';
import { GitHubDouble } from '../github-double';
import { seedReviewScenario } from '../github-double/scenario';
import { simulatedRunner, webhookExample, zipFolder } from '../helpers/actionsRunner';
import { isolateGitEnv, makeRemoteFixture, sh } from '../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../helpers/tempDir';
import { startReviseCli } from '../helpers/cli';
import { reviseBundle } from '../helpers/cliBundle';
import { agentBins, agentEnv, ARTIFACTS, PARSE_SOURCE } from './harness';
import { anthropicHandler } from './modelServer/anthropic';
import { Script } from './modelServer/script';
import { startModelServer } from './modelServer/server';

function runEntryPoint(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(dirname(reviseBundle(ARTIFACTS)), 'action.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the Revise action on a simulated runner, with Claude Code', function () {
  this.timeout(120_000);
  before(function () {
    this.timeout(900_000);
    agentBins();
    reviseBundle(ARTIFACTS);
  });
  after(() => cleanupTempDirs());

  it('runs the round asked for by a changes-requested review, pushes only the candidate ref and leaves the round for upload', async () => {
    const fx = makeRemoteFixture({ 'src/parse.ts': PARSE_SOURCE }, makeTempDir('action-', ARTIFACTS));
    const double = await GitHubDouble.start();
    const script = new Script([]);
    const server = await startModelServer({ handlers: [anthropicHandler(script)], idleTimeoutMs: 120_000, maxRequests: 100 });
    try {
      const scenario = seedReviewScenario(double, { owner: 'Codertocat', name: 'Hello-World', headRef: fx.priorBranch, cloneUrl: 'https://github.com/Codertocat/Hello-World.git' });
      const payload = webhookExample('pull_request_review', (p) => p.action === 'submitted');
      payload.review.state = 'changes_requested';
      payload.review.body = 'Guard the empty input, please.';
      payload.pull_request.number = scenario.pull.number;
      const runner = simulatedRunner(fx.root, fx.bare, 'Codertocat/Hello-World', { name: 'pull_request_review', payload }, double.baseUrl, { github_token: 'ghs_test', agent: 'claude', agent_executable: agentBins().claude });
      const worktree = join(runner.temp, 'revise-worktree');
      const file = join(worktree, 'src', 'parse.ts');
      script.add([
        { tool: 'Read', input: { file_path: file } },
        { tool: 'Edit', input: { file_path: file, old_string: '  return token.value;', new_string: '  if (!token) throw new Error("empty input");\n  return token.value;' } },
        { text: 'Guarded the empty input.' },
      ]);
      const home = join(fx.root, 'agent-home');
      const result = await runEntryPoint({ ...agentEnv('claude', home, server.url), ...runner.env });
      assert.equal(result.code, 0, result.stdout + result.stderr);

      const out = runner.outputs();
      assert.equal(out.skipped, 'false');
      assert.equal(out.status, 'succeeded');
      assert.match(out.candidate_ref!, /^refs\/revise\/[a-z0-9-]+\/round-1$/);
      assert.equal(sh(fx.bare, ['rev-parse', out.candidate_ref!]), out.candidate_sha, 'the candidate ref is on the remote at the round head');
      assert.match(sh(fx.bare, ['show', `${out.candidate_sha!}:src/parse.ts`]), /empty input/, "the agent's edit is in the candidate commit");
      assert.equal(sh(fx.bare, ['rev-parse', `refs/heads/${fx.priorBranch}`]), fx.priorSha, 'the PR branch is untouched');

      const dir = out.artifact_dir!;
      const record = RemoteRoundRecord.parse(JSON.parse(readFileSync(join(dir, 'revise-round.json'), 'utf8')));
      assert.equal(record.headAfter, out.candidate_sha);
      assert.equal(record.pr, scenario.pull.number);
      assert.ok((record.agent?.costUsd ?? 0) > 0, 'the cost is recorded');
      assert.ok(existsSync(join(dir, record.files.log!)) && existsSync(join(dir, record.files.prompt!)));
      assert.match(readFileSync(join(dir, record.files.prompt!), 'utf8'), /Guard the empty input, please\./, "the review's body is the round's feedback");
      assert.ok(record.agent?.sessionId && readdirSync(join(dir, 'sessions')).some((f) => f.includes(record.agent!.sessionId!)), "the agent's session file is in the artifact");
      assert.match(runner.summary(), /Revise round 1 for #2/);
      assert.equal(scenario.pull.comments.length, 1, 'the summary is posted on the pull request');
      assert.match(scenario.pull.comments[0]!.body, /was not changed/);
      double.assertNoViolations();
    } finally {
      await server.close();
      await double.stop();
    }
  });

  it('dispatches a local run\'s round, runs it in the action, follows and imports it, resumes its session in a local round, and approves with the lease', async () => {
    const restoreEnv = isolateGitEnv();
    const fx = makeRemoteFixture({ 'src/parse.ts': PARSE_SOURCE }, makeTempDir('action-loop-', ARTIFACTS));
    const double = await GitHubDouble.start();
    const script = new Script([]);
    const server = await startModelServer({ handlers: [anthropicHandler(script)], idleTimeoutMs: 120_000, maxRequests: 100 });
    const url = 'https://github.com/acme/widgets.git';
    const engine = await Engine.open(fx.user);
    try {
      const scenario = seedReviewScenario(double, { owner: 'acme', name: 'widgets', headRef: fx.priorBranch, cloneUrl: url });
      sh(fx.user, ['config', 'remote.origin.url', url]);
      sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, url]);
      const access: GitHubAccess = { token: 'ghs_test', apiUrl: double.baseUrl, fastRetries: true };
      let run = await engine.startWithGitHub({ pr: scenario.pull.number }, access);
      run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'Guard the empty input.' })).run;

      let runnerResult: Promise<void> | undefined;
      double.actions.onDispatch = (workflowRun) => {
        const payload = webhookExample('workflow_dispatch');
        payload.inputs = workflowRun.inputs;
        const runner = simulatedRunner(makeTempDir('runner-', fx.root), fx.bare, 'acme/widgets', { name: 'workflow_dispatch', payload }, double.baseUrl, { ...workflowRun.inputs, github_token: 'ghs_test', agent_executable: agentBins().claude });
        const file = join(runner.temp, 'revise-worktree', 'src', 'parse.ts');
        script.add([
          { tool: 'Read', input: { file_path: file } },
          { tool: 'Edit', input: { file_path: file, old_string: '  return token.value;', new_string: '  if (!token) throw new Error("empty input");\n  return token.value;' } },
          { text: 'Guarded the empty input.' },
        ]);
        double.actions.start(workflowRun, 'Run the round');
        runnerResult = runEntryPoint({ ...agentEnv('claude', join(fx.root, 'agent-home'), server.url), ...runner.env }).then(async (result) => {
          const out = runner.outputs();
          if (out.artifact_dir) double.actions.addArtifact(workflowRun, out.artifact_name!, await zipFolder(out.artifact_dir));
          workflowRun.jobs[0]!.log = result.stdout + result.stderr + 'Uploaded the round\n';
          double.actions.complete(workflowRun, result.code === 0 ? 'success' : 'failure');
        });
      };
      await dispatchRemoteRound(engine, run.id, access);
      const steps: string[] = [];
      const imported = await followRemoteRound(engine, run.id, access, { pollMs: 50, maxPollMs: 500, onProgress: (p) => steps.push(`${p.status}:${p.step ?? ''}`) });
      await runnerResult;

      assert.ok(steps.includes('in_progress:Run the round'), steps.join(', '));
      const round = imported.rounds[1]!;
      assert.equal(round.status, 'succeeded', JSON.stringify(round.error));
      const candidate = sh(fx.bare, ['rev-parse', candidateRef(run.id, 1)]);
      assert.equal(round.headAfter, candidate, "the local round's head is the runner's candidate");
      assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), candidate);
      assert.match(readFileSync(join(run.worktree, 'src', 'parse.ts'), 'utf8'), /empty input/);
      assert.ok((round.agent?.costUsd ?? 0) > 0 && round.agent?.sessionId, 'cost and session come with the round');
      assert.ok(readdirSync(join(fx.user, '.git', 'revise', 'runs', run.id, 'sessions')).some((f) => f.includes(round.agent!.sessionId!)), 'the session file is kept in the run folder');
      assert.equal(sh(fx.bare, ['rev-parse', `refs/heads/${fx.priorBranch}`]), fx.priorSha, 'nothing reached the PR branch before approve');
      assert.equal(imported.pendingDecision?.kind, 'round-review');

      // The next round runs here and continues the runner's conversation.
      const queued = (await engine.decide(run.id, { decisionId: imported.pendingDecision.id, option: 'request-changes', feedback: 'One more pass, here.' })).run;
      const turns = script.taken.length;
      script.add([{ tool: 'Write', input: { file_path: join(run.worktree, 'NOTES.md'), content: 'round two, here\n' } }, { text: 'Round two done here.' }]);
      const local = await startReviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude', '--agent-executable', agentBins().claude], agentEnv('claude', join(fx.root, 'local-home'), server.url), reviseBundle(ARTIFACTS)).done;
      assert.equal(local.code, 0, local.stdout + local.stderr);
      const two = (await engine.get(queued.id)).rounds[2]!;
      assert.equal(two.status, 'succeeded', JSON.stringify(two.error));
      assert.ok(two.agent?.argv.includes('--resume') && two.agent.argv.includes(round.agent.sessionId), "round 2 resumes the runner's session");
      assert.equal(two.agent?.freshSession, undefined, 'the session was found here');
      assert.ok(JSON.stringify(script.taken[turns]!.body).includes('Guarded the empty input.'), "the model saw the runner's turns in round 2");
      const head = sh(run.worktree, ['rev-parse', 'HEAD']);

      const reviewed = await engine.get(run.id);
      const approved = (await engine.decide(run.id, { decisionId: reviewed.pendingDecision!.id, option: 'approve' })).run;
      assert.equal(approved.status, 'approved');
      assert.equal(sh(fx.bare, ['rev-parse', `refs/heads/${fx.priorBranch}`]), head, 'approve pushed both rounds with the lease');
      assert.equal(sh(fx.bare, ['merge-base', '--is-ancestor', candidate, head]), '', "the runner's round is in what was pushed");
      double.assertNoViolations();
    } finally {
      engine.dispose();
      await server.close();
      await double.stop();
      restoreEnv();
    }
  });
});
