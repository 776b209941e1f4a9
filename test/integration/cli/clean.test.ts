import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import type { Backup, Run } from '../../../src/core/model';
import { expectOk as ok, expectRefused as refused, remoteFixtureForSuite, reviseCli, reviseCliText } from '../../helpers/cli';
import { sh } from '../../helpers/gitFixture';

function branchExists(repo: string, branch: string): boolean {
  return sh(repo, ['branch', '--list', branch]) !== '';
}

describe('revise clean: a finished run leaves no worktree or branch behind, and keeps its backups', function () {
  this.timeout(120_000);
  const suite = remoteFixtureForSuite({ 'src/a.ts': 'export const a = 1;\n' });
  const start = (): Run => ok(reviseCli(suite.fx.user, ['start', '--branch', suite.fx.priorBranch])).run as Run;

  it('refuses a run that is not finished and touches nothing', () => {
    const run = start();
    refused(reviseCli(suite.fx.user, ['clean', '--run', run.id]), 5, 'run-not-finished');
    assert.ok(existsSync(run.worktree));
    assert.ok(branchExists(suite.fx.user, run.localBranch));
    const text = reviseCliText(suite.fx.user, ['clean', '--run', run.id]);
    assert.match(text.stderr, /only an approved or aborted run can be cleaned up\. \[run-not-finished\]\nhint: Approve or abort the run first/);
  });

  it('removes the worktree and branch of an approved, pushed run; a second clean says nothing was left', () => {
    let run = start();
    run = ok(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve'])).run as Run;
    const result = ok(reviseCli(suite.fx.user, ['clean', '--run', run.id])).result as { removedWorktree: string; removedBranch: string; keptBranch: null; backups: Backup[] };
    assert.equal(result.removedWorktree, run.worktree);
    assert.equal(result.removedBranch, run.localBranch);
    assert.equal(result.keptBranch, null);
    assert.ok(!existsSync(run.worktree));
    assert.ok(!branchExists(suite.fx.user, run.localBranch));
    assert.doesNotMatch(sh(suite.fx.user, ['worktree', 'list']), new RegExp(run.id), 'git forgot the worktree too');

    const again = reviseCliText(suite.fx.user, ['clean', '--run', run.id]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, new RegExp(`^Run ${run.id} had nothing left to remove\\.`));
    const status = reviseCliText(suite.fx.user, ['status']).stdout;
    assert.ok(!status.includes(run.worktree), status);
  });

  it('pins unpushed work in a backup ref before removing it, and lists the backups', () => {
    let run = start();
    sh(run.worktree, ['commit', '--quiet', '--allow-empty', '-m', 'local only']);
    const local = sh(run.worktree, ['rev-parse', 'HEAD']);
    run = ok(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve', '--no-push'])).run as Run;
    const text = reviseCliText(suite.fx.user, ['clean', '--run', run.id]);
    assert.equal(text.code, 0, text.stderr);
    const backups = (ok(reviseCli(suite.fx.user, ['backups', '--run', run.id])).result?.backups as Backup[]);
    assert.equal(backups.length, 1);
    assert.equal(backups[0]!.sha, local, 'the backup holds the unpushed commit');
    assert.match(text.stdout, new RegExp(`removed the worktree ${run.worktree}[\\s\\S]*deleted the branch ${run.localBranch}[\\s\\S]*kept 1 backup ref:\\n    ${backups[0]!.ref}  ${local.slice(0, 12)}`));
    assert.equal(sh(suite.fx.user, ['cat-file', '-t', backups[0]!.ref]), 'commit');
  });

  it('cleans an aborted run (its worktree is already gone) and lists the backup the abort made', () => {
    let run = start();
    sh(run.worktree, ['commit', '--quiet', '--allow-empty', '-m', 'work to keep']);
    run = ok(reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'abort'])).run as Run;
    const result = ok(reviseCli(suite.fx.user, ['clean', '--run', run.id])).result as { removedWorktree: string | null; backups: Backup[] };
    assert.equal(result.removedWorktree, null, 'abort had removed it already');
    assert.deepEqual(result.backups.map((b) => b.ref), run.backups.map((b) => b.ref));
    assert.ok(result.backups.length >= 1);
  });
});
