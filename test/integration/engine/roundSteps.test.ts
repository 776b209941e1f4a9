import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorFromRecord, ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import { roundLines } from '../../../src/cli/format';
import { hintFor } from '../../../src/cli/hints';
import { describeError } from '../../../src/extension/errorSteps';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';

const agent = (code: string) => ({ preset: 'custom' as const, command: [process.execPath, '-e', code], timeoutMs: 30_000 });

describe('engine: verify, reviewer and push steps of a round', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  async function queued(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    return (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
  }

  it('cancels the round when Cancel comes as soon as the claim is announced, before the agent started', async () => {
    const run = await queued();
    const marker = join(fx.root, 'agent-ran');
    let cancelled: Promise<void> | undefined;
    const sub = engine.onDidChangeRun(({ runId, run: changed }) => {
      if (runId === run.id && changed.rounds[1]?.status === 'running') cancelled ??= engine.cancelRound(run.id);
    });
    const done = await engine.runRound(run.id, { agent: agent(`require('fs').writeFileSync(${JSON.stringify(marker)}, ''); setInterval(() => {}, 1000)`) }).finally(() => sub.dispose());
    await cancelled;
    assert.equal(done.rounds[1]!.status, 'cancelled');
    assert.equal(existsSync(marker), false, 'the agent never started');
  });

  it('records why a round failed with the facts its next step needs: a missing agent program names the option to fix', async () => {
    const run = await queued();
    const missing = { preset: 'claude' as const, executable: join(fx.root, 'not-installed', 'claude'), timeoutMs: 30_000 };
    await assert.rejects(engine.runRound(run.id, { agent: missing }), (e: unknown) => e instanceof ReviseError && e.code === 'agent-not-found');
    const round = (await engine.get(run.id)).rounds[1]!;
    assert.equal(round.error?.code, 'agent-not-found');
    assert.deepEqual(round.error?.details, { field: 'agent.executable' });
    // Each front end words the step from the record after the failure's own toast or terminal line is gone.
    assert.deepEqual(roundLines(round, run.id).slice(1, 3), [`  reason: ${round.error.message}`, '  next: If it is installed elsewhere, pass its full path with --agent-executable.']);
    const asShown = describeError(errorFromRecord(round.error), { t: (message: string, ...args: Array<string | number | boolean>) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) });
    assert.equal(asShown.setting, 'revise.agent.executable');
    assert.match(asShown.message, /set revise\.agent\.executable to its full path/);
  });

  it("a reviewer agent's missing program names the reviewer's executable, not the round agent's", async () => {
    const run = await queued();
    const missing = { reviewer: 'codex', executable: join(fx.root, 'not-installed', 'codex') };
    const error = await engine.runReviewerAgent(run.id, missing).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ReviseError && error.code === 'agent-not-found', String(error));
    assert.equal(error.details?.field, 'reviewerAgent.executable');
    assert.equal(hintFor(error, run.id), 'If it is installed elsewhere, pass its full path with --reviewer-executable.');
    assert.equal(describeError(error, { t: (message: string) => message }).setting, 'revise.reviewerAgents');
  });

  it('runs the verify command in the worktree and records its exit code and log', async () => {
    const run = await queued();
    const done = await engine.runRound(run.id, {
      agent: agent("require('fs').writeFileSync('a.txt', 'a')"),
      verifyCommand: [process.execPath, '-e', "console.log('verifying in', process.cwd()); process.exit(require('fs').existsSync('a.txt') ? 3 : 0)"],
    });
    const verify = done.rounds[1]!.verify!;
    assert.equal(verify.exitCode, 3, 'the verify command saw the agent\'s change and its exit code is kept');
    assert.match(readFileSync(verify.logPath, 'utf8'), new RegExp(`verifying in ${run.worktree.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it("imports the reviewer command's markdown review as findings for the next decision", async () => {
    const run = await queued();
    const review = '### Blocking\\n\\nB7. fix.txt still says the old thing\\n\\nfix.txt:1\\n';
    const done = await engine.runRound(run.id, { agent: agent(''), reviewerCommand: [process.execPath, '-e', `process.stdout.write('${review}'); process.exit(1)`] });
    const round = done.rounds[1]!;
    assert.deepEqual(round.reviewer?.added, ['B7']);
    assert.equal(round.reviewer?.exitCode, 1, 'a reviewer that exits 1 because it found something is still imported');
    const b7 = done.findings.find((f) => f.id === 'B7')!;
    assert.deepEqual([b7.severity, b7.file, b7.line], ['blocking', 'fix.txt', 1]);
    assert.equal(done.pendingDecision?.kind, 'round-review');
  });

  it('keeps the round when the reviewer prints something that is not a review', async () => {
    const run = await queued();
    const done = await engine.runRound(run.id, { agent: agent(''), reviewerCommand: [process.execPath, '-e', "process.stdout.write('{\"runs\": 3')"] });
    assert.equal(done.rounds[1]!.status, 'succeeded');
    assert.match(done.rounds[1]!.reviewer?.warning ?? '', /could not be read/);
  });

  it('pushes after a successful round when asked, with the lease, and approves without pushing when asked', async () => {
    const run = await queued();
    const done = await engine.runRound(run.id, { agent: agent("require('fs').writeFileSync('b.txt', 'b')"), pushAfterRound: true });
    const head = sh(run.worktree, ['rev-parse', 'HEAD']);
    assert.equal(remoteTip(fx, fx.priorBranch), head);
    assert.equal(done.leaseSha, head, 'the lease follows our own push');
    const moreWork = (await engine.decide(run.id, { decisionId: done.pendingDecision!.id, option: 'request-changes' })).run;
    const second = await engine.runRound(moreWork.id, { agent: agent("require('fs').writeFileSync('c.txt', 'c')") });
    const approved = (await engine.decide(run.id, { decisionId: second.pendingDecision!.id, option: 'approve', pushOnApprove: false })).run;
    assert.equal(approved.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), head, 'approve without push leaves the remote where it was');
  });
});
