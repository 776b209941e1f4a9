import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../../src/core/model';
import { SetFindings, type SetFindingsParams } from '../../../src/shared/protocol';
import { makeFinding } from '../../helpers/runFixture';
import { LspTestClient } from './lspTestClient';

const ROOT = '/revise-test/worktree';
const uri = pathToFileURL(`${ROOT}/src/a.ts`).href;
const text = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
const findings: Finding[] = [makeFinding({ id: 'B1', file: 'src/a.ts', line: 5, endLine: 6 })];
const insertLine = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'inserted\n' };

function start(publishDelayMs: number): LspTestClient {
  return LspTestClient.inProcess({ readFile: () => Promise.resolve(undefined), readFileAtCommit: () => Promise.resolve(undefined), publishDelayMs });
}

async function setFindings(client: LspTestClient): Promise<void> {
  const params: SetFindingsParams = { rootUri: pathToFileURL(ROOT).href, runs: [{ runId: 'run-0001', round: 1, findings }] };
  await client.rpc.sendNotification(SetFindings.method, params);
}

describe('publishing diagnostics', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  it('publishes the first change after a quiet spell at once, without waiting out the publish delay', async function () {
    // Were the first publish delayed, a minute would outlast the test's timeout.
    this.timeout(10_000);
    client = start(60_000);
    await client.initialize(pathToFileURL(ROOT).href, { findingsFromClient: true });
    await setFindings(client);
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['B1', 4]],
    );
  });

  it('gathers a burst of edits that follows a publish into one publish with the final positions', async function () {
    this.timeout(10_000);
    client = start(1000);
    await client.initialize(pathToFileURL(ROOT).href, { findingsFromClient: true });
    await setFindings(client);
    await client.open(uri, text);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    for (let i = 0; i < 5; i++) await client.change(uri, [insertLine]);
    // The predicate sees the diagnostics shown now, then each publish that follows.
    const seen: number[] = [];
    await client.waitForDiagnostics(uri, (d) => {
      seen.push(d[0]?.range.start.line ?? -1);
      return d[0]?.range.start.line === 9;
    });
    assert.deepEqual(seen, [4, 9]);
  });

  for (const eol of ['\n', '\r\n']) {
    it(`ends a finding's range at the end of its last line's text in an open document (${JSON.stringify(eol)} line ends)`, async () => {
      client = start(5);
      await client.initialize(pathToFileURL(ROOT).href, { findingsFromClient: true });
      await setFindings(client);
      await client.open(uri, text.split('\n').join(eol));
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d[0]?.range.end.character === 'line 6'.length);
      assert.deepEqual(diagnostics[0]!.range, { start: { line: 4, character: 0 }, end: { line: 5, character: 6 } });
    });
  }
});
