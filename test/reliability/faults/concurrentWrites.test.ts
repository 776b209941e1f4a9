import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../src/engine';
import { reviseCliAsync } from '../../helpers/cli';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { recordScenario } from '../report';
import { AFTER_REVIEW, assertNothingLost, assertRunRecoverable, CommitLedger } from '../reachability';
import { SOAK } from './faultKit';
import { storeOf } from '../../../src/engine/testSeam';

const ENGINE_WRITES = 200 * SOAK;
const CLI_WRITERS = 10 * SOAK;

describe('faults: the extension and the CLI write the same run at once', function () {
  this.timeout(180_000 * SOAK);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it(`loses no update and tears no file over ${ENGINE_WRITES} engine writes interleaved with ${CLI_WRITERS} CLI processes`, async () => {
    const run = await engine.start({ priorBranch: fx.priorBranch });
    const ledger = new CommitLedger();
    ledger.add(fx.priorSha, 'prior attempt');
    ledger.addRun(run);

    // The CLI side: `revise findings add` processes started together, as a script or a second terminal would.
    const cli = Promise.all(Array.from({ length: CLI_WRITERS }, (_, i) => reviseCliAsync(fx.user, ['findings', 'add', '--run', run.id, '--severity', 'nit', '--message', `cli ${i}`]))).then((results) => {
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      return results.length;
    });

    // The extension side: the in-process engine adds and toggles findings meanwhile.
    let engineWrites = 0;
    const mine: string[] = [];
    while (engineWrites < ENGINE_WRITES) {
      if (engineWrites % 3 === 2 && mine.length > 0) {
        await engine.setFindingIncluded(run.id, mine.at(-1)!, engineWrites % 2 === 0);
      } else {
        const { finding } = await engine.addFinding(run.id, { severity: 'non-blocking', message: `engine ${engineWrites}` });
        mine.push(finding.id);
      }
      engineWrites++;
    }
    const cliWrites = await cli;

    const file = join(storeOf(engine).runDir(run.id), 'run.json');
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { findings: Array<{ id: string; message: string }> };
    const messages = new Set(onDisk.findings.map((f) => f.message));
    for (let i = 0; i < CLI_WRITERS; i++) assert.ok(messages.has(`cli ${i}`), `CLI write ${i} is present`);
    // Interleaved for real: some CLI write landed between two engine writes.
    const fromCli = onDisk.findings.map((f) => f.message.startsWith('cli '));
    assert.ok(fromCli.some((cliWrite, i) => cliWrite && i > 0 && !fromCli[i - 1] && fromCli.slice(i).includes(false)), 'the CLI writes landed among the engine writes');
    for (const id of mine) assert.ok(onDisk.findings.some((f) => f.id === id), `engine finding ${id} is present`);
    assert.equal(onDisk.findings.length, mine.length + cliWrites, 'one finding per add, none lost or doubled');
    assert.equal(new Set(onDisk.findings.map((f) => f.id)).size, onDisk.findings.length, 'finding ids stay unique');
    assert.deepEqual(readdirSync(storeOf(engine).runDir(run.id)).filter((n) => n.includes('.corrupt-')), [], 'no file was quarantined');
    await assertRunRecoverable(fx.user, run.id, [AFTER_REVIEW]);
    const checked = assertNothingLost({ repo: fx.user, remote: fx.bare, ledger });
    recordScenario({
      scenario: 'concurrent extension + CLI writes',
      trials: engineWrites + cliWrites,
      commitsChecked: checked,
      lost: 0,
      outcome: `${engineWrites} engine writes and ${cliWrites} concurrent CLI findings-add processes interleaved: every write present, ids unique, run.json parses, nothing quarantined`,
    });
  });
});
