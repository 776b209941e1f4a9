/**
 * What the Revise action takes from the previous round's downloaded artifact
 * (src/action/previousRound.ts): the session of round k-1 of the same run and agent preset, copied
 * into the run folder; anything else is not resumed, with the reason for the job summary, and no
 * file is copied.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { previousRoundSession, PREVIOUS_ROUND_FOLDER } from '../../../src/action/previousRound';
import { REMOTE_ROUND_FILE, REMOTE_ROUND_VERSION, type RemoteRoundRecord } from '../../../src/core/remoteRound';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const SESSION = '0b5e8f5e-9d1c-4c8e-9a51-2f1e3c4d5a6b';

/** A runner's temp folder holding the artifact `revise-<run>-round-<round>` as download-artifact leaves it. */
function downloaded(run: string, round: number, preset = 'claude'): string {
  const temp = makeTempDir('revise-previous-');
  const dir = join(temp, PREVIOUS_ROUND_FOLDER, `revise-${run}-round-${round}`);
  mkdirSync(join(dir, 'sessions'), { recursive: true });
  writeFileSync(join(dir, 'sessions', `${SESSION}.jsonl`), '{"type":"user"}\n');
  const record: RemoteRoundRecord = {
    version: REMOTE_ROUND_VERSION,
    runId: run,
    round,
    pr: 7,
    status: 'succeeded',
    headBefore: 'a'.repeat(40),
    headAfter: 'b'.repeat(40),
    candidateRef: `refs/revise/${run}/round-${round}`,
    exitCode: 0,
    agent: { preset, argv: [preset], sessionId: SESSION },
    dispositions: [],
    files: { sessions: [`sessions/${SESSION}.jsonl`] },
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
  };
  writeFileSync(join(dir, REMOTE_ROUND_FILE), JSON.stringify(record));
  return temp;
}

describe('the previous round a runner resumes', () => {
  after(() => cleanupTempDirs());

  it("takes round k-1's session of the same run and preset into the run folder", async () => {
    const runDir = makeTempDir('revise-run-');
    assert.deepEqual(await previousRoundSession(downloaded('run-abc', 1), 'run-abc', 2, 'claude', runDir), { sessionId: SESSION });
    assert.equal(readFileSync(join(runDir, 'sessions', `${SESSION}.jsonl`), 'utf8'), '{"type":"user"}\n');
  });

  it('resumes nothing when nothing was downloaded', async () => {
    assert.deepEqual(await previousRoundSession(makeTempDir('revise-empty-'), 'run-abc', 2, 'claude', makeTempDir('revise-run-')), {});
  });

  it('refuses the round of another run, another round or another preset, saying why, and copies nothing', async () => {
    for (const [temp, why] of [
      [downloaded('run-xyz', 1), /round 1 of run run-xyz, not the round before/],
      [downloaded('run-abc', 3), /round 3 of run run-abc, not the round before/],
      [downloaded('run-abc', 1, 'codex'), /used codex/],
    ] as const) {
      const runDir = makeTempDir('revise-run-');
      const found = await previousRoundSession(temp, 'run-abc', 2, 'claude', runDir);
      assert.equal(found.sessionId, undefined);
      assert.match(found.note ?? '', why);
      assert.ok(!existsSync(join(runDir, 'sessions')), 'no session file was copied');
    }
  });

  it('says so when the folder holds no Revise round', async () => {
    const temp = makeTempDir('revise-other-');
    mkdirSync(join(temp, PREVIOUS_ROUND_FOLDER, 'something-else'), { recursive: true });
    assert.match((await previousRoundSession(temp, 'run-abc', 2, 'claude', makeTempDir('revise-run-'))).note ?? '', /holds no Revise round/);
  });
});
