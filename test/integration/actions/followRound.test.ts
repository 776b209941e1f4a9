/**
 * A run's queued round on GitHub Actions, from the local side, against the schema-checked GitHub
 * double: dispatch (with and without run details), follow with conditional requests, import from
 * the artifact and the candidate ref, approve with the lease — and each way it can fail (cancelled
 * workflow, lost runner, no artifact, no candidate ref, an unpushed local head) leaves the round
 * queued with an error that names the next step. The runner side is played by the double's scripted
 * workflow run and a candidate pushed by a teammate's clone (the real action runs in
 * test/agents/actionsRunner.test.ts).
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import { candidateRef, remoteArtifactName, type RemoteRoundRecord } from '../../../src/core/remoteRound';
import { dispatchedRound, dispatchRemoteRound, Engine, followRemoteRound, type FollowProgress, type GitHubAccess } from '../../../src/engine';
import { GitHubDouble } from '../../github-double';
import type { DWorkflowRun } from '../../github-double/actions';
import { seedReviewScenario, type ReviewScenario } from '../../github-double/scenario';
import { zipFolder } from '../../helpers/actionsRunner';
import { commitFiles, isolateGitEnv, makeRemoteFixture, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const TOKEN = 'test-token-not-a-secret';
const FAST = { pollMs: 5, maxPollMs: 20 };

interface World {
  fx: RemoteFixture;
  double: GitHubDouble;
  scenario: ReviewScenario;
  engine: Engine;
  access: GitHubAccess;
  run: Run;
}

async function world(): Promise<World> {
  const fx = makeRemoteFixture({ 'src/parse.ts': 'one\ntwo\nthree\n' });
  const double = await GitHubDouble.start();
  double.acceptedToken = TOKEN;
  const scenario = seedReviewScenario(double, { owner: 'acme', name: 'widgets', headRef: fx.priorBranch, cloneUrl: 'https://github.com/acme/widgets.git' });
  sh(fx.user, ['config', 'remote.origin.url', 'https://github.com/acme/widgets.git']);
  sh(fx.user, ['config', `url.file://${fx.bare}.insteadOf`, 'https://github.com/acme/widgets.git']);
  const engine = await Engine.open(fx.user);
  const access: GitHubAccess = { token: TOKEN, apiUrl: double.baseUrl, fastRetries: true };
  let run = await engine.startWithGitHub({ pr: scenario.pull.number }, access);
  run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes', feedback: 'Guard the empty input.' })).run;
  return { fx, double, scenario, engine, access, run };
}

/** What a runner leaves for round 1: a commit on the PR head pushed to the candidate ref, and the zipped round folder. */
async function runnerRound(w: World, opts: { push?: boolean } = {}): Promise<{ sha: string; zip: Buffer }> {
  sh(w.fx.seed, ['fetch', '--quiet', 'origin']);
  sh(w.fx.seed, ['checkout', '--quiet', '--detach', `origin/${w.fx.priorBranch}`]);
  const sha = commitFiles(w.fx.seed, 'revise: round 1', { 'src/parse.ts': 'one\nguard\ntwo\nthree\n' });
  if (opts.push !== false) sh(w.fx.seed, ['push', '--quiet', 'origin', `${sha}:${candidateRef(w.run.id, 1)}`]);
  const thread = w.run.findings.find((f) => f.source.kind === 'github-thread')!;
  const dir = makeTempDir('revise-artifact-');
  mkdirSync(join(dir, 'sessions'));
  writeFileSync(join(dir, 'round.log'), '{"type":"result","total_cost_usd":0.0123}\n');
  writeFileSync(join(dir, 'prompt.md'), '# Revision round 1 of 3\n');
  writeFileSync(join(dir, 'sessions', 'session-1.jsonl'), '{}\n');
  const record: RemoteRoundRecord = {
    version: 1,
    runId: w.run.id,
    round: 1,
    pr: w.scenario.pull.number,
    status: 'succeeded',
    headBefore: w.fx.priorSha,
    headAfter: sha,
    candidateRef: candidateRef(w.run.id, 1),
    exitCode: 0,
    agent: { preset: 'claude', argv: ['claude', '-p'], sessionId: 'session-1', costUsd: 0.0123 },
    dispositions: [{ id: 'B9', externalId: thread.source.externalId!, disposition: { kind: 'fixed', round: 1, note: 'guarded on the runner' } }],
    files: { log: 'round.log', prompt: 'prompt.md', sessions: ['sessions/session-1.jsonl'] },
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:05:00Z',
  };
  writeFileSync(join(dir, 'revise-round.json'), JSON.stringify(record));
  return { sha, zip: await zipFolder(dir) };
}

