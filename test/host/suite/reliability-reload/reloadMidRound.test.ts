// Runs only as its own host (HOST_TEST_SUITE=reliability-reload). The window reloads while an agent
// is mid-round, which ends this extension host and starts the suite again in a new one: a phase file
// in the workspace's git folder tells the second start what happened before the reload.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Run } from '../../../../src/core/model';
import { sh } from '../../../helpers/gitFixture';
import { recordScenario } from '../../../reliability/report';
import { PRIOR_BRANCH, api, setUpUiFixture, waitForRun } from '../uiFixture';
import { fileAppears } from '../fileAppears';
import { processAlive, processGone, reachableFromRefs, writeBlockingAgent, type AgentMarker } from './blockingAgent';

const workspace = process.env.HOST_TEST_WORKSPACE!;
/** Written just before the reload; its presence means this is the second start. */
const phaseFile = join(workspace, '.git', 'revise-reliability-reload');

interface BeforeReload extends AgentMarker {
  runId: string;
  fixtureRoot: string;
  /** The extension host that owned the round. */
  ownerPid: number;
  priorSha: string;
}

describe('Reliability: window reload mid-round', function () {
  this.timeout(120_000);

  if (!existsSync(phaseFile)) {
    it('reloads the window while the agent is blocked mid-round, after it committed', async () => {
      const fx = await setUpUiFixture();
      const marker = join(fx.root, 'agent-started.json');
      const config = vscode.workspace.getConfiguration('revise');
      await config.update('agent.preset', 'custom', vscode.ConfigurationTarget.Global);
      await config.update('agent.command', writeBlockingAgent(fx.root, marker), vscode.ConfigurationTarget.Global);
      const revise = await api();
      let run = await vscode.commands.executeCommand<Run>('revise.startFromBranch', { branch: PRIOR_BRANCH, base: 'main' });
      assert.ok(run, 'the run started');
      const priorSha = run.rounds[0]!.headAfter!;
      await vscode.commands.executeCommand('revise.requestChanges', { runId: run.id, feedback: 'Keep working until stopped.' });

      // The agent has committed and is now blocked; the round records its pid before the reload.
      await fileAppears(marker);
      const agent = JSON.parse(readFileSync(marker, 'utf8')) as AgentMarker;
      run = await waitForRun(revise, run.id, (r) => r.status === 'running' && r.rounds[1]?.pid === agent.pid);
      assert.ok(processAlive(agent.pid) && processAlive(agent.grandchildPid), 'the agent and its grandchild are running');
      writeFileSync(phaseFile, JSON.stringify({ ...agent, runId: run.id, fixtureRoot: fx.root, ownerPid: process.pid, priorSha } satisfies BeforeReload));
      await vscode.commands.executeCommand('workbench.action.reloadWindow');
      // The reload ends this extension host; the suite starts again in the new one.
      await new Promise<never>(() => undefined);
    });
  } else {
    const before = JSON.parse(readFileSync(phaseFile, 'utf8')) as BeforeReload;

    after(async () => {
      // Should recovery have failed to stop them, the test still leaves no process behind.
      for (const pid of [before.grandchildPid, before.pid]) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(phaseFile, { force: true });
      sh(workspace, ['remote', 'remove', 'origin']);
      const config = vscode.workspace.getConfiguration('revise');
      for (const key of ['agent.command', 'agent.executable', 'agent.preset']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
      rmSync(before.fixtureRoot, { recursive: true, force: true });
    });

    it('comes back interrupted with retry / request changes / abort, stops the orphaned agent, keeps its commit, and retry runs a round', async () => {
      assert.notEqual(process.pid, before.ownerPid, 'a new extension host runs this phase');
      // Evidence for the report: what survived the old extension host before recovery looked.
      console.log(`reload: old host ${before.ownerPid} alive=${processAlive(before.ownerPid)}; agent ${before.pid} alive=${processAlive(before.pid)}; grandchild ${before.grandchildPid} alive=${processAlive(before.grandchildPid)}`);
      const revise = await api();
      let run = await waitForRun(revise, before.runId, (r) => r.status === 'awaiting-decision');
      const round = run.rounds[1]!;
      assert.equal(round.status, 'interrupted');
      assert.match(round.error?.message ?? '', /ended before it finished/);
      const options = run.pendingDecision?.options ?? [];
      for (const option of ['retry-round', 'request-changes', 'abort'] as const) assert.ok(options.includes(option), `${option} is offered (got ${options.join(', ')})`);

      // The agent outlived its extension host (its own process group); recovery stopped the group.
      await processGone(before.pid);
      await processGone(before.grandchildPid);

      // Nothing the agent committed before the reload is lost.
      assert.ok(reachableFromRefs(workspace, before.sha), `the agent's commit ${before.sha} is reachable from a ref`);
      assert.ok(reachableFromRefs(workspace, before.priorSha), 'the prior attempt is reachable from a ref');

      // Retry actually runs a round, on top of the interrupted round's commit.
      const engine = await revise.model.engine();
      await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'retry-round' });
      run = (await vscode.commands.executeCommand<Run>('revise.runNextRound', { runId: run.id }))!;
      assert.ok(run, 'the retried round ran');
      const retried = run.rounds[run.rounds.length - 1]!;
      assert.equal(retried.status, 'succeeded');
      assert.equal(run.status, 'awaiting-decision');
      assert.ok(retried.headAfter, 'the retried round has a head');
      assert.equal(sh(run.worktree, ['merge-base', '--is-ancestor', before.sha, retried.headAfter]), '', 'the retried round builds on the commit');
      assert.ok(existsSync(join(run.worktree, 'agent-retry.txt')), 'the retried round did its work');
      const commits = [before.priorSha, before.sha, retried.headAfter];
      const lost = commits.filter((sha) => !reachableFromRefs(workspace, sha)).length;
      assert.equal(lost, 0);

      recordScenario({
        scenario: 'window reload mid-round',
        trials: 1,
        commitsChecked: commits.length,
        lost,
        outcome: `round ${round.index} interrupted; retry / request changes / abort offered; the orphaned agent group (pid ${before.pid} + grandchild) was killed on recovery; retry ran round ${retried.index} on top of the agent's commit`,
      });
    });
  }
});
