/**
 * `revise autopilot` with the real Claude Code CLI (and one Codex case) against the scripted model
 * server: each stop condition, the budget enforced before a round, and the CLI killed (kill -9) in the
 * middle of a round and between rounds, then resumed. The blocking finding comes from a real re-scan: a
 * small linter (`null-lint`, SARIF) that reports the missing null check until the code has one.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Run } from '../../src/core/model';
import { pushFromSeed, sh } from '../helpers/gitFixture';
import { pathAfter, startRevise, useAgentWorlds, type AgentWorld } from './harness';
import type { Step } from './modelServer/script';
import { dispositionsJson } from './roundChecks';
import { storeOf } from '../../src/engine/testSeam';

const DISPOSITIONS = /Either write/;
const FIXED = '  if (!token) throw new Error("empty input");\n  return token.value;';

const LINTER = `
const fs = require('fs');
const text = fs.readFileSync('src/parse.ts', 'utf8');
const results = text.includes('if (!token)') ? [] : [{ ruleId: 'null-check', level: 'error', message: { text: 'Null check missing: token may be undefined' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file://' + process.cwd() + '/src/parse.ts' }, region: { startLine: 2, endLine: 3 } } }] }];
process.stdout.write(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'null-lint' } }, results }] }));
`;

/** The world's run with its manual finding replaced by the linter's (the re-scan verifies or refutes it); round 1 stays queued. */
async function linted(world: AgentWorld): Promise<string> {
  const linter = join(world.fx.root, 'null-lint.js');
  writeFileSync(linter, LINTER);
  const sarif = join(world.fx.root, 'first-scan.sarif');
  writeFileSync(sarif, spawnSync(process.execPath, [linter], { cwd: world.worktree, encoding: 'utf8' }).stdout);
  await world.engine.setFindingStatus(world.runId, 'B1', 'dismissed', 'the linter reports it');
  await world.engine.importReview(world.runId, { file: sarif, format: 'sarif' });
  return `${process.execPath} ${linter}`;
}

function fixParse(world: AgentWorld): Step[] {
  const file = join(world.worktree, 'src', 'parse.ts');
  return [
    { tool: 'Read', input: { file_path: file } },
    { tool: 'Edit', input: { file_path: file, old_string: '  return token.value;', new_string: FIXED } },
  ];
}

function dispositions(entries: Record<string, { kind: string; note: string }>): Step {
  return { tool: 'Write', input: (request: string) => ({ file_path: pathAfter(DISPOSITIONS)(request), content: dispositionsJson(entries) }) };
}

function autopilot(world: AgentWorld, reviewer: string, extra: string[] = []) {
  return startRevise(world, ['autopilot', world.runId, '--agent', world.agent, '--agent-executable', world.bin, '--reviewer-command', reviewer, ...extra]);
}

function blockingId(run: Run): string {
  const f = run.findings.find((x) => x.source.author === 'null-lint');
  assert.ok(f, 'the linter\'s finding was imported');
  return f.id;
}

