import { strict as assert } from 'node:assert';
import type { Engine } from '../../../src/engine';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { useEngineFixture } from '../../helpers/engineFixture';

describe('engine: what a round changed', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it("lists a round's commits and its files with added and deleted lines, and reads files at round heads", async () => {
    let run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    run = (await engine.decide(run.id, { decisionId: run.pendingDecision!.id, option: 'request-changes' })).run;
    const code = "const fs = require('fs'); fs.writeFileSync('fix.txt', 'the better fix\\nwith a second line\\n'); fs.writeFileSync('new.txt', 'a\\nb\\nc\\n')";
    run = await engine.runRound(run.id, { agent: { preset: 'custom', command: [process.execPath, '-e', code], timeoutMs: 30_000 } });
    const changes = await engine.roundChanges(run.id, 1);
    assert.deepEqual(changes.commits.map((c) => c.subject), ['revise: round 1']);
    assert.deepEqual(changes.files.map((f) => [f.file, f.added, f.deleted]), [['fix.txt', 2, 1], ['new.txt', 3, 0]]);
    assert.deepEqual([changes.added, changes.deleted], [5, 1]);
    assert.equal(await engine.fileAtCommit(run.id, changes.from, 'fix.txt'), 'the fix\n');
    assert.equal(await engine.fileAtCommit(run.id, changes.to, 'fix.txt'), 'the better fix\nwith a second line\n');
    assert.equal(await engine.fileAtCommit(run.id, changes.from, 'new.txt'), undefined);
    const none = await engine.roundChanges(run.id, 0);
    assert.deepEqual([none.commits, none.files], [[], []]);
  });
});
