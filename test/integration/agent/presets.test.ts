import assert from 'node:assert/strict';
import { AgentError } from '../../../src/core/errors';
import { buildAgentArgv } from '../../../src/agent';

const base = { promptFile: '/runs/r1/round-1.prompt.md', worktree: '/wt/r1', round: 1, runDir: '/runs/r1' };

describe('agent presets', () => {
  it('builds the claude argv of round 1 with the prompt on stdin', () => {
    const built = buildAgentArgv({ ...base, preset: 'claude' });
    assert.deepEqual(built.argv, ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits']);
    assert.equal(built.stdin, 'prompt');
    assert.equal(built.parser, 'claude');
  });

  it('resumes the previous claude session on a later round', () => {
    const built = buildAgentArgv({ ...base, preset: 'claude', round: 2, sessionId: '8d03fcf8-f956-4f8c-bd82-5a823db21af0' });
    assert.deepEqual(built.argv.slice(-2), ['--resume', '8d03fcf8-f956-4f8c-bd82-5a823db21af0']);
  });

  it('builds codex exec for round 1 and codex exec resume with the thread id later, with the same sandbox', () => {
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'codex' }).argv, ['codex', 'exec', '--json', '-s', 'workspace-write', '-']);
    const later = buildAgentArgv({ ...base, preset: 'codex', round: 2, sessionId: 'thread-1' });
    // `-s` is an option of `exec`: after `resume` the real CLI refuses it (exit 2).
    assert.deepEqual(later.argv, ['codex', 'exec', '-s', 'workspace-write', 'resume', 'thread-1', '--json', '-']);
    assert.equal(later.stdin, 'prompt');
    assert.equal(later.policy.sandbox, 'workspace-write');
  });

  it('maps allowed commands to Claude permission rules and limits to its flags, resume last', () => {
    const built = buildAgentArgv({
      ...base,
      preset: 'claude',
      sessionId: '8d03fcf8-f956-4f8c-bd82-5a823db21af0',
      permissions: { allowedCommands: [['npm', 'test'], ['git', 'status']] },
      limits: { maxTurns: 30, maxBudgetUsd: 2.5 },
    });
    assert.deepEqual(built.argv, [
      'claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits',
      '--allowedTools', 'Bash(npm test:*)', 'Bash(git status:*)',
      '--max-turns', '30', '--max-budget-usd', '2.5',
      '--resume', '8d03fcf8-f956-4f8c-bd82-5a823db21af0',
    ]);
    assert.deepEqual(built.policy, { allowedCommands: ['npm test', 'git status'], limits: { maxTurns: 30, maxBudgetUsd: 2.5 }, notes: [] });
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'claude', permissions: { allowedCommands: [['*']] } }).argv.slice(-2), ['--allowedTools', 'Bash']);
  });

  it('says which limits codex cannot apply instead of passing flags it does not have', () => {
    const built = buildAgentArgv({ ...base, preset: 'codex', limits: { maxTurns: 5 }, permissions: { allowedCommands: [['npm', 'test']] } });
    assert.deepEqual(built.argv, ['codex', 'exec', '--json', '-s', 'workspace-write', '-']);
    assert.deepEqual(built.policy.limits, {});
    assert.match(built.policy.notes.join(' '), /codex has no turn limit/);
    assert.deepEqual(built.policy.allowedCommands, ['npm test']);
  });

  for (const [label, extra] of [
    ['an unknown preset', { preset: 'gpt-agent' }],
    ['a turn limit of zero', { preset: 'claude', limits: { maxTurns: 0 } }],
    ['a negative budget', { preset: 'claude', limits: { maxBudgetUsd: -1 } }],
    ['an empty allowed command', { preset: 'claude', permissions: { allowedCommands: [['']] } }],
    ['an allowed command with a line break', { preset: 'claude', permissions: { allowedCommands: [['node', '-e', 'a\nb']] } }],
  ] as const) {
    it(`refuses ${label} with bad-input`, () => {
      assert.throws(() => buildAgentArgv({ ...base, ...(extra as unknown as { preset: 'claude' }) }), (e: unknown) => e instanceof AgentError && e.code === 'bad-input');
    });
  }

  it('gives aider the prompt file and a chat history kept in the run folder, the same every round', () => {
    const expected = ['aider', '--message-file', base.promptFile, '--yes-always', '--no-pretty', '--no-stream', '--no-auto-commits', '--chat-history-file', '/runs/r1/aider.chat.md', '--restore-chat-history'];
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'aider' }).argv, expected);
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'aider', round: 2, sessionId: 'ignored' }).argv, expected);
    assert.equal(buildAgentArgv({ ...base, preset: 'aider' }).stdin, 'none');
  });

  it('uses revise.agent.executable in place of the program name', () => {
    assert.equal(buildAgentArgv({ ...base, preset: 'claude', executable: '/opt/claude/bin/claude' }).argv[0], '/opt/claude/bin/claude');
  });

  it('substitutes every placeholder of a custom template inside each argument, without a shell', () => {
    const built = buildAgentArgv({
      ...base,
      preset: 'custom',
      round: 3,
      sessionId: 'abc',
      template: ['my-agent', '--prompt={promptFile}', '--cwd', '{worktree}', 'round-{round}', '{sessionId}', '$(rm -rf ~)'],
    });
    assert.deepEqual(built.argv, ['my-agent', `--prompt=${base.promptFile}`, '--cwd', '/wt/r1', 'round-3', 'abc', '$(rm -rf ~)']);
    assert.equal(built.stdin, 'none', 'a template that names the prompt file reads it from there');
    assert.equal(buildAgentArgv({ ...base, preset: 'custom', template: ['my-agent'] }).stdin, 'prompt');
  });

  it('substitutes an empty session id on the first round', () => {
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'custom', template: ['a', 's={sessionId}'] }).argv, ['a', 's=']);
  });

  for (const [label, template] of [
    ['a missing template', undefined],
    ['an empty template', []],
    ['an empty program name', ['', '{promptFile}']],
    ['a non-string argument', ['agent', 3]],
    ['an unknown placeholder', ['agent', '{prompt_file}']],
    ['a misspelt placeholder with a dash', ['agent', '--prompt={prompt-file}']],
  ] as const) {
    it(`refuses a custom preset with ${label}, naming the agent command as the option to fix`, () => {
      assert.throws(
        () => buildAgentArgv({ ...base, preset: 'custom', template: template as unknown as string[] }),
        (e: unknown) => e instanceof AgentError && e.code === 'bad-input' && /custom agent (has no command|command)/.test(e.message) && e.details?.field === 'agent.command',
      );
    });
  }

  it('refuses a session id that would read as a flag', () => {
    assert.throws(() => buildAgentArgv({ ...base, preset: 'claude', sessionId: '--dangerously-skip-permissions' }), (e: unknown) => e instanceof AgentError && e.code === 'bad-input');
  });
});
