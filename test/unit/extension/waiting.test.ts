import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Run } from '../../../src/core/model';
import { DecisionWatch, isWaiting, runsFolder } from '../../../src/extension/signposts/waiting';
import { makeRun } from '../../helpers/runFixture';

const at = '2026-01-01T00:00:00.000Z';
type Decision = NonNullable<Run['pendingDecision']>;
const decision = (id: string, raisedAt = at): Decision => ({ id, kind: 'round-review', options: ['approve', 'request-changes', 'abort'], round: 1, raisedAt });

describe('runs waiting for a decision', () => {
  it('counts a run only while its decision can be acted on', () => {
    assert.equal(isWaiting(makeRun()), true);
    assert.equal(isWaiting(makeRun({ pendingDecision: null })), false);
    assert.equal(isWaiting(makeRun({ status: 'running' })), false);
    assert.equal(isWaiting(makeRun({ status: 'approved', pendingDecision: null })), false);
    const queued = makeRun();
    queued.rounds.push({ index: 1, kind: 'requested', status: 'queued', headBefore: null, headAfter: null, exitCode: null, logPath: null, promptPath: null, startedAt: at });
    assert.equal(isWaiting(queued), false);
  });

  it('reports a decision raised after the window opened, once, and not those already waiting', () => {
    const watch = new DecisionWatch(new Date('2026-01-01T00:00:10.000Z'));
    const old = makeRun({ id: 'run-old', pendingDecision: decision('d-1', '2026-01-01T00:00:09.999Z') });
    const a = makeRun({ id: 'run-a', pendingDecision: decision('d-2', '2026-01-01T00:00:10.000Z') });
    const b = makeRun({ id: 'run-b', status: 'running', pendingDecision: null });
    assert.deepEqual(watch.newDecisions([old, a, b]).map((r) => r.id), ['run-a'], 'raised while the runs first loaded');
    assert.deepEqual(watch.newDecisions([old, a, b]), []);
    const bWaits = { ...b, status: 'awaiting-decision' as const, pendingDecision: decision('d-7', '2026-01-01T00:01:00.000Z') };
    assert.deepEqual(watch.newDecisions([old, a, bWaits]).map((r) => r.id), ['run-b']);
    const aNext = { ...a, pendingDecision: decision('d-3', '2026-01-01T00:02:00.000Z') };
    assert.deepEqual(watch.newDecisions([old, aNext, bWaits]).map((r) => r.id), ['run-a']);
  });
});

describe('the runs folder, read from .git without running git', () => {
  let dir: string;
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  before(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'revise-runs-folder-')));
    mkdirSync(join(dir, 'repo', 'sub'), { recursive: true });
    git(join(dir, 'repo'), 'init', '-q', '-b', 'main');
    git(join(dir, 'repo'), '-c', 'user.name=t', '-c', 'user.email=t@t.invalid', 'commit', '-q', '--allow-empty', '-m', 'one');
    git(join(dir, 'repo'), 'worktree', 'add', '-q', join(dir, 'wt'), '-b', 'other');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is where the store keeps runs, from the repository and from a linked worktree', async () => {
    for (const folder of [join(dir, 'repo'), join(dir, 'wt')]) {
      const common = resolve(folder, git(folder, 'rev-parse', '--git-common-dir'));
      assert.equal(await runsFolder(folder), join(common, 'revise', 'runs'), folder);
    }
  });

  it('is unknown below the top of a repository and outside one', async () => {
    assert.equal(await runsFolder(join(dir, 'repo', 'sub')), undefined);
    assert.equal(await runsFolder(dir), undefined);
  });
});
