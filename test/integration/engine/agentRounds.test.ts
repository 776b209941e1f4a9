import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../../src/core/model';
import type { AgentConfig, Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { FIXTURE_BIN, type FixtureRecord } from '../agent/agentFixtures';
import { storeOf } from '../../../src/engine/testSeam';

/**
 * Rounds through the engine with the claude and codex fixtures, which refuse what the real CLIs
 * refuse: resumed Codex rounds keep write access, failures carry the CLI's words, lost sessions
 * fall back to a fresh one, denials and limits are recorded, and bad agent settings change nothing.
 */
describe('engine: rounds with the claude and codex fixtures', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  let scratch: string;
  let saved: NodeJS.ProcessEnv;
  useEngineFixture((made) => ({ fx, engine } = made));

  beforeEach(() => {
    scratch = makeTempDir('revise-agent-rounds-');
    saved = { ...process.env };
    process.env.FIXTURE_AGENT_RECORD = join(scratch, 'record.jsonl');
    process.env.FIXTURE_AGENT_STATE = join(scratch, 'state');
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  const agent = (preset: 'claude' | 'codex', extra: Partial<AgentConfig> = {}): AgentConfig => ({ preset, executable: join(FIXTURE_BIN, preset), timeoutMs: 30_000, ...extra });
  const script = (steps: unknown) => {
    const file = join(scratch, `script-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(steps));
    process.env.FIXTURE_AGENT_SCRIPT = file;
  };
  const records = (): FixtureRecord[] => (existsSync(process.env.FIXTURE_AGENT_RECORD!) ? readFileSync(process.env.FIXTURE_AGENT_RECORD!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FixtureRecord) : []);

  async function queued(): Promise<Run> {
    const run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none', maxRounds: 5 });
    await engine.addFinding(run.id, { file: 'README.md', line: 1, severity: 'blocking', message: 'Say more' });
    return next(run.id);
  }
  async function next(runId: string): Promise<Run> {
    const run = await engine.get(runId);
    return (await engine.decide(runId, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
  }

  it('resumes the codex thread in round 2 with the same write access as round 1', async () => {
    const run = await queued();
    script({ 1: [{ write: 'one.txt', content: '1' }, { say: 'B1: fixed — one' }], 2: [{ write: 'two.txt', content: '2' }, { dispositions: { B1: { kind: 'fixed', note: 'two' } } }, { say: 'done' }] });
    const one = await engine.runRound(run.id, { agent: agent('codex') });
    assert.equal(one.rounds[1]!.status, 'succeeded', JSON.stringify(one.rounds[1]));
    await next(run.id);
    const two = await engine.runRound(run.id, { agent: agent('codex') });
    const round2 = two.rounds[2]!;
    assert.equal(round2.status, 'succeeded', JSON.stringify(round2.error));
    assert.deepEqual(round2.agent!.argv.slice(1, 6), ['exec', '-s', 'workspace-write', 'resume', one.rounds[1]!.agent!.sessionId]);
    assert.equal(records()[1]!.turns, 2, 'the fixture continued the same thread');
    assert.match(sh(run.worktree, ['show', '--name-only', '--format=', 'HEAD']), /two\.txt/, "round 2's edit is committed");
    assert.equal(two.findings[0]!.disposition?.note, 'two', 'the dispositions file inside the worktree was writable');
    assert.equal(round2.agent!.policy?.sandbox, 'workspace-write');
  });

  it('treats codex reconnect notices followed by a completed turn as a success', async () => {
    const run = await queued();
    script([{ reconnect: 2 }, { write: 'a.txt', content: 'a' }, { say: 'B1: fixed — after two retries' }]);
    const done = await engine.runRound(run.id, { agent: agent('codex') });
    const round = done.rounds[1]!;
    assert.equal(round.status, 'succeeded', JSON.stringify(round.error));
    assert.equal(round.error, undefined);
    assert.equal(round.agent!.isError, false);
  });

  for (const preset of ['claude', 'codex'] as const) {
    it(`starts a fresh ${preset} session with the full prompt when the previous one is gone, and records it`, async () => {
      const run = await queued();
      script([{ write: 'a.txt', content: 'a' }, { say: 'B1: fixed — done' }]);
      const one = await engine.runRound(run.id, { agent: agent(preset) });
      const lost = one.rounds[1]!.agent!.sessionId!;
      rmSync(join(scratch, 'state'), { recursive: true, force: true });
      await next(run.id);
      const two = await engine.runRound(run.id, { agent: agent(preset) });
      const round = two.rounds[2]!;
      assert.equal(round.status, 'succeeded', JSON.stringify(round.error));
      assert.equal(round.agent!.freshSession?.lostSessionId, lost);
      assert.match(round.agent!.freshSession.reason, preset === 'claude' ? /No conversation found/ : /no rollout found/);
      assert.notEqual(round.agent!.sessionId, lost, 'the new session is kept for the next round');
      const [, failed, fresh] = records();
      assert.equal(failed!.resumed, lost);
      assert.equal(fresh!.resumed, null);
      assert.equal(fresh!.stdin, readFileSync(round.promptPath!, 'utf8'), 'the fresh session gets the full prompt');
      assert.match(readFileSync(round.logPath!, 'utf8'), new RegExp(`session ${lost} could not be resumed .*starting a fresh session`));
    });
  }

  for (const [label, preset, steps, words] of [
    ['a claude API error', 'claude', [{ fail: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"Invalid API key"}}' }], /Invalid API key/],
    ['a failed codex turn', 'codex', [{ reconnect: 1 }, { fail: 'Selected model is at capacity. Please try a different model.' }], /^Selected model is at capacity/],
    ['a usage error on stderr', 'codex', [{ stderr: "WARNING: proceeding\nerror: unexpected argument '--bogus' found\n\nUsage: codex exec [OPTIONS]\n" }, { exit: 2 }], /^error: unexpected argument '--bogus' found$/],
  ] as const) {
    it(`records ${label} in the CLI's own words on the failed round`, async () => {
      const run = await queued();
      script(steps);
      const done = await engine.runRound(run.id, { agent: agent(preset) });
      const round = done.rounds[1]!;
      assert.equal(round.status, 'failed');
      assert.equal(round.error?.code, 'agent-failed');
      assert.match(round.error.message, words);
      assert.equal(done.pendingDecision?.kind, 'round-failed');
    });
  }

  it('lets claude run the verify command by default, records what it was denied, and applies a turn limit', async () => {
    const run = await queued();
    const verify = [process.execPath, '-e', 'process.exit(0)'];
    script([{ bash: `${process.execPath} -e process.exit(0)` }, { bash: 'git push --force' }, { say: 'B1: fixed — ok' }]);
    const done = await engine.runRound(run.id, { agent: agent('claude'), verifyCommand: verify });
    const round = done.rounds[1]!;
    assert.equal(round.status, 'succeeded');
    assert.deepEqual(round.agent!.policy?.allowedCommands, [verify.join(' ')]);
    assert.ok(round.agent!.argv.includes(`Bash(${verify.join(' ')}:*)`));
    assert.deepEqual(round.agent!.denied, [{ tool: 'Bash', detail: 'git push --force' }]);

    await next(run.id);
    script([{ write: 'a.txt', content: 'a' }, { write: 'b.txt', content: 'b' }, { say: 'never reached' }]);
    const limited = await engine.runRound(run.id, { agent: agent('claude', { maxTurns: 2, allowedCommands: [] }) });
    const round2 = limited.rounds[2]!;
    assert.equal(round2.status, 'failed');
    assert.equal(round2.error?.message, 'Reached maximum number of turns (2)');
    assert.deepEqual(round2.agent!.policy, { allowedCommands: [], limits: { maxTurns: 2 }, notes: [] });
  });

  it('says in the log that codex has no turn limit instead of passing a flag it lacks', async () => {
    const run = await queued();
    const done = await engine.runRound(run.id, { agent: agent('codex', { maxTurns: 3 }) });
    const round = done.rounds[1]!;
    assert.equal(round.status, 'succeeded', JSON.stringify(round.error));
    assert.deepEqual(round.agent!.policy?.limits, {});
    assert.match(readFileSync(round.logPath!, 'utf8'), /codex has no turn limit/);
  });

  it("keeps the agent's folder out of the commit even when the agent commits everything itself", async () => {
    const run = await queued();
    const commit = 'git add --all && git -c user.name=agent -c user.email=agent@example.invalid commit -qm "agent commit"';
    script([{ write: 'made.txt', content: 'x' }, { dispositions: { B1: { kind: 'fixed' } } }, { bash: commit }, { say: 'done' }]);
    const done = await engine.runRound(run.id, { agent: agent('claude', { allowedCommands: [['*']] }) });
    const round = done.rounds[1]!;
    assert.equal(round.status, 'succeeded', JSON.stringify(round.error));
    assert.equal(sh(run.worktree, ['log', '-1', '--format=%s']), 'agent commit');
    const tree = sh(run.worktree, ['ls-tree', '-r', '--name-only', 'HEAD']);
    assert.match(tree, /made\.txt/);
    assert.doesNotMatch(tree, /\.revise/);
    assert.equal(done.findings[0]!.disposition?.kind, 'fixed');
    assert.equal(existsSync(join(run.worktree, '.revise')), false);
  });

  it("refuses to use a .revise folder of the project's own and leaves it alone", async () => {
    const run = await queued();
    mkdirSync(join(run.worktree, '.revise'));
    writeFileSync(join(run.worktree, '.revise', 'config.json'), '{}');
    const done = await engine.runRound(run.id, { agent: agent('claude') }).catch((e: unknown) => e);
    assert.equal((done as { code?: string }).code, 'bad-input');
    assert.equal(readFileSync(join(run.worktree, '.revise', 'config.json'), 'utf8'), '{}');
    assert.equal((await engine.get(run.id)).rounds[1]!.status, 'failed');
  });

  describe('bad agent settings leave the run exactly as it was', () => {
    const runJson = (run: Run) => join(storeOf(engine).runDir(run.id), 'run.json');
    for (const [label, config] of [
      ['an unknown preset', { preset: 'gpt-agent', timeoutMs: 1000 }],
      ['a custom template with a bad placeholder', { preset: 'custom', command: ['my-agent', '--prompt', '{prompt-file}'], timeoutMs: 1000 }],
      ['a zero turn limit', { preset: 'claude', maxTurns: 0, timeoutMs: 1000 }],
    ] as const) {
      it(`refuses ${label} with bad-input`, async () => {
        const run = await queued();
        const before = readFileSync(runJson(run));
        const error = await engine.runRound(run.id, { agent: config as unknown as AgentConfig }).catch((e: unknown) => e);
        assert.equal((error as { code?: string }).code, 'bad-input', String(error));
        assert.deepEqual(readFileSync(runJson(run)), before);
        assert.deepEqual(records(), [], 'no agent ran');
      });
    }

    it('refuses a previous session id that is not a plain id', async () => {
      const run = await queued();
      const doc = JSON.parse(readFileSync(runJson(run), 'utf8')) as Run;
      doc.rounds[0]!.agent = { preset: 'claude', argv: ['claude'], sessionId: '--dangerously-skip-permissions' };
      writeFileSync(runJson(run), JSON.stringify(doc, null, 2));
      const before = readFileSync(runJson(run));
      const error = await engine.runRound(run.id, { agent: agent('claude') }).catch((e: unknown) => e);
      assert.equal((error as { code?: string }).code, 'bad-input');
      assert.match((error as Error).message, /not a plain id/);
      assert.deepEqual(readFileSync(runJson(run)), before);
    });
  });
});
