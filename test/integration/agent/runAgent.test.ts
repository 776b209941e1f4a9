import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentEnvironment, buildAgentArgv, readDispositions, runAgent, type AgentPresetName } from '../../../src/agent';
import { AgentError } from '../../../src/core/errors';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { makeAgentSandbox, type AgentSandbox } from './agentFixtures';

const PROMPT = '# Revision round 1 of 3\n\nFix B1.\n';

/** Run one round of a preset against the fixture agents, the way the engine does. */
async function round(sb: AgentSandbox, preset: AgentPresetName, index: number, opts: { sessionId?: string; extraEnv?: Record<string, string>; template?: string[]; onOutput?: (c: string, s: 'stdout' | 'stderr') => void; dispositionsFile?: string } = {}) {
  const promptFile = join(sb.runDir, `round-${index}.prompt.md`);
  writeFileSync(promptFile, PROMPT);
  const built = buildAgentArgv({ preset, promptFile, worktree: sb.worktree, round: index, runDir: sb.runDir, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}), ...(opts.template ? { template: opts.template } : {}) });
  const env = {
    ...sb.env(opts.extraEnv),
    ...agentEnvironment({
      runId: 'run-1',
      round: index,
      maxRounds: 3,
      promptFile,
      findingsFile: join(sb.runDir, `round-${index}.findings.json`),
      previousLog: index > 1 ? join(sb.runDir, `round-${index - 1}.log`) : '',
      // Where the engine puts it: inside the worktree, where every CLI may write.
      dispositionsFile: opts.dispositionsFile ?? join(sb.worktree, 'dispositions.json'),
      baseRef: 'origin/main',
      worktree: sb.worktree,
    }),
  };
  const logPath = join(sb.runDir, `round-${index}.log`);
  const result = await runAgent({ argv: built.argv, ...(built.stdin === 'prompt' ? { stdin: PROMPT } : {}), cwd: sb.worktree, env, logPath, timeoutMs: 20_000, ...(opts.onOutput ? { onOutput: opts.onOutput } : {}) });
  return { result, logPath, built };
}

