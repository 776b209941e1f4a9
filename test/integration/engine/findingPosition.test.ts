import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../../../src/engine';
import { nodeDeps } from '../../../src/server/nodeDeps';
import { FindingRanges, SetFindings, type FindingRangesResult, type SetFindingsParams } from '../../../src/shared/protocol';
import { storeOf } from '../../../src/engine/testSeam';
import { useEngineFixture } from '../../helpers/engineFixture';
import { sh, type RemoteFixture } from '../../helpers/gitFixture';
import { LspTestClient } from '../server/lspTestClient';

const original = ['function load() {', '  const a = 1;', '  const b = 2;', '  return parse(a, b);', '}', ''].join('\n');

describe('engine and language server agree on where a moved finding is', function () {
  this.timeout(60_000);
  let fx: RemoteFixture;
  let engine: Engine;
  let client: LspTestClient | undefined;
  useEngineFixture((made) => ({ fx, engine } = made));
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  /** The line the editor shows the finding at, after the server placed it against `text`. */
  async function editorLine(worktree: string, findings: SetFindingsParams['runs'][number], file: string, text: string, id: string, stored: number): Promise<number> {
    client = LspTestClient.inProcess(nodeDeps(() => undefined));
    await client.initialize(pathToFileURL(worktree).href, { findingsFromClient: true });
    await client.rpc.sendNotification(SetFindings.method, { rootUri: pathToFileURL(worktree).href, runs: [findings] } satisfies SetFindingsParams);
    const uri = pathToFileURL(join(worktree, file)).href;
    await client.open(uri, text);
    // Placed once the diagnostic left the stored line (the server reads the anchor commit's version first).
    await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === id && x.range.start.line + 1 !== stored));
    const { ranges } = await client.rpc.sendRequest<FindingRangesResult>(FindingRanges.method, { runId: findings.runId });
    return ranges.find((r) => r.findingId === id)!.line;
  }

  it('puts a finding whose code moved down at the same line in the prompt, the agent\'s findings file and the editor', async () => {
    const run = await engine.start({ priorBranch: fx.priorBranch, baseUpdate: 'none' });
    writeFileSync(join(run.worktree, 'load.js'), original);
    sh(run.worktree, ['add', 'load.js']);
    sh(run.worktree, ['commit', '-q', '-m', 'add load.js']);
    const { run: withFinding, finding } = await engine.addFinding(run.id, { severity: 'blocking', message: 'parse may throw', file: 'load.js', line: 4 });
    assert.equal(finding.anchor?.line, 4, 'the finding is anchored where it was added');

    // The code moves three lines down after the finding was recorded (run.json still says line 4).
    const moved = ['// a', '// header', '// added later', original].join('\n');
    writeFileSync(join(run.worktree, 'load.js'), moved);
    sh(run.worktree, ['commit', '-q', '-am', 'header']);

    const shown = await editorLine(run.worktree, { runId: run.id, round: 0, findings: withFinding.findings }, 'load.js', readFileSync(join(run.worktree, 'load.js'), 'utf8'), finding.id, 4);
    assert.equal(shown, 7, 'the editor follows the code');

    const prompt = await engine.prompt(run.id);
    assert.match(prompt, new RegExp(`load\\.js:${shown}\\b`), 'the prompt names the line the editor shows');
    assert.doesNotMatch(prompt, /load\.js:4\b/, 'not the line recorded before the code moved');
    assert.match(prompt, /7 {2}\s*return parse\(a, b\);/, 'the excerpt quotes the moved code');

    // The round hands the agent the same line in its findings file.
    const pending = (await engine.get(run.id)).pendingDecision!;
    await engine.decide(run.id, { decisionId: pending.id, option: 'request-changes' });
    await engine.runRound(run.id, { agent: { preset: 'custom', command: [process.execPath, '-e', ''], timeoutMs: 30_000 } });
    const sent = JSON.parse(readFileSync(join(storeOf(engine).runDir(run.id), 'round-1.findings.json'), 'utf8')) as Array<{ id: string; line: number }>;
    assert.equal(sent.find((f) => f.id === finding.id)?.line, shown, "the agent's findings file names the line the editor shows");
  });
});
