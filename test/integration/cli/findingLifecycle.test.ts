import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingState } from '../../../src/core/findingState';
import type { Finding, Run } from '../../../src/core/model';
import { FIXTURE_BIN, expectOk as ok, expectRefused as refused, remoteFixtureForSuite, reviseCli, reviseCliText } from '../../helpers/cli';
import { makeTempDir } from '../../helpers/tempDir';

/**
 * The finding lifecycle through the real CLI and a real round: the claude fixture claims B1 fixed
 * and disagrees with B2; the user accepts or reopens; approve follows what is really settled.
 */
describe('revise findings accept | reopen: the agent\'s claims, checked by the user', function () {
  this.timeout(180_000);
  const suite = remoteFixtureForSuite({ 'src/parse.ts': 'export function parse(input: string) {\n  return next(input).value;\n}\n' });

  function agentEnv(): Record<string, string> {
    const scratch = makeTempDir('revise-agent-');
    const script = join(scratch, 'script.json');
    writeFileSync(
      script,
      JSON.stringify({
        1: [
          { replace: 'src/parse.ts', find: '  return next(input).value;', with: '  const token = next(input);\n  if (!token) throw new Error("empty input");\n  return token.value;' },
          { say: 'Done.\nB1: fixed — throw on empty input\nB2: disagree — the name is the project\'s convention' },
        ],
      }),
    );
    return { PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_RECORD: join(scratch, 'record.jsonl'), FIXTURE_AGENT_STATE: join(scratch, 'state'), FIXTURE_AGENT_SCRIPT: script };
  }

  /** A run whose round 1 answered: B1 claimed fixed, B2 claimed disagree. */
  function claimedRun(): Run {
    const fx = suite.fx;
    let run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as Run;
    ok(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--file', 'src/parse.ts', '--line', '2', '--severity', 'blocking', '--message', 'Null check missing']));
    ok(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--file', 'src/parse.ts', '--line', '1', '--severity', 'blocking', '--message', 'Rename parse']));
    ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'request-changes', '--feedback', 'Fix both.']));
    run = ok(reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], agentEnv())).run as Run;
    assert.equal(run.rounds[1]?.status, 'succeeded');
    return run;
  }

  const state = (run: Run, id: string) => findingState(run.findings.find((f) => f.id === id)!);
  const approve = (run: Run, extra: string[] = []) => reviseCli(suite.fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision!.id, 'approve', ...extra]);

  it('claims are shown as claims and still hold an approve back; accepting them settles them and approve needs no override', () => {
    const run = claimedRun();
    assert.equal(state(run, 'B1').kind, 'claimed');
    assert.equal(state(run, 'B2').kind, 'claimed');

    const listed = ok(reviseCli(suite.fx.user, ['findings', 'list', '--run', run.id])).result?.findings as { id: string; state: { kind: string; claim?: { round: number } } }[];
    assert.deepEqual(listed.map((f) => [f.id, f.state.kind, f.state.claim?.round]), [['B1', 'claimed', 1], ['B2', 'claimed', 1]], 'the JSON carries the derived state');
    const list = reviseCliText(suite.fx.user, ['findings', 'list', '--run', run.id]);
    assert.match(list.stdout, /^B1 +blocking +claimed .*→ claimed fixed \(round 1\) +\(fixed: throw on empty input\)$/m);
    const status = reviseCliText(suite.fx.user, ['status', '--run', run.id]);
    assert.match(status.stdout, /findings: 2 \(2 claimed; 2 blocking not settled\)/);
    assert.doesNotMatch(status.stdout, /open/, 'a claimed finding is not counted as plainly open');

    assert.match(refused(approve(run), 5, 'open-blocking-findings'), /B1 .*B2/, 'a claim alone does not settle a blocking finding');

    const accepted = ok(reviseCli(suite.fx.user, ['findings', 'accept', '--run', run.id, 'B1', 'B2']));
    const after = accepted.run as Run;
    assert.deepEqual((accepted.result?.findings as Finding[]).map((f) => f.id), ['B1', 'B2']);
    assert.deepEqual({ kind: state(after, 'B1').kind, by: state(after, 'B1').by }, { kind: 'verified', by: 'user' });
    assert.equal(state(after, 'B2').kind, 'dismissed', 'an accepted disagreement is dismissed...');
    assert.match(after.findings.find((f) => f.id === 'B2')!.reason ?? '', /disagreed in round 1: the name is the project's convention/, '...with the agent\'s reason');
    const stored = JSON.parse(readFileSync(join(suite.fx.user, '.git', 'revise', 'runs', run.id, 'run.json'), 'utf8').replace(/^\uFEFF/, '')) as Run;
    assert.equal(stored.findings.find((f) => f.id === 'B1')!.verification?.outcome, 'accepted', 'run.json holds the acceptance');

    assert.match(reviseCliText(suite.fx.user, ['status', '--run', run.id]).stdout, /findings: 2 \(1 verified, 1 dismissed; 0 blocking not settled\)/);
    assert.equal((ok(approve(after)).run as Run).status, 'approved', 'approved without --allow-open');
  });

  it('reopen marks a claimed fix still present with the evidence, sends it to the next round, and blocks again; accept then verifies it', () => {
    const run = claimedRun();
    const reopened = ok(reviseCli(suite.fx.user, ['findings', 'reopen', '--run', run.id, 'B1', '--reason', 'parse("") still throws a TypeError'])).run as Run;
    const b1 = state(reopened, 'B1');
    assert.equal(b1.kind, 'still-present');
    assert.equal(b1.evidence, 'reopened: parse("") still throws a TypeError');
    assert.match(ok(reviseCli(suite.fx.user, ['prompt', '--run', run.id])).result?.prompt as string, /### B1 · blocking/, 'the next round gets it again');
    refused(reviseCli(suite.fx.user, ['findings', 'reopen', '--run', run.id, 'B1']), 2, 'bad-input');

    const again = ok(reviseCli(suite.fx.user, ['findings', 'accept', '--run', run.id, 'B1'])).run as Run;
    assert.equal(state(again, 'B1').kind, 'verified');
    assert.doesNotMatch(ok(reviseCli(suite.fx.user, ['prompt', '--run', run.id])).result?.prompt as string, /### B1/, 'a verified finding is not sent again');
    assert.match(refused(approve(again), 5, 'open-blocking-findings'), /B2/, 'B2 is still only claimed');
    assert.doesNotMatch(refused(approve(again), 5, 'open-blocking-findings'), /B1/);
  });

  it('bad input changes nothing: an unknown id among good ones, no ids, accepting a dismissed finding, reopening an open one', () => {
    const fx = suite.fx;
    const run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch])).run as Run;
    ok(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--severity', 'blocking', '--message', 'Handle empty input']));
    ok(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--severity', 'nit', '--message', 'Typo']));
    const before = ok(reviseCli(fx.user, ['status', '--run', run.id])).runs as Run[];

    assert.match(refused(reviseCli(fx.user, ['findings', 'accept', '--run', run.id, 'B1', 'X9']), 2, 'finding-not-found'), /no finding X9; nothing was changed/);
    assert.match(refused(reviseCli(fx.user, ['findings', 'accept', '--run', run.id]), 1, 'usage'), /needs the finding ids/);
    assert.match(refused(reviseCli(fx.user, ['findings', 'reopen', '--run', run.id, 'B1']), 2, 'bad-input'), /already open/);
    assert.deepEqual(ok(reviseCli(fx.user, ['status', '--run', run.id])).runs, before, 'nothing was written');

    ok(reviseCli(fx.user, ['findings', 'set', '--run', run.id, '--id', 'M1', '--status', 'dismissed', '--reason', 'style only']));
    assert.match(refused(reviseCli(fx.user, ['findings', 'accept', '--run', run.id, 'M1']), 2, 'bad-input'), /already dismissed; reopen it first/);
    const back = ok(reviseCli(fx.user, ['findings', 'reopen', '--run', run.id, 'M1'])).run as Run;
    assert.equal(state(back, 'M1').kind, 'still-present');
    assert.equal(back.findings.find((f) => f.id === 'M1')!.reason, undefined, 'the dismiss reason is gone');
  });
});
