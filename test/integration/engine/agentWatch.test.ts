import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../../../src/agent';
import type { RoundIncident } from '../../../src/core/incidents';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { reviseCli } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import { useStrayProcessCleanup } from '../../helpers/strayProcesses';
import { remoteTip, type RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';

const MISBEHAVING = join(__dirname, '..', '..', 'reliability', 'faults', 'misbehavingAgent.mjs');

describe('engine: agents are watched beyond their worktree', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  const daemons = useStrayProcessCleanup();
  useEngineFixture((made) => ({ fx, engine } = made));

  async function roundWith(args: string[], extra: { logCapBytes?: number } = {}): Promise<{ run: Run; incidents: RoundIncident[] }> {
    const started = await engine.start({ priorBranch: fx.priorBranch });
    const queued = (await engine.decide(started.id, { decisionId: started.pendingDecision!.id, option: 'request-changes', feedback: 'go' })).run;
    const run = await engine.runRound(queued.id, { agent: { preset: 'custom', command: [process.execPath, MISBEHAVING, ...args], timeoutMs: 60_000 }, ...extra });
    const round = run.rounds.at(-1)!;
    assert.equal(round.status, 'succeeded', round.error?.message);
    return { run, incidents: round.incidents ?? [] };
  }

  const kinds = (incidents: RoundIncident[]) => incidents.map((i) => i.kind);

  it('records nothing for an agent that only worked in its worktree', async () => {
    const { incidents } = await roundWith(['flood', '1000']);
    assert.deepEqual(incidents, []);
  });

  it('stops a daemon the agent started with setsid, and records it on the round', async () => {
    const ticks = join(makeTempDir(), 'ticks.txt');
    const { incidents } = await roundWith(['setsid-daemon', ticks]);
    const pid = Number(readFileSync(`${ticks}.pid`, 'utf8'));
    daemons.push(pid);
    assert.equal(isProcessAlive(pid), false, 'the daemon no longer runs');
    assert.deepEqual(kinds(incidents), ['leftover-processes']);
    assert.ok(incidents[0]!.items!.some((item) => item.startsWith(`${pid} `)), JSON.stringify(incidents));
  });

  it('undoes an edit of run.json the agent made (a push redirected elsewhere), keeping the edited file', async () => {
    const { run, incidents } = await roundWith(['edit-run-json']);
    assert.equal(run.pushUrl, undefined, 'the push goes where it went before');
    assert.deepEqual(kinds(incidents), ['run-state-edited']);
    assert.match(readFileSync(incidents[0]!.items![0]!, 'utf8'), /exfiltrate\.git/);
  });

  it('shows writes to the user\'s own checkout', async () => {
    const { run, incidents } = await roundWith(['write-checkout']);
    assert.deepEqual(kinds(incidents), ['user-checkout-changed']);
    assert.deepEqual(incidents[0]!.items, ['README.md', 'agent-was-here.txt']);
    const status = reviseCli(fx.user, ['status', '--run', run.id]);
    assert.deepEqual((status.json.runs as Run[])[0]!.rounds.at(-1)!.incidents, incidents, 'the CLI reports them');
  });

  it('shows changes to the repository\'s config and hooks, without the config values', async () => {
    const { incidents } = await roundWith(['write-config']);
    assert.deepEqual(kinds(incidents), ['repo-config-changed', 'hooks-changed']);
    assert.deepEqual(incidents[0]!.items, ['config: alias.st']);
    assert.ok(!JSON.stringify(incidents).includes('owned'), 'config values stay out of the run');
    assert.deepEqual(incidents[1]!.items, [join(engine.commonDir, 'hooks', 'pre-commit')]);
  });

  it('shows a push the agent made itself to the remote\'s main', async () => {
    const mainBefore = remoteTip(fx, 'main');
    const { incidents } = await roundWith(['push-main']);
    const mainAfter = remoteTip(fx, 'main');
    assert.notEqual(mainAfter, mainBefore, 'the agent really pushed');
    assert.deepEqual(kinds(incidents), ['agent-pushed']);
    assert.deepEqual(incidents[0]!.items, [`refs/remotes/origin/main ${mainBefore.slice(0, 12)} → ${mainAfter.slice(0, 12)}`]);
  });

  it('caps a flooding agent\'s log and notes the cut on the round and in the log', async () => {
    const cap = 256 * 1024;
    const { run, incidents } = await roundWith(['flood', String(3 * 1024 * 1024)], { logCapBytes: cap });
    assert.deepEqual(kinds(incidents), ['log-capped']);
    const log = run.rounds.at(-1)!.logPath!;
    assert.ok(statSync(log).size < cap + 4096, `log is ${statSync(log).size} bytes`);
    const note = /\[revise: log capped at 256 KiB: (\d+) bytes of output cut here, after byte 131072;/.exec(readFileSync(log, 'utf8'));
    assert.ok(note, 'the log says where and how much was cut');
    assert.equal(Number(note[1]), 3 * 1024 * 1024 - cap);
  });
});
