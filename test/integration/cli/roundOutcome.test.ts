import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { roundExitCode } from '../../../src/cli/commands';
import { roundLines } from '../../../src/cli/format';
import { main } from '../../../src/cli/main';
import type { Round, Run } from '../../../src/core/model';
import { FIXTURE_BIN, reviseCli } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('revise round: exit codes and what it prints about the round', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  let fx: RemoteFixture;
  let scratch: string;

  before(() => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'a.txt': 'a\n' });
    scratch = makeTempDir('revise-round-outcome-');
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  function queuedRun(): Run {
    const started = reviseCli(fx.user, ['start', '--branch', fx.priorBranch, '--base-update', 'none', '--max-rounds', '5']).json.run as Run;
    const decided = reviseCli(fx.user, ['decide', '--run', started.id, '--decision', started.pendingDecision!.id, 'request-changes']);
    assert.equal(decided.code, 0, decided.stdout + decided.stderr);
    return started;
  }
  function env(steps: unknown): Record<string, string> {
    const script = join(scratch, `script-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(script, JSON.stringify(steps));
    return { PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_SCRIPT: script };
  }

  it('exits 4 for a failed round and prints the CLI reason with the run', () => {
    const run = queuedRun();
    const result = reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env([{ fail: 'API Error: 401 Invalid API key · Please run /login' }]));
    assert.equal(result.code, 4, result.stdout + result.stderr);
    assert.equal(result.json.ok, false, 'a failed round is not ok');
    const round = result.json.result?.round as Round;
    assert.equal(round.status, 'failed');
    assert.deepEqual(round.error, { code: 'agent-failed', message: 'API Error: 401 Invalid API key · Please run /login' });
    assert.equal((result.json.run as Run).pendingDecision?.kind, 'round-failed', 'the run still offers retry, request changes or abort');
  });

  it('exits 6 for a round that timed out', () => {
    const run = queuedRun();
    const result = reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'codex', '--timeout-s', '1'], env([{ hang: true }]));
    assert.equal(result.code, 6, result.stdout + result.stderr);
    assert.equal((result.json.result?.round as Round).error?.code, 'agent-timeout');
  });

  it('passes --allow-command, --max-turns and --max-budget-usd to claude and records them', () => {
    const run = queuedRun();
    const result = reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude', '--allow-command', 'npm test', '--allow-command', 'git status', '--max-turns', '9', '--max-budget-usd', '1.5'], env([{ bash: 'git log' }, { say: 'done' }]));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const round = result.json.result?.round as Round;
    assert.deepEqual(round.agent?.policy, { allowedCommands: ['npm test', 'git status'], limits: { maxTurns: 9, maxBudgetUsd: 1.5 }, notes: [] });
    assert.deepEqual(round.agent?.denied, [{ tool: 'Bash', detail: 'git log' }]);
    const bad = reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude', '--max-budget-usd', 'lots']);
    assert.equal(bad.code, 2);
    assert.equal(bad.json.error?.code, 'bad-input');
  });

  it('on a terminal, prints each command the agent was denied once (the progress stream does not repeat the report)', async () => {
    const run = queuedRun();
    const script = env([{ bash: 'git push' }, { say: 'done' }]).FIXTURE_AGENT_SCRIPT!;
    // In process, with a terminal on stderr: the engine's agent inherits this process's environment.
    const saved = process.env.FIXTURE_AGENT_SCRIPT;
    process.env.FIXTURE_AGENT_SCRIPT = script;
    let seen = '';
    try {
      const write = (t: string): void => void (seen += t);
      const code = await main(['round', '--run', run.id, '--agent', 'claude', '--agent-executable', join(FIXTURE_BIN, 'claude'), '--repo', fx.user], { stdout: write, stderr: write, isTTY: true, env: {} });
      assert.equal(code, 0, seen);
    } finally {
      if (saved === undefined) delete process.env.FIXTURE_AGENT_SCRIPT;
      else process.env.FIXTURE_AGENT_SCRIPT = saved;
    }
    assert.equal(seen.match(/denied: Bash git push/g)?.length, 1, `one denial line on the terminal:\n${seen}`);
    assert.match(seen, /round 1 succeeded[^\n]*\n( {2}[^\n]*\n)* {2}denied: Bash git push\n/, 'the report lists it under the round');
  });

  it('maps each round status to its exit code', () => {
    assert.deepEqual(
      (['succeeded', 'failed', 'timed-out', 'cancelled'] as const).map(roundExitCode),
      [0, 4, 6, 7],
    );
  });

  it('prints the reason, a lost session, what the agent was allowed and what it was denied', () => {
    const round = {
      index: 2, kind: 'requested', status: 'failed', headBefore: null, headAfter: null, exitCode: 1, logPath: null, promptPath: null, startedAt: '',
      error: { code: 'agent-failed', message: 'Reached maximum number of turns (3)' },
      agent: {
        preset: 'claude', argv: ['claude'],
        policy: { allowedCommands: ['npm test'], limits: { maxTurns: 3 }, notes: [] },
        denied: [{ tool: 'Bash', detail: 'git push' }],
        freshSession: { lostSessionId: 'abc', reason: 'No conversation found with session ID: abc' },
      },
    } as Round;
    assert.deepEqual(roundLines(round), [
      'round 2 failed (exit 1)',
      '  reason: Reached maximum number of turns (3)',
      '  session abc could not be resumed (No conversation found with session ID: abc); ran in a fresh session',
      '  allowed: npm test; limits: maxTurns 3',
      '  denied: Bash git push',
    ]);
  });
});
