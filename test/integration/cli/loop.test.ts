import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Run } from '../../../src/core/model';
import { FIXTURE_BIN, reviseCli, type CliResult } from '../../helpers/cli';
import { isolateGitEnv, makeRemoteFixture, remoteTip, sh, type RemoteFixture } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const parseSource = ['export function parse(input: string) {', '  const token = next(input);', '  return token.value;', '}', ''].join('\n');

function ok(result: CliResult): CliResult['json'] {
  assert.equal(result.code, 0, `exit ${result.code}: ${result.stdout}${result.stderr}`);
  return result.json;
}

function refused(result: CliResult, exit: number, code: string): void {
  assert.equal(result.code, exit, result.stdout + result.stderr);
  assert.equal(result.json.error?.code, code, result.stdout);
  assert.ok(result.json.error?.message, 'the error says what happened');
}

describe('revise CLI: the whole loop with the claude fixture', function () {
  this.timeout(180_000);
  let restoreEnv: () => void;
  let fx: RemoteFixture;
  let env: Record<string, string>;
  let record: string;

  before(() => {
    restoreEnv = isolateGitEnv();
    fx = makeRemoteFixture({ 'src/parse.ts': parseSource });
    const scratch = makeTempDir('revise-agent-');
    record = join(scratch, 'record.jsonl');
    const script = join(scratch, 'script.json');
    writeFileSync(
      script,
      JSON.stringify({
        1: [
          { replace: 'src/parse.ts', find: '  return token.value;', with: '  if (!token) throw new Error("empty input");\n  return token.value;' },
          { say: 'Added the null check.\nB1: fixed — throw on empty input' },
        ],
        2: [{ read: '$REVISE_PREVIOUS_LOG' }, { read: '$REVISE_FINDINGS_FILE' }, { append: 'fix.txt', content: 'round two\n' }, { dispositions: { B1: { kind: 'fixed', note: 'kept, from the file' } } }, { say: 'done' }],
      }),
    );
    env = { PATH: `${FIXTURE_BIN}:${process.env.PATH ?? ''}`, FIXTURE_AGENT_RECORD: record, FIXTURE_AGENT_STATE: join(scratch, 'state'), FIXTURE_AGENT_SCRIPT: script };
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  it('starts, triages, runs two rounds with session continuity, reaches the cap, approves and pushes', () => {
    assert.deepEqual(ok(reviseCli(fx.user, ['status'])), { runs: [], quarantined: [], newer: [] });
    refused(reviseCli(fx.user, ['start', '--branch', fx.priorBranch, '--max-rounds=-1']), 2, 'bad-input');

    const issueFile = join(fx.root, 'issue.md');
    writeFileSync(issueFile, '# Parser crashes on empty input\n\nCalling parse("") throws a TypeError.\n');
    let run = ok(reviseCli(fx.user, ['start', '--branch', fx.priorBranch, '--issue-file', issueFile, '--max-rounds', '2'])) as unknown as Run;
    assert.equal(run.restoredSha, fx.priorSha);
    assert.equal(run.pendingDecision?.kind, 'round-review');
    assert.equal(sh(run.worktree, ['rev-parse', 'HEAD']), fx.priorSha);

    const added = ok(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--file', 'src/parse.ts', '--line', '2', '--end-line', '3', '--severity', 'blocking', '--message', 'Null check missing: token may be undefined']));
    assert.equal((added.finding as { id: string }).id, 'B1');
    refused(reviseCli(fx.user, ['findings', 'add', '--run', run.id, '--file', '../outside.ts', '--line', '1', '--message', 'x']), 2, 'bad-input');

    const prompt = ok(reviseCli(fx.user, ['prompt', '--run', run.id])).prompt as string;
    assert.match(prompt, /^# Revision round 1 of 2/);
    assert.match(prompt, /### B1 · blocking · src\/parse\.ts:2-3/);
    assert.match(prompt, /const token = next\(input\);/, 'the excerpt is read from the worktree');
    assert.match(prompt, /## Original issue: Parser crashes on empty input/);

    const first = run.pendingDecision.id;
    refused(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', 'not-it', 'request-changes']), 2, 'stale-decision');
    refused(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', first, 'extra-round']), 2, 'option-not-offered');
    run = ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', first, 'request-changes', '--feedback', 'Keep the API.'])).run as Run;
    assert.equal(run.rounds[1]?.status, 'queued');
    refused(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', first, 'request-changes']), 5, 'run-busy');

    run = ok(reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env)).run as Run;
    const round1 = run.rounds[1]!;
    assert.equal(round1.status, 'succeeded');
    assert.ok(round1.agent?.sessionId, 'the session id is read from the stream-json output');
    assert.ok((round1.agent?.costUsd ?? 0) > 0);
    assert.notEqual(round1.headAfter, round1.headBefore);
    assert.equal(sh(run.worktree, ['log', '-1', '--format=%s']), 'revise: round 1', 'leftover changes are committed by Revise');
    assert.ok(existsSync(round1.logPath!) && readFileSync(round1.logPath!, 'utf8').includes('"type":"result"'));
    assert.match(readFileSync(round1.promptPath!, 'utf8'), /Keep the API\./);
    const b1 = run.findings.find((f) => f.id === 'B1')!;
    assert.equal(b1.disposition?.kind, 'fixed');
    assert.equal(b1.touchedInRound, 1);
    assert.equal(run.pendingDecision?.kind, 'round-review');

    run = ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision.id, 'request-changes', '--feedback', 'One more pass.'])).run as Run;
    run = ok(reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env)).run as Run;
    const calls = readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[]; stdin: string; env: Record<string, string> });
    assert.equal(calls.length, 2);
    assert.deepEqual(calls[0]!.argv, ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits']);
    assert.deepEqual(calls[1]!.argv.slice(-2), ['--resume', round1.agent.sessionId], 'round 2 resumes the session of round 1');
    // The agent's files live in the worktree, where the CLI may read and write them (not under .git).
    const previousLog = join(run.worktree, '.revise', 'previous-round.log');
    assert.ok(calls[1]!.stdin.includes(previousLog), "round 2's prompt points at round 1's log, copied into the worktree");
    assert.equal(calls[1]!.env.REVISE_PREVIOUS_LOG, previousLog);
    assert.equal(calls[1]!.env.REVISE_DISPOSITIONS_FILE, join(run.worktree, '.revise', 'dispositions.json'));
    assert.equal(calls[1]!.env.REVISE_ROUND, '2');
    const round2 = run.rounds[2]!;
    assert.equal(round2.agent?.denied, undefined, 'the agent could read the previous log and findings and write its dispositions');
    assert.equal(run.findings.find((f) => f.id === 'B1')!.disposition?.note, 'kept, from the file');
    assert.ok(existsSync(join(dirname(round2.logPath!), 'round-2.dispositions.json')), 'the dispositions are kept in the run folder');
    assert.equal(existsSync(join(run.worktree, '.revise')), false, 'the round folder is removed after the round');
    assert.equal(sh(run.worktree, ['ls-tree', '-r', '--name-only', 'HEAD']).includes('.revise'), false, 'and never committed');

    assert.equal(run.pendingDecision?.kind, 'round-cap');
    assert.deepEqual(run.pendingDecision?.options, ['extra-round', 'approve', 'abort']);
    refused(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision.id, 'request-changes']), 2, 'option-not-offered');
    refused(reviseCli(fx.user, ['round', '--run', run.id, '--agent', 'claude'], env), 5, 'no-queued-round');

    const head = sh(run.worktree, ['rev-parse', 'HEAD']);
    run = ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', run.pendingDecision.id, 'approve'])).run as Run;
    assert.equal(run.status, 'approved');
    assert.equal(remoteTip(fx, fx.priorBranch), head, 'the bare remote has the rounds');
    assert.equal(sh(fx.bare, ['merge-base', '--is-ancestor', fx.priorSha, head]), '', 'the prior attempt is an ancestor: nothing was lost');
    const again = ok(reviseCli(fx.user, ['decide', '--run', run.id, '--decision', 'anything', 'approve'])).run as Run;
    assert.equal(again.updatedAt, run.updatedAt, 'approving a settled run changes nothing');

    const status = ok(reviseCli(fx.user, ['status', '--run', run.id])).runs as Run[];
    assert.deepEqual(status[0]!.history.map((h) => h.option), ['request-changes', 'request-changes', 'approve']);
  });

  it('refuses to work outside a git repository with not-a-repo', () => {
    refused(reviseCli(makeTempDir('revise-norepo-'), ['status']), 2, 'not-a-repo');
  });

  it('reports a missing prior branch without falling back to the base', () => {
    const result = reviseCli(fx.user, ['start', '--branch', 'agent/never-pushed']);
    refused(result, 3, 'remote-branch-missing');
    assert.match(result.json.error!.message, /agent\/never-pushed/);
  });

  it('refuses an option-shaped branch name before running git', () => {
    refused(reviseCli(fx.user, ['start', '--branch=--upload-pack=touch /tmp/x']), 2, 'unsafe-ref');
  });

  it('prints usage errors with exit 1', () => {
    refused(reviseCli(fx.user, ['start', '--no-such-flag']), 1, 'usage');
    refused(reviseCli(fx.user, ['frobnicate']), 1, 'unknown-command');
  });
});