describe('real agent: revise autopilot with Claude Code', function () {
  this.timeout(90_000);
  const newWorld = useAgentWorlds('claude');

  it('stops with all-fixed once the re-scan no longer reports the finding; records budget, spend and re-checks; pushes nothing', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([...fixParse(world), dispositions({ [id]: { kind: 'fixed', note: 'null check added' } }), { text: 'Fixed.' }]);
    const remoteBefore = sh(world.fx.user, ['ls-remote', 'origin', `refs/heads/${world.fx.priorBranch}`]);
    const result = await autopilot(world, reviewer, ['--max-rounds', '3', '--max-cost-usd', '5']).done;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const stop = result.json.result?.stop as { reason: string };
    assert.equal(stop.reason, 'all-fixed');
    const run = await world.engine.get(world.runId);
    const ap = run.autopilot!;
    assert.equal(ap.status, 'stopped');
    assert.deepEqual(ap.rounds, [1]);
    assert.equal(ap.spent.rounds, 1);
    assert.ok(ap.spent.costUsd > 0 && ap.spent.costUsd === run.rounds[1]!.agent?.costUsd, 'the spend is the cost the agent reported');
    assert.ok(ap.spent.tokens > 0);
    assert.deepEqual(ap.budget, { maxRounds: 3, maxCostUsd: 5 });
    const check = ap.checks.at(-1)!;
    assert.deepEqual(check.openBlocking, []);
    assert.deepEqual(check.results.find((r) => r.name === 'reviewer')?.verified, [id]);
    assert.equal(check.results.find((r) => r.name === 'branch')?.outcome, 'passed');
    assert.equal(run.status, 'awaiting-decision', 'approve stays a person\'s decision');
    assert.equal(sh(world.fx.user, ['ls-remote', 'origin', `refs/heads/${world.fx.priorBranch}`]), remoteBefore, 'nothing was pushed');
    assert.ok(run.rounds[1]!.agent?.argv.includes('--max-budget-usd'), 'the agent got what is left of the money budget as its own limit');
  });

  it('enforces the budget before a round: the rounds cap, then (resumed) the token estimate, with no request to the model', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    // The agent claims a fix it did not make: the re-scan finds it still present, so the work goes on — until the budget says no.
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([dispositions({ [id]: { kind: 'fixed', note: 'should be fine' } }), { text: 'Done.' }]);
    const first = await autopilot(world, reviewer, ['--max-rounds', '1']).done;
    assert.equal(first.code, 8, first.stdout + first.stderr);
    let run = await world.engine.get(world.runId);
    assert.deepEqual([run.autopilot?.stop?.reason, run.autopilot?.stop?.limit], ['budget', 'rounds']);
    assert.equal(run.findings.find((f) => f.id === id)?.verification?.outcome, 'still-present');
    const turns = world.script.taken.length;
    const spent = run.autopilot!.spent.tokens;

    // Room for half a round more: the largest round so far says the next one would pass it.
    const resumed = await autopilot(world, reviewer, ['--resume', '--max-rounds', '5', '--max-tokens', String(Math.floor(spent * 1.5))]).done;
    assert.equal(resumed.code, 8, resumed.stdout + resumed.stderr);
    run = await world.engine.get(world.runId);
    assert.deepEqual([run.autopilot?.stop?.reason, run.autopilot?.stop?.limit], ['budget', 'tokens']);
    assert.equal(world.script.taken.length, turns, 'no round was started: the model got no request');
    assert.equal(run.rounds.length, 2, 'no round was queued');
    assert.equal(run.autopilot?.budget.maxRounds, 5, 'limits given on resume replace the recorded ones');
    assert.equal(run.autopilot?.spent.tokens, spent, 'the recorded spend carried over');
  });

  it('stops with agent-question when the agent asks a person', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    world.script.add([{ text: 'I need to know one thing first.\nQUESTION: Should parse("") return null instead of throwing?' }]);
    const result = await autopilot(world, reviewer).done;
    assert.equal(result.code, 9, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'agent-question');
    assert.deepEqual(run.autopilot?.stop?.questions, ['Should parse("") return null instead of throwing?']);
  });

  it('stops with no-progress after two rounds that leave the same blocking finding, the second one queued with the open findings as feedback', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([{ text: 'Looked at it.' }, { text: 'Looked again.' }]);
    const result = await autopilot(world, reviewer, ['--max-rounds', '4']).done;
    assert.equal(result.code, 9, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'no-progress');
    assert.deepEqual(run.autopilot?.rounds, [1, 2]);
    assert.match(run.rounds[2]!.feedback ?? '', new RegExp(`Autopilot round 2 of at most 4[\\s\\S]*- ${id} \\(`));
    assert.equal(run.history.at(-1)?.by, 'revise autopilot', 'the autopilot\'s own decisions are recorded as its own');
  });

  it('stops with branch-pushed when someone else pushes to the branch during a round', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    world.script.add([
      // The teammate pushes while the model answers: a real push to the real remote.
      { tool: 'Read', input: () => (pushFromSeed(world.fx, world.fx.priorBranch, 'teammate', { 'TEAMMATE.md': 'mine\n' }), { file_path: join(world.worktree, 'src', 'parse.ts') }) },
      { text: 'Working.' },
    ]);
    const result = await autopilot(world, reviewer).done;
    assert.equal(result.code, 10, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'branch-pushed');
    assert.match(run.autopilot.stop.message, /Someone else pushed/);
  });

  it('stops with round-failed when the round fails', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    world.script.add([{ fault: 'unauthorized', sticky: true }]);
    const result = await autopilot(world, reviewer).done;
    assert.equal(result.code, 4, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'round-failed');
    assert.equal(run.pendingDecision?.kind, 'round-failed', 'the run offers retry, request changes or abort');
  });

  it('cancelled with Ctrl-C (SIGINT) in the middle of a round: the round is cancelled, the autopilot records it and exits 7', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    world.script.add([{ fault: 'hang' }]);
    const cli = autopilot(world, reviewer);
    await world.script.whenTaken(1);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    assert.equal(result.code, 7, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.rounds[1]?.status, 'cancelled');
    assert.deepEqual([run.autopilot?.status, run.autopilot?.stop?.reason], ['stopped', 'cancelled']);
    assert.equal(run.autopilot?.owner, undefined);
  });

  it('killed (kill -9) in the middle of a round, leaves a consistent run; --resume retries the round within the recorded budget and finishes', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([{ fault: 'hang' }]);
    const cli = autopilot(world, reviewer, ['--max-rounds', '3']);
    await world.script.whenTaken(1);
    cli.child.kill('SIGKILL');
    await cli.done;
    let run = await world.engine.get(world.runId);
    assert.equal(run.rounds[1]?.status, 'interrupted');
    assert.equal(run.autopilot?.status, 'stopped');
    assert.equal(run.autopilot?.stop?.reason, 'interrupted');
    assert.equal(run.autopilot?.spent.rounds, 1, 'the interrupted round counts against the budget');

    world.script.add([...fixParse(world), dispositions({ [id]: { kind: 'fixed', note: 'null check added' } }), { text: 'Fixed.' }]);
    const resumed = await autopilot(world, reviewer, ['--resume']).done;
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'all-fixed');
    assert.deepEqual(run.autopilot?.rounds, [1, 2]);
    assert.equal(run.rounds[2]?.kind, 'retry');
    assert.equal(run.autopilot?.resumedAt?.length, 1);
  });

  it('killed (kill -9) between rounds, leaves a consistent run that resumes', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([{ text: 'Looked at it.' }]);
    const cli = autopilot(world, reviewer, ['--max-rounds', '3']);
    // Round 1 is recorded with its re-checks; the CLI dies as it moves on to round 2 (its agent takes seconds to start).
    const between = new Promise<void>((resolve) => {
      const watch = world.engine.watchStore(() => {
        void storeOf(world.engine).get(world.runId).then((r) => {
          if ((r.autopilot?.checks.length ?? 0) >= 2) {
            watch.dispose();
            resolve();
          }
        }, () => undefined);
      });
    });
    await between;
    cli.child.kill('SIGKILL');
    await cli.done;
    assert.equal(world.script.taken.length, 1, 'no agent of round 2 reached the model before the kill');
    let run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'interrupted');
    assert.ok(run.status === 'awaiting-decision' || run.rounds.at(-1)?.status === 'queued', `consistent: ${run.status} ${run.rounds.at(-1)?.status}`);

    world.script.add([...fixParse(world), dispositions({ [id]: { kind: 'fixed', note: 'null check added' } }), { text: 'Fixed.' }]);
    const resumed = await autopilot(world, reviewer, ['--resume']).done;
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'all-fixed');
    assert.ok(run.autopilot.spent.rounds <= 3);
  });
});

