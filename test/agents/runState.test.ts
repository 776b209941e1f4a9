/**
 * The run's own state is out of the real agent's reach: the run folder (run.json, the round logs, the
 * kept dispositions) lives under the repository's `.git/revise/runs/`, outside the worktree. A Claude
 * Write and a Codex shell command or patch aimed at it are refused by the CLI itself, while the
 * agent's files in the worktree's `.revise/` stay writable.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRound, useAgentWorlds, type AgentName } from './harness';
import type { Step } from './modelServer/script';
import { describeRound, lastRequestBody, lastRound, toolResults } from './roundChecks';
import { storeOf } from '../../src/engine/testSeam';

const PLANTED = 'planted-by-the-agent';

function attempts(agent: AgentName, runDir: string): Step[] {
  const runJson = join(runDir, 'run.json');
  const planted = join(runDir, 'planted.txt');
  if (agent === 'claude') {
    return [
      { tool: 'Write', input: { file_path: planted, content: PLANTED } },
      { tool: 'Edit', input: { file_path: runJson, old_string: '"rounds"', new_string: `"${PLANTED}": true, "rounds"` } },
      { text: 'Tried.' },
    ];
  }
  return [
    { tool: 'exec_command', input: { cmd: `printf ${PLANTED} > '${planted}'; printf ${PLANTED} >> '${runJson}'` } },
    { tool: 'apply_patch', input: `*** Begin Patch\n*** Add File: ${join(runDir, 'patched.txt')}\n+${PLANTED}\n*** End Patch\n` },
    { text: 'Tried.' },
  ];
}

for (const agent of ['claude', 'codex'] as const) {
  describe(`real agent: ${agent} cannot write the run's own state`, function () {
    this.timeout(60_000);
    const newWorld = useAgentWorlds(agent);

    it('refuses writes into the run folder; the round still succeeds and run.json is only what Revise wrote', async () => {
      const world = await newWorld();
      const runDir = storeOf(world.engine).runDir(world.runId);
      const { result, run } = await runRound(world, attempts(agent, runDir));
      const round = lastRound(run);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.equal(round.status, 'succeeded', describeRound(round));
      assert.equal(existsSync(join(runDir, 'planted.txt')), false, 'no file planted in the run folder');
      assert.equal(existsSync(join(runDir, 'patched.txt')), false, 'no file patched into the run folder');
      assert.doesNotMatch(readFileSync(join(runDir, 'run.json'), 'utf8'), new RegExp(PLANTED), 'run.json holds only what Revise wrote');
      const results = toolResults(lastRequestBody(world));
      assert.equal(results.length, 2, 'both attempts reached the CLI');
      assert.ok(results.every((r) => r.isError), `the CLI refused both: ${JSON.stringify(results)}`);
      if (agent === 'claude') assert.ok((round.agent?.denied?.length ?? 0) >= 1, `Claude's refusals are recorded: ${JSON.stringify(round.agent?.denied)}`);
    });
  });
}
