/**
 * The Gemini CLI, opencode and Qwen Code presets and output readers, without running the CLIs: argv and
 * permission mapping, and the readers on output the real binaries printed (test/fixtures/agents, captured
 * from Gemini CLI 0.61.0, opencode 1.18.33 and Qwen Code 0.15.10 against the scripted model server). The
 * real binaries themselves run in test/agents/moreAgents.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAgentArgv, createOutputParser, detectOutputFormat, presetDefinition, runAgent, type OutputFormat } from '../../../src/agent';
import { AgentError } from '../../../src/core/errors';

const base = { promptFile: '/runs/r1/round-1.prompt.md', worktree: '/wt/r1', round: 1, runDir: '/runs/r1' };
const SESSION = '569827a2-8aaf-4df0-9892-fdd4436b92cd';

function parse(format: OutputFormat, fixture: string) {
  const parser = createOutputParser(format);
  // Fed in odd-sized pieces, as a pipe delivers them.
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'agents', fixture), 'utf8');
  for (let i = 0; i < text.length; i += 97) parser.push(text.slice(i, i + 97));
  return parser.end();
}

describe('Gemini CLI, opencode and Qwen Code presets', () => {
  it('builds gemini headless argv: prompt on stdin, edits only, trust for the new worktree, resume by id', () => {
    const built = buildAgentArgv({ ...base, preset: 'gemini', round: 2, sessionId: SESSION });
    assert.deepEqual(built.argv, ['gemini', '-p', '', '-o', 'stream-json', '--approval-mode', 'auto_edit', '--skip-trust', '--resume', SESSION]);
    assert.equal(built.stdin, 'prompt');
    assert.equal(detectOutputFormat(built.argv), 'gemini');
  });

  it('maps allowed commands to run_shell_command rules for gemini and qwen, and "*" to yolo', () => {
    const permissions = { allowedCommands: [['npm', 'test'], ['git', 'status']] };
    const rules = ['--allowed-tools', 'run_shell_command(npm test)', '--allowed-tools', 'run_shell_command(git status)'];
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'gemini', permissions }).argv.slice(5, 11), ['--approval-mode', 'auto_edit', ...rules]);
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'qwen', permissions }).argv, ['qwen', '-o', 'stream-json', '--approval-mode', 'auto-edit', ...rules]);
    const any = { allowedCommands: [['*']] };
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'gemini', permissions: any }).argv.slice(5, 8), ['--approval-mode', 'yolo', '--skip-trust']);
    assert.deepEqual(buildAgentArgv({ ...base, preset: 'qwen', permissions: any, sessionId: SESSION }).argv.slice(3), ['--approval-mode', 'yolo', '--resume', SESSION]);
  });

  it('gives qwen its turn limit and says which limits gemini and opencode cannot apply', () => {
    const limits = { maxTurns: 12, maxBudgetUsd: 3 };
    const qwen = buildAgentArgv({ ...base, preset: 'qwen', limits });
    assert.deepEqual(qwen.argv.slice(-2), ['--max-session-turns', '12']);
    assert.deepEqual(qwen.policy.limits, { maxTurns: 12 });
    assert.equal(qwen.policy.notes.length, 1);
    assert.match(qwen.policy.notes[0]!, /qwen has no budget limit/);
    for (const preset of ['gemini', 'opencode'] as const) {
      const built = buildAgentArgv({ ...base, preset, limits });
      assert.deepEqual(built.policy.limits, {});
      assert.deepEqual(built.policy.notes.map((n) => /turn limit \(12\)/.test(n) || /budget \(3 USD\)/.test(n)), [true, true]);
    }
  });

  it('runs opencode in the worktree (it would take the inherited PWD) and sets its bash permission in its own environment', () => {
    const built = buildAgentArgv({ ...base, preset: 'opencode', round: 2, sessionId: 'ses_dd6578764ffeEpJXT83h7CX98S' });
    assert.deepEqual(built.argv, ['opencode', 'run', '--format', 'json', '--dir', '/wt/r1', '--session', 'ses_dd6578764ffeEpJXT83h7CX98S']);
    assert.equal(built.stdin, 'prompt');
    assert.equal(detectOutputFormat(built.argv), 'opencode');
    const permission = (allowedCommands: string[][]) => JSON.parse(buildAgentArgv({ ...base, preset: 'opencode', permissions: { allowedCommands } }).env!.OPENCODE_PERMISSION!) as unknown;
    assert.deepEqual(permission([]), { bash: 'deny' });
    assert.deepEqual(permission([['*']]), { bash: 'allow' });
    // opencode lets the last matching rule win: deny first, then each allowed prefix with or without arguments.
    assert.deepEqual(permission([['npm', 'test']]), { bash: { '*': 'deny', 'npm test': 'allow', 'npm test *': 'allow' } });
  });

  it('refuses a session id that could read as a flag, for every new preset', () => {
    for (const preset of ['gemini', 'opencode', 'qwen'] as const) {
      assert.throws(() => buildAgentArgv({ ...base, preset, sessionId: '--yolo' }), (e: unknown) => e instanceof AgentError && e.code === 'bad-input');
    }
  });

  it('says how to install each CLI when its program is not on PATH', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'revise-no-agent-'));
    try {
      const install = { gemini: '@google/gemini-cli', opencode: 'opencode-ai', qwen: '@qwen-code/qwen-code' };
      for (const [preset, pkg] of Object.entries(install)) {
        const built = buildAgentArgv({ ...base, worktree: dir, preset: preset as keyof typeof install });
        await assert.rejects(
          runAgent({ argv: built.argv, stdin: 'x', cwd: dir, env: { PATH: dir }, logPath: join(dir, 'round.log'), timeoutMs: 10_000 }),
          (e: unknown) => e instanceof AgentError && e.code === 'agent-not-found' && e.message.includes(`"${preset}" was not found on PATH`) && e.message.includes(`npm install -g ${pkg}`),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("knows each CLI's words for a session that is gone (their real stderr), and not a 401 for one", () => {
    const gone = {
      gemini: 'Error resuming session: Invalid session identifier "11111111-2222-3333-4444-555555555555".\n  Searched for sessions in /home/u/.gemini/tmp/wt/chats.',
      qwen: 'No saved session found with title "11111111-2222-3333-4444-555555555555".',
      opencode: '\u001b[91m\u001b[1mError: \u001b[0mSession not found',
    };
    for (const [preset, stderrTail] of Object.entries(gone)) {
      const definition = presetDefinition(preset)!;
      assert.equal(definition.lostSession?.({ stderrTail }), true, preset);
      assert.equal(definition.lostSession?.({ stderrTail: '', failure: 'Incorrect API key provided: sk-test. (401)' }), false, preset);
    }
  });
});

describe('Gemini CLI, opencode and Qwen Code output readers (real captured output)', () => {
  it('gemini: session, usage with the cached part, the refused command, the final reply', () => {
    const out = parse('gemini', 'gemini-round.jsonl');
    assert.equal(out.sessionId, '35e9075f-9c19-4eac-baf7-4fcad171ebb6');
    assert.deepEqual(out.usage, { inputTokens: 8000, outputTokens: 160, cachedInputTokens: 3200 });
    assert.deepEqual(out.denials, [{ tool: 'run_shell_command', detail: 'touch evil.txt' }]);
    assert.equal(out.finalText, 'Fixed the parser.\n\nB1: fixed — null check added');
    assert.equal(out.isError, false);
    assert.equal(out.costUsd, undefined, 'Gemini CLI prints no cost');
  });

  it("gemini: a failed result is an error with the API's own message", () => {
    const out = parse('gemini', 'gemini-401.jsonl');
    assert.equal(out.isError, true);
    assert.equal(out.failure, 'API Error: API key not valid. Please pass a valid API key. (400 INVALID_ARGUMENT)');
  });

  it('qwen: session, usage (its input already includes the cached part), denials, the final reply', () => {
    const out = parse('qwen', 'qwen-round.jsonl');
    assert.match(out.sessionId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(out.usage, { inputTokens: 8000, outputTokens: 160, cachedInputTokens: 3200 });
    assert.deepEqual(out.denials, [{ tool: 'run_shell_command', detail: 'touch evil.txt' }]);
    assert.equal(out.finalText, 'Fixed the parser.\n\nB1: fixed — null check added');
    assert.equal(out.isError, false);
  });

  it('qwen: an exit-0 run whose reply is "[API Error: 401 …]" is a failure in those words', () => {
    const out = parse('qwen', 'qwen-401.jsonl');
    assert.equal(out.isError, true);
    assert.match(out.failure ?? '', /^API Error: 401 Incorrect API key provided/);
  });

  it('opencode: session, usage and cost summed over its steps, the refused command, the last reply', () => {
    const out = parse('opencode', 'opencode-round.jsonl');
    assert.match(out.sessionId ?? '', /^ses_/);
    // Four steps of 1200 uncached + 800 cached input tokens and 40 output tokens each.
    assert.deepEqual(out.usage, { inputTokens: 8000, outputTokens: 160, cachedInputTokens: 3200 });
    assert.equal(out.costUsd, 0);
    assert.deepEqual(out.denials, [{ tool: 'bash', detail: 'touch evil.txt' }]);
    assert.equal(out.finalText, 'Fixed the parser.\n\nB1: fixed — null check added');
    assert.equal(out.isError, undefined);
  });

  it("opencode: an error event is a failure with the provider's message and status", () => {
    const out = parse('opencode', 'opencode-401.jsonl');
    assert.equal(out.isError, true);
    assert.match(out.failure ?? '', /^Incorrect API key provided: sk-test\. .*\(401\)$/);
  });

  it('cuts a huge failure message to 2000 characters', () => {
    const huge = 'x'.repeat(50_000);
    const lines: Record<'gemini' | 'opencode', string> = {
      gemini: JSON.stringify({ type: 'result', status: 'error', error: { type: 'unknown', message: huge } }),
      opencode: JSON.stringify({ type: 'error', sessionID: 'ses_1', error: { name: 'APIError', data: { message: huge } } }),
    };
    for (const [format, line] of Object.entries(lines) as ['gemini' | 'opencode', string][]) {
      const parser = createOutputParser(format);
      parser.push(`${line}\n`);
      assert.equal(parser.end().failure, `${'x'.repeat(2000)}…`, format);
    }
  });

  it('keeps nothing from lines that are not their JSON (a banner, a broken line)', () => {
    for (const format of ['gemini', 'opencode', 'qwen'] as const) {
      const parser = createOutputParser(format);
      parser.push('Loaded cached credentials.\n{"type":"result", broken\n{"type":"init"');
      assert.deepEqual(parser.end(), {}, format);
    }
  });
});