describe('real agent: revise autopilot with a Claude Code reviewer agent', function () {
  this.timeout(90_000);
  const newWorld = useAgentWorlds('claude');

  it('drives a round with the reviewer\'s NO-GO findings and stops with all-fixed when its next review says GO; its cost counts against the budget', async () => {
    const world = await newWorld();
    await world.engine.setFindingStatus(world.runId, 'B1', 'dismissed', 'the reviewer agent decides');
    const empty = { id: null, severity: 'blocking', title: 'Empty input still throws', message: 'next("") returns undefined and .value throws.', file: 'src/parse.ts', line: 3, endLine: 3 };
    world.script.add([
      { text: 'Looked at it.' },
      { tool: 'StructuredOutput', input: { verdict: 'NO-GO', summary: 'The crash on empty input is not fixed.', findings: [empty] } },
      ...fixParse(world),
      { text: 'Fixed.' },
      { tool: 'StructuredOutput', input: { verdict: 'GO', summary: 'Nothing blocking left.', findings: [] } },
    ]);
    const result = await startRevise(world, ['autopilot', world.runId, '--agent', 'claude', '--agent-executable', world.bin, '--reviewer-agent', `claude=${world.bin}`, '--max-rounds', '3']).done;
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    const ap = run.autopilot!;
    assert.equal(ap.stop?.reason, 'all-fixed');
    assert.deepEqual(ap.rounds, [1, 2]);
    const [one, two] = ap.checks.slice(1).map((c) => c.results.find((r) => r.name === 'reviewer-agents')!);
    assert.equal(one?.outcome, 'failed');
    assert.match(one?.detail ?? '', /claude NO-GO/);
    const added = one?.added ?? [];
    assert.equal(added.length, 1);
    assert.match(run.rounds[2]!.feedback ?? '', new RegExp(`- ${added[0]} \\(Empty input still throws\\)`), 'the next round was asked to fix the reviewer\'s finding');
    assert.equal(two?.outcome, 'passed');
    assert.deepEqual(two?.verified, added, 'the GO review no longer reports it: verified');
    const agentCost = run.rounds.slice(1).reduce((sum, r) => sum + (r.agent?.costUsd ?? 0), 0);
    assert.ok(ap.spent.costUsd > agentCost, `the reviews' cost is counted too (${ap.spent.costUsd} > ${agentCost})`);
  });
});

describe('real agent: revise autopilot with Codex', function () {
  this.timeout(90_000);
  const newWorld = useAgentWorlds('codex');

  it('stops with agent-disagrees when the agent disagrees with the blocking finding', async () => {
    const world = await newWorld();
    const reviewer = await linted(world);
    const id = blockingId(await world.engine.get(world.runId));
    world.script.add([{ text: `Not changing this.\n${id}: disagree — the caller guarantees a token` }]);
    const result = await autopilot(world, reviewer).done;
    assert.equal(result.code, 9, result.stdout + result.stderr);
    const run = await world.engine.get(world.runId);
    assert.equal(run.autopilot?.stop?.reason, 'agent-disagrees');
    assert.deepEqual(run.autopilot?.stop?.findings, [id]);
    assert.equal(result.json.ok, false);
    assert.equal((result.json.result?.stop as { reason: string }).reason, 'agent-disagrees');
  });
});