/** Script the next dispatched workflow run: started, then what `finish` does, one change per read. */
function onNextDispatch(w: World, finish: (run: DWorkflowRun) => void): void {
  w.double.actions.onDispatch = (run) => {
    run.script.push(
      (r) => w.double.actions.start(r, 'Run the round'),
      () => undefined,
      finish,
    );
  };
}

async function refused(promise: Promise<unknown>, code: string): Promise<ReviseError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ReviseError, `expected ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return error;
}

async function assertStillQueued(w: World): Promise<void> {
  const run = await w.engine.get(w.run.id);
  assert.equal(run.rounds[1]?.status, 'queued', 'the round stays queued');
  assert.equal(run.status, 'running');
  assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), w.fx.priorSha, 'the worktree is where it was');
}

describe('rounds on GitHub Actions: dispatch, follow, import', function () {
  this.timeout(60_000);
  let restoreEnv: () => void;
  let w: World | undefined;
  before(() => (restoreEnv = isolateGitEnv()));
  afterEach(async () => {
    if (w) {
      w.engine.dispose();
      w.double.assertNoViolations();
      await w.double.stop();
    }
    w = undefined;
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  it('dispatches the queued round, follows the workflow run with conditional requests, imports the round and approves it with the lease', async () => {
    w = await world();
    const { sha, zip } = await runnerRound(w);
    const ww = w;
    onNextDispatch(w, (r) => {
      ww.double.actions.addArtifact(r, remoteArtifactName(ww.run.id, 1), zip);
      r.jobs[0]!.log = 'Set up job\nround 1 succeeded\nUploaded the round\n';
      ww.double.actions.complete(r, 'success');
    });
    const dispatched = await dispatchRemoteRound(w.engine, w.run.id, w.access);
    const sent = w.double.actions.runs.get(dispatched.workflowRunId)!;
    assert.deepEqual(sent.inputs, { pr: String(w.scenario.pull.number), run: w.run.id, round: '1', agent: 'claude', feedback: 'Guard the empty input.' });
    assert.equal(sent.ref, 'main', "the base branch's workflow runs");

    const seen: FollowProgress[] = [];
    const run = await followRemoteRound(w.engine, w.run.id, w.access, { ...FAST, onProgress: (p) => seen.push(p) });
    assert.ok(seen.some((p) => p.status === 'in_progress' && p.step === 'Run the round'), 'the current step is reported');
    assert.deepEqual(seen.at(-1)?.logTail?.slice(-1), ['Uploaded the round'], 'the log tail is read at the end');
    assert.ok(w.double.notModified > 0, 'an unchanged run is answered 304');

    const round = run.rounds[1]!;
    assert.equal(round.status, 'succeeded');
    assert.equal(round.headAfter, sha);
    assert.equal(round.agent?.costUsd, 0.0123);
    assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), sha, 'the worktree moved to the candidate');
    assert.match(readFileSync(round.logPath!, 'utf8'), /total_cost_usd/);
    assert.equal(run.findings.find((f) => f.disposition?.note === 'guarded on the runner')?.source.kind, 'github-thread', 'the disposition lands on the same thread');
    assert.equal(run.pendingDecision?.kind, 'round-review');
    assert.equal((await dispatchedRound(w.engine, w.run.id))?.outcome, 'imported');

    const approved = (await w.engine.decide(run.id, { decisionId: run.pendingDecision.id, option: 'approve' })).run;
    assert.equal(approved.status, 'approved');
    assert.equal(sh(w.fx.bare, ['rev-parse', `refs/heads/${w.fx.priorBranch}`]), sha, 'approve pushed the round to the PR branch');
  });

  it('finds the workflow run by its title when GitHub answers the dispatch without run details', async () => {
    w = await world();
    w.double.actions.withoutRunDetails = true;
    const dispatched = await dispatchRemoteRound(w.engine, w.run.id, w.access);
    assert.equal(w.double.actions.runs.get(dispatched.workflowRunId)?.displayTitle, `Revise ${w.run.id} round 1`);
  });

  it('keeps the round queued when the workflow run was cancelled, and it can be dispatched again', async () => {
    w = await world();
    const ww = w;
    onNextDispatch(w, (r) => ww.double.actions.complete(r, 'cancelled'));
    await dispatchRemoteRound(w.engine, w.run.id, w.access);
    const error = await refused(followRemoteRound(w.engine, w.run.id, w.access, FAST), 'actions-run-cancelled');
    assert.match(error.message, /still queued/);
    await assertStillQueued(w);
    assert.equal((await dispatchedRound(w.engine, w.run.id))?.outcome, 'actions-run-cancelled');
    const again = await dispatchRemoteRound(w.engine, w.run.id, w.access);
    assert.equal(w.double.actions.runs.size, 2, 'a second workflow run was dispatched');
    assert.equal((await dispatchedRound(w.engine, w.run.id))?.workflowRunId, again.workflowRunId);
  });

  it('says the runner was lost when the job stopped mid-step without uploading, and keeps the round queued', async () => {
    w = await world();
    const ww = w;
    onNextDispatch(w, (r) => {
      r.jobs[0]!.log = 'The runner has received a shutdown signal.\n';
      ww.double.actions.complete(r, 'failure', { stopAfter: 'Install the agent' });
    });
    await dispatchRemoteRound(w.engine, w.run.id, w.access);
    const error = await refused(followRemoteRound(w.engine, w.run.id, w.access, FAST), 'actions-runner-lost');
    assert.match(error.message, /Run the round/);
    assert.match(error.message, /shutdown signal/, 'the log tail is in the message');
    await assertStillQueued(w);
  });

  it('says the artifact is missing when a successful run uploaded none, and keeps the round queued', async () => {
    w = await world();
    const ww = w;
    onNextDispatch(w, (r) => ww.double.actions.complete(r, 'success'));
    await dispatchRemoteRound(w.engine, w.run.id, w.access);
    await refused(followRemoteRound(w.engine, w.run.id, w.access, FAST), 'actions-artifact-missing');
    await assertStillQueued(w);
  });

  it('refuses to import when the candidate ref is not on the remote, and keeps the round queued', async () => {
    w = await world();
    const { zip } = await runnerRound(w, { push: false });
    const ww = w;
    onNextDispatch(w, (r) => {
      ww.double.actions.addArtifact(r, remoteArtifactName(ww.run.id, 1), zip);
      ww.double.actions.complete(r, 'success');
    });
    await dispatchRemoteRound(w.engine, w.run.id, w.access);
    await refused(followRemoteRound(w.engine, w.run.id, w.access, FAST), 'actions-candidate-missing');
    await assertStillQueued(w);
    assert.equal((await w.engine.get(w.run.id)).rounds[1]?.logPath, null, 'no log was attached to the round');
  });

  it('refuses to dispatch while the run has commits the remote does not, and dispatches nothing', async () => {
    w = await world();
    commitFiles(w.run.worktree, 'local only', { 'local.txt': 'x\n' });
    await refused(dispatchRemoteRound(w.engine, w.run.id, w.access), 'actions-unpushed-head');
    assert.equal(w.double.actions.runs.size, 0);
  });

  it('refuses to follow a run that dispatched nothing', async () => {
    w = await world();
    await refused(followRemoteRound(w.engine, w.run.id, w.access, FAST), 'actions-not-dispatched');
  });
});
