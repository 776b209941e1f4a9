import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAgentArgv } from '../../../src/agent/presets';
import { runAgent } from '../../../src/agent/runAgent';
import { runVerify } from '../../../src/agent/runVerify';
import { GitHubError } from '../../../src/core/errors';
import { describeError, settingOf, type Localiser } from '../../../src/extension/errorSteps';
import { missingBranchError } from '../../../src/git/probe';
import { mapGitHubError } from '../../../src/github/githubErrors';
import { rejection, thrownBy } from '../../helpers/reviseErrors';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

/** `vscode.l10n` in English: `{0}`-style arguments filled in, as VS Code does. */
const english: Localiser = { t: (message, ...args) => message.replace(/\{(\d+)\}/g, (whole, i: string) => String(args[Number(i)] ?? whole)) };
const describe_ = (error: unknown) => describeError(error, english);


const CLI_WORDS = /--[a-z][a-z-]+|`revise [a-z]/;

/**
 * The lower layers say what happened and put the facts in `details`; the extension's next step,
 * in setting and command names, comes from its own table. Each error here is the real one the lower
 * layer raises.
 */
describe('the extension words the next step of a lower layer error in its settings and commands', () => {
  after(cleanupTempDirs);

  it('shows one next step for an agent that is not installed, naming revise.agent.executable once and no CLI flag', async () => {
    const dir = makeTempDir('revise-agent-');
    const built = buildAgentArgv({ preset: 'claude', promptFile: 'p', worktree: dir, round: 1, runDir: dir });
    const error = await rejection(runAgent({ argv: built.argv, cwd: dir, env: { PATH: dir }, logPath: join(dir, 'a.log'), timeoutMs: 10_000 }));
    const shown = describe_(error);
    // It used to read "… Set revise.agent.executable to its full path, or install Claude Code (…). Install the agent CLI or set …".
    assert.equal(shown.message, 'The agent program "claude" was not found on PATH. Install Claude Code (npm install -g @anthropic-ai/claude-code). If it is installed elsewhere, set revise.agent.executable to its full path in your user settings.');
    assert.equal(shown.message.match(/revise\.agent\.executable/g)?.length, 1);
    assert.equal(shown.message.match(/[Ii]nstall (Claude|it|the agent)/g)?.length, 1, 'one instruction to install');
    assert.doesNotMatch(shown.message, CLI_WORDS);
    assert.equal(shown.setting, 'revise.agent.executable', 'the toast offers to open that setting');
    const custom = describe_(await rejection(runAgent({ argv: ['no-such-agent-xyz'], cwd: dir, env: {}, logPath: join(dir, 'b.log'), timeoutMs: 10_000 })));
    assert.match(custom.message, /Check the program named first in revise\.agent\.command, or install it\.$/);
    assert.equal(custom.setting, 'revise.agent.command');
  });

  it('names revise.agent.command for a bad custom template, and the setting of each verify-like command', async () => {
    const template = thrownBy(() => buildAgentArgv({ preset: 'custom', promptFile: 'p', worktree: '/w', round: 1, runDir: '/r', template: ['', '{promptFile}'] }));
    assert.match(describe_(template).message, /^The custom agent command starts with an empty program name\. Set revise\.agent\.command in your user settings to an argv array/);
    const turns = describe_(thrownBy(() => buildAgentArgv({ preset: 'claude', promptFile: 'p', worktree: '/w', round: 1, runDir: '/r', limits: { maxTurns: 0 } })));
    assert.deepEqual([turns.message, turns.setting], ["The agent's turn limit must be a whole number ≥ 1 (got 0). Fix revise.agent.maxTurns in your settings.", 'revise.agent.maxTurns']);
    const dir = makeTempDir('revise-verify-');
    for (const [field, setting] of [['verifyCommand', 'revise.verifyCommand'], ['reviewerCommand', 'revise.reviewerCommand'], ['analysers', 'revise.analysers']] as const) {
      const shown = describe_(await rejection(runVerify({ argv: ['no-such-command-xyz'], cwd: dir, env: {}, logPath: join(dir, 'v.log'), timeoutMs: 10_000, field })));
      assert.match(shown.message, new RegExp(`was not found on PATH\\. Fix ${setting.replace('.', '\\.')} in your user settings\\.$`));
      assert.doesNotMatch(shown.message, CLI_WORDS);
      assert.equal(shown.setting, setting);
    }
  });

  it('keeps its own step for a prior branch missing on the remote, without the CLI\'s --strategy fresh', () => {
    const shown = describe_(missingBranchError('origin', 'agent/gone'));
    assert.match(shown.message, /discard the prior attempt\. Check the branch name, or push the prior attempt first\.$/);
    assert.doesNotMatch(shown.message, CLI_WORDS);
  });

  it('names revise.github.apiUrl, not --github-api-url, when GitHub does not answer or the remote is not on GitHub', () => {
    const unreachable = describe_(mapGitHubError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { name: 'HttpError' }), 'list pull requests', 'http://127.0.0.1:9'));
    assert.match(unreachable.message, /did not answer .*\. Check your network or proxy, and revise\.github\.apiUrl if you use GitHub Enterprise, then try again\.$/);
    assert.doesNotMatch(unreachable.message, CLI_WORDS);
    const remote = describe_(new GitHubError('not-a-github-remote', 'The remote "origin" (https://git.example/x.git) is not a GitHub repository.', { details: { field: 'github.apiUrl' } }));
    assert.equal(remote.message.match(/revise\.github\.apiUrl/g)?.length, 1);
    assert.equal(remote.setting, 'revise.github.apiUrl');
  });

  it('says to sign in, once, when GitHub refuses the token, without the CLI\'s GITHUB_TOKEN', () => {
    const refused = mapGitHubError(Object.assign(new Error('Bad credentials'), { status: 401, response: { headers: {} } }), 'list pull requests', 'https://api.github.com');
    assert.equal(refused.code, 'github-auth');
    const shown = describe_(refused);
    assert.equal(shown.message, `${refused.message} Sign in to GitHub (Accounts menu) and try again.`);
    assert.doesNotMatch(shown.message, /GITHUB_TOKEN|Sign in again/);
  });

  it('has a setting for every option it names, each contributed by package.json', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    for (const setting of Object.values(settingOf)) assert.ok(setting in manifest.contributes.configuration.properties, `${setting} is a contributed setting`);
  });
});
