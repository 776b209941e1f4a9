import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildAgentArgv } from '../../../src/agent/presets';
import { runAgent } from '../../../src/agent/runAgent';
import { runVerify } from '../../../src/agent/runVerify';
import { hintFor } from '../../../src/cli/hints';
import { main } from '../../../src/cli/main';
import { GitHubError, ReviseError } from '../../../src/core/errors';
import { restoreBackup } from '../../../src/git/backups';
import { missingBranchError } from '../../../src/git/probe';
import { openRepo } from '../../../src/git/repo';
import { remoteUrl } from '../../../src/git/remoteUrl';
import { mapGitHubError } from '../../../src/github/githubErrors';
import { rejection, thrownBy } from '../../helpers/reviseErrors';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';



/**
 * The lower layers say what happened and put the facts in `details`; the CLI's next step, in flag
 * names, comes from its hints table. Each error here is the real one the lower layer raises.
 */
describe('the CLI words the next step of a lower layer error in its flags', () => {
  let repo: string;
  before(() => {
    repo = makeTempDir('revise-hints-');
    execFileSync('git', ['init', '--quiet', repo]);
  });
  after(cleanupTempDirs);

  it('names --repo for a folder that is not a git repository', async () => {
    const error = await rejection(openRepo(makeTempDir('revise-not-a-repo-')));
    assert.equal(hintFor(error, undefined), 'Run it inside a git checkout, or pass --repo DIR.');
  });

  it('names --remote for a remote that is not configured', async () => {
    const error = await rejection(remoteUrl(repo, 'upstream'));
    assert.equal(error.code, 'remote-not-found');
    assert.match(hintFor(error, undefined)!, /^Pass --remote with a configured remote/);
  });

  it('names --remote and --strategy fresh for a prior branch missing on the remote, --base for a missing base', () => {
    assert.match(hintFor(missingBranchError('origin', 'agent/gone'), undefined)!, /--remote.*--strategy fresh/);
    const base = new ReviseError('remote-branch-missing', 'The base branch "nowhere" exists neither on the remote "origin" nor locally.', { details: { field: 'baseBranch' } });
    assert.equal(hintFor(base, undefined), 'Pass the right --base.');
  });

  it('names `revise backups --run <id>` with the run id for a backup that does not exist', async () => {
    const error = await rejection(restoreBackup(repo, 'refs/revise/backup/run-1/0', 'copy'));
    assert.equal(error.code, 'bad-input', 'the code stays bad-input; the situation is in the details');
    assert.equal(hintFor(error, 'run-1'), '`revise backups --run run-1` lists the run\'s backups.');
  });

  it('names --agent-executable for a preset agent that is not on PATH (the message says how to install it), --agent-command for a custom one', async () => {
    const dir = makeTempDir('revise-agent-');
    const built = buildAgentArgv({ preset: 'claude', promptFile: 'p', worktree: dir, round: 1, runDir: dir });
    const preset = await rejection(runAgent({ argv: built.argv, cwd: dir, env: { PATH: dir }, logPath: join(dir, 'a.log'), timeoutMs: 10_000 }));
    assert.equal(hintFor(preset, undefined), 'If it is installed elsewhere, pass its full path with --agent-executable.');
    const custom = await rejection(runAgent({ argv: ['no-such-agent-xyz'], cwd: dir, env: {}, logPath: join(dir, 'b.log'), timeoutMs: 10_000 }));
    assert.equal(hintFor(custom, undefined), 'Check the program named first in --agent-command, or install it.');
  });

  it('names --agent-command for a bad custom template, and the flag of each verify-like command', async () => {
    assert.match(hintFor(thrownBy(() => buildAgentArgv({ preset: 'custom', promptFile: 'p', worktree: '/w', round: 1, runDir: '/r', template: [] })), undefined)!, /--agent-command/);
    assert.equal(hintFor(thrownBy(() => buildAgentArgv({ preset: 'claude', promptFile: 'p', worktree: '/w', round: 1, runDir: '/r', limits: { maxTurns: 0 } })), undefined), 'Check --max-turns.');
    const dir = makeTempDir('revise-verify-');
    const verify = await rejection(runVerify({ argv: ['no-such-verify-xyz'], cwd: dir, env: {}, logPath: join(dir, 'v.log'), timeoutMs: 10_000 }));
    assert.equal(hintFor(verify, undefined), 'Fix --verify-command.');
    const analyser = await rejection(runVerify({ argv: ['no-such-analyser-xyz'], cwd: dir, env: {}, logPath: join(dir, 'v.log'), timeoutMs: 10_000, field: 'analysers' }));
    assert.equal(hintFor(analyser, undefined), 'Fix --analyser.');
  });

  it('says what to check, with --github-api-url, when GitHub does not answer', () => {
    const error = mapGitHubError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { name: 'HttpError' }), 'list pull requests', 'http://127.0.0.1:9');
    assert.equal(error.code, 'github-unreachable');
    assert.doesNotMatch(error.message, /--github-api-url|revise\.github/);
    assert.match(hintFor(error, undefined)!, /network or proxy, and the API URL \(--github-api-url/);
  });

  it('names --github-api-url for a remote that is not on GitHub', () => {
    const error = new GitHubError('not-a-github-remote', 'The remote "origin" (https://git.example/x.git) is not a GitHub repository.', { details: { field: 'github.apiUrl' } });
    assert.match(hintFor(error, undefined)!, /--branch.*--github-api-url/);
  });

  it('adds `revise leftovers --remove` when a start could not remove what it made', () => {
    const error = new ReviseError('fetch-failed', 'Could not fetch. Some of what it had created could not be removed (EBUSY).', { details: { leftovers: true } });
    assert.equal(hintFor(error, undefined), '`revise leftovers --remove` removes what the start left behind.');
  });

  it('checks the finding flags only it can get wrong itself, naming them, before the engine (which names fields) sees them', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['findings', 'add', '--run', 'run-1', '--file', 'a.ts', '--line', '3', '--end-line', '2', '--message', 'm'], /^revise: --end-line \(2\) is before --line \(3\)\. \[bad-input\]$/m],
      [['findings', 'add', '--run', 'run-1', '--line', '3', '--message', 'm'], /^revise: --line needs --file\. \[bad-input\]$/m],
      [['findings', 'set', '--run', 'run-1', '--id', 'B1', '--status', 'dismissed'], /^revise: Dismissing B1 needs a reason: --reason TEXT\. \[bad-input\]$/m],
    ];
    for (const [argv, expected] of cases) {
      let err = '';
      const code = await main([...argv, '--repo', repo], { stdout: () => undefined, stderr: (t) => (err += t), isTTY: false, env: {} });
      assert.equal(code, 2, argv.join(' '));
      assert.match(err, expected);
    }
  });

  it('prints one next step, in flag names, after a not-a-repo message that used to carry its own', async () => {
    let err = '';
    const dir = makeTempDir('revise-plain-');
    const code = await main(['status', '--repo', dir], { stdout: () => undefined, stderr: (t) => (err += t), isTTY: false, env: {} });
    assert.equal(code, 2);
    const [message, hint, ...rest] = err.trimEnd().split('\n');
    assert.match(message!, /^revise: .* is not inside a git repository \(.*\)\. \[not-a-repo\]$/);
    assert.equal(hint, 'hint: Run it inside a git checkout, or pass --repo DIR.');
    assert.deepEqual(rest, []);
    assert.equal(err.match(/--repo/g)?.length, 1, 'one instruction names the flag, once');
    assert.doesNotMatch(err, /Open a folder/);
  });
});
