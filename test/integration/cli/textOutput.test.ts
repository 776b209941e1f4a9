import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import type { Run } from '../../../src/core/model';
import { expectOk, remoteFixtureForSuite, reviseCli, reviseCliText } from '../../helpers/cli';
import { remoteTip } from '../../helpers/gitFixture';

/** Runs a command in text mode and returns its stdout (exit 0 expected). */
function say(repo: string, args: string[]): string {
  const result = reviseCliText(repo, args);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  return result.stdout;
}

describe('revise CLI text output says what happened', function () {
  this.timeout(120_000);
  const suite = remoteFixtureForSuite({ 'src/a.ts': 'export const a = 1;\n' });

  it('start names the run, its worktree and branch and its findings; approve says what was pushed where', () => {
    const started = say(suite.fx.user, ['start', '--branch', suite.fx.priorBranch]);
    const id = /^Started run ([a-z0-9-]+): /.exec(started)?.[1];
    assert.ok(id, started);
    const run = (expectOk(reviseCli(suite.fx.user, ['status', '--run', id])).runs as Run[])[0]!;
    assert.match(started, new RegExp(`worktree: ${run.worktree} \\(branch revise/${id}\\)`));
    assert.match(started, new RegExp(`restored ${suite.fx.priorBranch} at ${suite.fx.priorSha.slice(0, 12)} from origin`));
    assert.match(started, /findings: 0/);
    assert.match(started, new RegExp(`revise decide --run ${id} --decision ${run.pendingDecision!.id} request-changes`));

    assert.match(say(suite.fx.user, ['findings', 'add', '--run', id, '--severity', 'nit', '--message', 'Rename a']), /^Added M1 to run .*\nM1 +nit +open +\(no location\) +Rename a/);

    const approved = say(suite.fx.user, ['decide', '--run', id, '--decision', run.pendingDecision!.id, 'approve']);
    const tip = remoteTip(suite.fx, suite.fx.priorBranch);
    const url = `file://${suite.fx.bare}`;
    assert.ok(approved.startsWith(`Approved run ${id}.\n  pushed ${tip.slice(0, 12)} to branch ${suite.fx.priorBranch} on origin (${url}) with a lease`), approved);
    assert.equal((expectOk(reviseCli(suite.fx.user, ['status', '--run', id])).runs as Run[])[0]!.leaseSha, tip, "the commit named is the run's lease: the remote tip");
    assert.match(approved, new RegExp(`revise clean --run ${id}`));
    const json = expectOk(reviseCli(suite.fx.user, ['decide', '--run', id, '--decision', run.pendingDecision!.id, 'approve']));
    assert.equal((json.result?.already as { option: string }).option, 'approve');
  });

  it('status hints `revise round` for a queued round, and after abort lists no worktree path that is gone', () => {
    const run = expectOk(reviseCli(suite.fx.user, ['start', '--branch', suite.fx.priorBranch])).run as Run;
    const queued = say(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes', '--feedback', 'Do it.']);
    assert.match(queued, new RegExp(`^Round 1 \\(requested\\) is queued for run ${run.id} \\(request-changes\\)\\.\\nRun it with \`revise round --run ${run.id}\`\\.`));
    const status = say(suite.fx.user, ['status', '--run', run.id]);
    assert.match(status, new RegExp(`round 1 is queued: run it with \`revise round --run ${run.id}\``));
    assert.doesNotMatch(status, /pending:/, 'a queued round is not shown as a pending decision');

    const aborted = say(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'abort']);
    assert.match(aborted, new RegExp(`^Aborted run ${run.id}: the worktree was removed\\.`));
    assert.ok(!existsSync(run.worktree));
    const after = say(suite.fx.user, ['status']);
    assert.ok(!after.includes(run.worktree), `status lists no removed worktree:\n${after}`);
    assert.match(after, new RegExp(`${run.id}  aborted[^\\n]*\\n(  [^\\n]*\\n)*  worktree: removed\\n`));
    const json = expectOk(reviseCli(suite.fx.user, ['status']));
    assert.ok((json.result?.removedWorktrees as string[]).includes(run.id));
  });

  it('prints usage errors on stderr, not the raw parser text', () => {
    const result = reviseCliText(suite.fx.user, ['status', '--rn', 'x']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, 'revise: Unknown option --rn for `revise status`. Did you mean --run? Run `revise status --help` for its options. [usage]\n');
  });
});