describe('runAgent with the fixture agents', () => {
  let sb: AgentSandbox;
  beforeEach(() => {
    sb = makeAgentSandbox();
  });
  afterEach(cleanupTempDirs);

  it('runs claude in the worktree with the prompt on stdin and every REVISE_* variable', async () => {
    const { result } = await round(sb, 'claude', 1);
    assert.equal(result.status, 'succeeded');
    const [rec] = sb.records();
    assert.equal(rec!.cwd, sb.worktree);
    assert.equal(rec!.stdin, PROMPT);
    assert.deepEqual(rec!.argv, ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits']);
    for (const name of ['REVISE_RUN_ID', 'REVISE_ROUND', 'REVISE_MAX_ROUNDS', 'REVISE_PROMPT_FILE', 'REVISE_FINDINGS_FILE', 'REVISE_PREVIOUS_LOG', 'REVISE_DISPOSITIONS_FILE', 'REVISE_BASE_REF', 'REVISE_WORKTREE']) {
      assert.ok(name in rec!.env, `${name} is set`);
    }
    assert.equal(rec!.env.REVISE_ROUND, '1');
    assert.equal(rec!.env.REVISE_WORKTREE, sb.worktree);
    assert.equal(rec!.env.REVISE_BASE_REF, 'origin/main');
  });

  it('reads back the claude session id, cost and usage, and resumes that session next round', async () => {
    const first = await round(sb, 'claude', 1, { extraEnv: sb.script([{ say: 'Fixed it.' }, { cost: 0.42, usage: { input: 1200, output: 80, cached: 300 } }]) });
    const [rec1] = sb.records();
    assert.equal(first.result.sessionId, rec1!.sessionId);
    assert.equal(first.result.costUsd, 0.42);
    // inputTokens counts every input token, cached ones included (Claude reports them apart).
    assert.deepEqual(first.result.usage, { inputTokens: 1500, outputTokens: 80, cachedInputTokens: 300, cacheCreationInputTokens: 0 });
    assert.equal(first.result.isError, false);
    assert.equal(first.result.finalText, 'Fixed it.');

    const second = await round(sb, 'claude', 2, { sessionId: first.result.sessionId! });
    const rec2 = sb.records()[1]!;
    assert.equal(rec2.resumed, first.result.sessionId);
    assert.equal(rec2.turns, 2, 'the fixture continued the same conversation');
    assert.equal(rec2.env.REVISE_PREVIOUS_LOG, first.logPath);
    assert.equal(second.result.sessionId, first.result.sessionId);
  });

  it('fails the round when claude cannot resume an unknown session, saying so in its result', async () => {
    const lost = '0199a213-81c0-7800-8aa1-bbab2a035a53';
    const { result } = await round(sb, 'claude', 2, { sessionId: lost });
    assert.equal(result.status, 'failed');
    assert.equal(result.exitCode, 1);
    assert.match(result.stderrTail, new RegExp(`No conversation found with session ID: ${lost}`));
    assert.equal(result.failure, `No conversation found with session ID: ${lost}`);
  });

  it('streams the output to the log file and to the subscriber', async () => {
    const chunks: Array<[string, string]> = [];
    const { result, logPath } = await round(sb, 'claude', 1, { extraEnv: sb.script([{ say: 'hello from the agent' }, { stderr: 'a warning\n' }]), onOutput: (c, s) => chunks.push([s, c]) });
    assert.equal(result.status, 'succeeded');
    const log = readFileSync(logPath, 'utf8');
    assert.match(log, /"type":"system","subtype":"init"/);
    assert.match(log, /hello from the agent/);
    assert.match(log, /a warning/);
    assert.ok(chunks.some(([s, c]) => s === 'stdout' && c.includes('hello from the agent')));
    assert.ok(chunks.some(([s, c]) => s === 'stderr' && c.includes('a warning')));
  });

  it('lets the agent edit files in the worktree', async () => {
    writeFileSync(join(sb.worktree, 'parser.ts'), 'const x = 1;\n');
    await round(sb, 'claude', 1, { extraEnv: sb.script([{ replace: 'parser.ts', find: '1', with: '2' }, { write: 'src/new.ts', content: 'export {};\n' }]) });
    assert.equal(readFileSync(join(sb.worktree, 'parser.ts'), 'utf8'), 'const x = 2;\n');
    assert.ok(existsSync(join(sb.worktree, 'src/new.ts')));
  });

  it('marks a round failed when the agent reports an error and exits non-zero', async () => {
    const { result } = await round(sb, 'claude', 1, { extraEnv: sb.script([{ fail: 'API Error: overloaded' }]) });
    assert.equal(result.status, 'failed');
    assert.equal(result.exitCode, 1);
    assert.equal(result.isError, true);
    assert.equal(result.finalText, 'API Error: overloaded');
  });

  it('reports an agent that dies with an exit code of its own', async () => {
    const { result } = await round(sb, 'codex', 1, { extraEnv: sb.script([{ stderr: 'boom\n' }, { exit: 7 }]) });
    assert.deepEqual([result.status, result.exitCode], ['failed', 7]);
    assert.match(result.stderrTail, /boom/);
  });

  it('reads the codex thread id and token usage, and resumes the thread next round', async () => {
    const first = await round(sb, 'codex', 1, { extraEnv: sb.script([{ write: 'a.txt', content: 'a' }, { say: 'B1: fixed — done' }, { usage: { input: 500, output: 20, cached: 100 } }]) });
    assert.equal(first.result.status, 'succeeded');
    const rec1 = sb.records()[0]!;
    assert.equal(rec1.stdin, PROMPT);
    assert.equal(first.result.sessionId, rec1.sessionId);
    assert.deepEqual(first.result.usage, { inputTokens: 500, outputTokens: 20, cachedInputTokens: 100 });
    assert.equal(first.result.costUsd, undefined, 'codex reports tokens, not dollars');
    assert.equal(first.result.finalText, 'B1: fixed — done');
    assert.ok(existsSync(join(sb.worktree, 'a.txt')), 'workspace-write lets codex edit');

    await round(sb, 'codex', 2, { sessionId: first.result.sessionId! });
    const rec2 = sb.records()[1]!;
    assert.deepEqual(rec2.argv.slice(0, 5), ['exec', '-s', 'workspace-write', 'resume', first.result.sessionId]);
    assert.equal(rec2.turns, 2);
  });

  it('reads aider cost from its text output and restores the chat history next round', async () => {
    const first = await round(sb, 'aider', 1, { extraEnv: sb.script([{ say: 'Done.' }, { cost: 0.05, usage: { input: 2300, output: 120 } }]) });
    assert.equal(first.result.status, 'succeeded');
    assert.equal(first.result.costUsd, 0.05);
    assert.deepEqual(first.result.usage, { inputTokens: 2300, outputTokens: 120 });
    assert.match(first.result.finalText!, /Done\./);
    assert.equal(sb.records()[0]!.prompt, PROMPT, 'aider read the prompt file');
    assert.ok(existsSync(join(sb.runDir, 'aider.chat.md')));

    await round(sb, 'aider', 2);
    assert.equal(sb.records()[1]!.restoredTurns, 1);
  });

  it('runs a custom template with its placeholders filled in', async () => {
    const { result } = await round(sb, 'custom', 2, { template: ['claude', '-p', '--output-format', 'json', '--append-system-prompt', 'round {round} in {worktree}'] });
    assert.equal(result.status, 'succeeded');
    const rec = sb.records()[0]!;
    assert.deepEqual(rec.argv, ['-p', '--output-format', 'json', '--append-system-prompt', `round 2 in ${sb.worktree}`]);
    assert.equal(rec.stdin, PROMPT, 'a template without {promptFile} gets the prompt on stdin');
  });

  it('fails clearly, saying how to install it, its details naming the option to fix, when the agent is not installed', async () => {
    const built = buildAgentArgv({ preset: 'claude', promptFile: 'p', worktree: sb.worktree, round: 1, runDir: sb.runDir });
    await assert.rejects(
      runAgent({ argv: built.argv, stdin: PROMPT, cwd: sb.worktree, env: { PATH: sb.runDir }, logPath: join(sb.runDir, 'round-1.log'), timeoutMs: 10_000 }),
      (e: unknown) =>
        e instanceof AgentError &&
        e.code === 'agent-not-found' &&
        /"claude" was not found on PATH\. Install Claude Code \(npm install -g @anthropic-ai\/claude-code\)\.$/.test(e.message) &&
        e.details?.field === 'agent.executable',
    );
  });

  it('names the agent command as the option to fix when the program of a custom template is missing', async () => {
    await assert.rejects(
      runAgent({ argv: ['no-such-agent-xyz'], cwd: sb.worktree, env: {}, logPath: join(sb.runDir, 'x.log'), timeoutMs: 10_000 }),
      (e: unknown) => e instanceof AgentError && e.code === 'agent-not-found' && e.details?.field === 'agent.command' && /was not found on PATH\.$/.test(e.message),
    );
  });

  it('the fixtures reject a flag the real CLI does not know, the way the real CLI does', async () => {
    const log = join(sb.runDir, 'bad.log');
    const claude = await runAgent({ argv: ['claude', '-p', '--frobnicate'], stdin: 'x', cwd: sb.worktree, env: sb.env(), logPath: log, timeoutMs: 10_000 });
    assert.equal(claude.exitCode, 1);
    assert.match(claude.stderrTail, /error: unknown option '--frobnicate'/);
    const codex = await runAgent({ argv: ['codex', 'exec', '--frobnicate', '-'], stdin: 'x', cwd: sb.worktree, env: sb.env(), logPath: log, timeoutMs: 10_000 });
    assert.equal(codex.exitCode, 2);
    assert.match(codex.stderrTail, /unexpected argument '--frobnicate' found/);
    const aider = await runAgent({ argv: ['aider', '--frobnicate'], cwd: sb.worktree, env: sb.env(), logPath: log, timeoutMs: 10_000 });
    assert.equal(aider.exitCode, 2);
    assert.match(aider.stderrTail, /unrecognized arguments: --frobnicate/);
  });

  it('reads the dispositions the agent wrote to its file and at the end of its reply', async () => {
    const { result } = await round(sb, 'claude', 1, { extraEnv: sb.script([{ dispositions: { B1: { kind: 'fixed', note: 'done' } } }, { say: 'Summary.\nN2: deferred #9 — later' }]) });
    const { dispositions, warnings } = readDispositions({ file: join(sb.worktree, 'dispositions.json'), finalText: result.finalText!, findingIds: ['B1', 'N2'], round: 1 });
    assert.deepEqual(warnings, []);
    assert.equal(dispositions.get('B1')?.kind, 'fixed');
    assert.deepEqual(dispositions.get('N2'), { kind: 'deferred', round: 1, issue: '#9', note: 'later' });
  });

  it('claude may not write a dispositions file outside the worktree (as under .git/revise/runs), and says so', async () => {
    const outside = join(sb.runDir, 'round-1.dispositions.json');
    const { result } = await round(sb, 'claude', 1, { dispositionsFile: outside, extraEnv: sb.script([{ dispositions: { B1: { kind: 'fixed' } } }, { say: 'done' }]) });
    assert.equal(result.status, 'succeeded', 'the CLI reports the refusal to the model and carries on');
    assert.equal(existsSync(outside), false);
    assert.deepEqual(result.denials, [{ tool: 'Write', detail: outside }]);
  });

  it('finishes and reports an agent that deleted the worktree .git', async () => {
    const { result, logPath } = await round(sb, 'claude', 1, { extraEnv: sb.script([{ delete: '.git' }, { say: 'oops' }]) });
    assert.equal(result.status, 'succeeded');
    assert.equal(existsSync(join(sb.worktree, '.git')), false);
    assert.match(readFileSync(logPath, 'utf8'), /rm -rf \.git/);
  });
});
