/**
 * `revise autopilot` as a person and a script see it: the stop reason, the spend and the re-checks in
 * the text, with the next step; usage errors refused before anything is written. The agent is a small
 * Node script (the real CLIs are in test/agents/autopilot.test.ts).
 */
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOk as ok, expectRefused as refused, reviseCli, reviseCliText } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe('revise CLI: autopilot', function () {
  this.timeout(120_000);
  let restoreEnv: () => void;
  let fx: RemoteFixture;
  let agent: string;

  before(() => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'src/parse.ts': 'export const parse = (s: string) => s;\n' });
    const scratch = makeTempDir('revise-autopilot-');
    agent = join(scratch, 'agent.js');
    // Disagrees with every finding it is given, through the dispositions file.
    writeFileSync(agent, "const fs = require('fs'); const ids = JSON.parse(fs.readFileSync(process.env.REVISE_FINDINGS_FILE, 'utf8')).map((f) => f.id); fs.writeFileSync(process.env.REVISE_DISPOSITIONS_FILE, JSON.stringify(Object.fromEntries(ids.map((id) => [id, { kind: 'disagree', note: 'works as intended' }]))));");
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  function blockedRun(): string {
    const runId = (ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as { id: string }).id;
    ok(reviseCli(fx.user, ['findings', 'add', '--run', runId, '--file', 'src/parse.ts', '--line', '1', '--severity', 'blocking', '--message', 'Validate the input']));
    return runId;
  }

  it('says why it stopped, what it spent, what the re-checks said and what to do next (exit 9 when the agent disagrees)', () => {
    const runId = blockedRun();
    const result = reviseCliText(fx.user, ['autopilot', runId, '--agent-command', `'${process.execPath}' '${agent}'`, '--max-rounds', '2', '--max-minutes', '10']);
    assert.equal(result.code, 9, result.stdout + result.stderr);
    assert.match(result.stdout, new RegExp(`Autopilot of run ${runId} stopped: agent-disagrees\\. The agent disagreed with or deferred B1 \\(Validate the input\\) in round 1`));
    assert.match(result.stdout, /Spent: 1 of 2 rounds, \$0\.0000 \(1 round without a reported cost\), 0 tokens, [\d.]+ min of 10\.0 min\./);
    assert.match(result.stdout, /Round 1: still open: B1\n {2}branch: passed/);
    assert.match(result.stdout, /Next: Read the agent's reasons \(`revise findings list --run /);
    assert.match(result.stderr, /autopilot: round 1 started \(1 of at most 2\)/, 'progress goes to stderr');
  });

  it('refuses bad budget flags and a missing run before anything is written', () => {
    const runId = blockedRun();
    refused(reviseCli(fx.user, ['autopilot', runId, '--max-cost-usd=-1']), 2, 'bad-input');
    refused(reviseCli(fx.user, ['autopilot', runId, '--max-rounds', '0']), 2, 'bad-input');
    refused(reviseCli(fx.user, ['autopilot']), 1, 'usage');
    refused(reviseCli(fx.user, ['autopilot', runId, '--resume']), 5, 'no-autopilot');
    const status = ok(reviseCli(fx.user, ['status', '--run', runId]));
    assert.equal((status.runs as Array<{ autopilot?: unknown; rounds: unknown[] }>)[0]?.autopilot, undefined);
  });
});
