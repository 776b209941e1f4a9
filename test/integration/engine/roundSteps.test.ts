import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
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
