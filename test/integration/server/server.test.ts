import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding } from '../../../src/core/model';
import { nodeDeps } from '../../../src/server/nodeDeps';
import { FindingCommand, SetFindings, FindingRanges, type FindingRangesResult, type SetFindingsParams } from '../../../src/shared/protocol';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { makeRepo } from './gitRepo';
import { LspTestClient } from './lspTestClient';

const source = ['export function load(path: string) {', '  const text = read(path);', '  return JSON.parse(text);', '}', '', 'export function save() {', '  write();', '}', ''].join('\n');

function finding(id: string, overrides: Partial<Finding> = {}): Finding {
  return {
    id,
    severity: 'blocking',
    title: `Title of ${id}`,
    message: `Full text of ${id}.\n\nWith a second paragraph.`,
    file: 'src/a.ts',
    line: 2,
    endLine: 3,
    source: { kind: 'markdown', origin: 'review.md' },
    status: 'open',
    include: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The message as text (LSP 3.18 allows markup). */
const text = (d: Diagnostic | undefined): string => (d === undefined ? '' : typeof d.message === 'string' ? d.message : d.message.value);
const lines = (d: Diagnostic[]): [string, number, number][] => d.map((x) => [String(x.code), x.range.start.line + 1, x.range.end.line + 1]);

describe('language server over a real LSP connection', () => {
  let repo: { dir: string; commit: string };
  let client: LspTestClient;
  let uri: string;

  function send(findings: Finding[]): Promise<void> {
    const params: SetFindingsParams = { rootUri: pathToFileURL(repo.dir).href, runs: [{ runId: 'run-0001', round: 1, findings }] };
    return client.rpc.sendNotification(SetFindings.method, params);
  }
  const anchored = (id: string, overrides: Partial<Finding> = {}): Finding =>
    finding(id, { anchor: { commit: repo.commit, line: 2, endLine: 3, text: '  const text = read(path);\n  return JSON.parse(text);' }, ...overrides });

  beforeEach(async () => {
    repo = makeRepo({ 'src/a.ts': source, 'src/b.ts': 'b\n' });
    uri = pathToFileURL(`${repo.dir}/src/a.ts`).href;
    client = LspTestClient.inProcess(nodeDeps(() => undefined));
    const init = await client.initialize(pathToFileURL(repo.dir).href, { findingsFromClient: true });
    assert.equal(init.capabilities.executeCommandProvider, undefined, 'in VS Code the extension owns the commands');
  });
  afterEach(async () => {
    await client.dispose();
    cleanupTempDirs();
  });

  it('publishes one diagnostic per open located finding: source revise, code = id, severity by finding severity, message starting with the id', async () => {
    await send([
      finding('B1'),
      finding('N1', { severity: 'non-blocking', line: 6, endLine: 6 }),
      finding('M1', { severity: 'nit', line: 7, endLine: 7 }),
      finding('B2', { status: 'resolved' }),
      finding('B3', { status: 'dismissed', reason: 'by design' }),
      finding('B4', { file: undefined, line: undefined, endLine: undefined }),
    ]);
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity, d.source, text(d)]),
      [
        ['B1', DiagnosticSeverity.Error, 'revise', 'B1: Title of B1'],
        ['N1', DiagnosticSeverity.Warning, 'revise', 'N1: Title of N1'],
        ['M1', DiagnosticSeverity.Information, 'revise', 'M1: Title of M1'],
      ],
    );
    assert.deepEqual(lines(diagnostics), [['B1', 2, 3], ['N1', 6, 6], ['M1', 7, 7]]);
  });

  it('moves diagnostics and lenses down when lines are inserted above, and grows a finding edited inside', async () => {
    await send([anchored('B1')]);
    await client.open(uri, source);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n' }]);
    const moved = await client.waitForDiagnostics(uri, (d) => d[0]?.range.start.line === 3);
    assert.deepEqual(lines(moved), [['B1', 4, 5]]);
    assert.equal(moved[0]!.range.end.character, '  return JSON.parse(text);'.length);
    const lenses = await client.codeLenses(uri);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [3, 'B1 · blocking — Title of B1', ''],
        [3, 'Rework…', FindingCommand.rework],
        [3, 'Dismiss…', FindingCommand.dismiss],
      ],
    );
    assert.deepEqual(lenses[1]!.command!.arguments, [{ runId: 'run-0001', findingId: 'B1' }]);
    await client.change(uri, [{ range: { start: { line: 3, character: 27 }, end: { line: 3, character: 27 } }, text: '\n  log(text);' }]);
    assert.deepEqual(lines(await client.waitForDiagnostics(uri, (d) => d[0]?.range.end.line === 5)), [['B1', 4, 6]]);
    const ranges = await client.rpc.sendRequest<FindingRangesResult>(FindingRanges.method, { runId: 'run-0001' });
    assert.deepEqual(ranges.ranges, [{ findingId: 'B1', uri, line: 4, endLine: 6, outdated: false }]);
  });

  it('marks a finding outdated when its lines are deleted, and places it from the file on disk again when the document is closed unsaved', async () => {
    await send([anchored('B1')]);
    await client.open(uri, source);
    await client.waitForDiagnostics(uri, (d) => d.length === 1);
    await client.change(uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } }, text: '' }]);
    const outdated = await client.waitForDiagnostics(uri, (d) => /outdated/.test(text(d[0])));
    assert.equal(text(outdated[0]), 'B1: Title of B1 (outdated: the code it was about has changed)');
    assert.match((await client.codeLenses(uri))[0]!.command!.title, /^B1 · blocking \(outdated\) — /);
    await client.close(uri);
    // On close the file on disk (unchanged) is what counts again.
    assert.deepEqual(lines(await client.waitForDiagnostics(uri, (d) => !/outdated/.test(text(d[0])))), [['B1', 2, 3]]);
  });

  it('re-anchors a file whose content differs from the anchor commit: through the diff, by fuzzy match, or as outdated', async () => {
    await send([
      anchored('B1'),
      finding('N1', { severity: 'non-blocking', line: 7, endLine: 7, anchor: { commit: repo.commit, line: 7, endLine: 7, text: '  write();' } }),
      finding('N2', { severity: 'non-blocking', line: 1, endLine: 1, anchor: { commit: repo.commit, line: 1, endLine: 1, text: 'export function gone() {' } }),
    ]);
    const edited = ['// header', '// more', ...source.split('\n')].join('\n').replace('  write();', '      write();');
    await client.open(uri, edited);
    const placed = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'B1' && x.range.start.line === 3));
    assert.deepEqual(lines(placed), [['B1', 4, 5], ['N1', 9, 9], ['N2', 1, 1]]);
    assert.deepEqual(
      placed.map((d) => /outdated/.test(text(d))),
      [false, false, true],
    );
  });

  it('stops showing a finding once it is resolved', async () => {
    await send([finding('B1'), finding('N1', { severity: 'non-blocking', line: 6, endLine: 6 })]);
    await client.waitForDiagnostics(uri, (d) => d.length === 2);
    await send([finding('B1', { status: 'resolved' }), finding('N1', { severity: 'non-blocking', line: 6, endLine: 6 })]);
    assert.deepEqual(lines(await client.waitForDiagnostics(uri, (d) => d.length === 1)), [['N1', 6, 6]]);
    await client.rpc.sendNotification(SetFindings.method, { rootUri: pathToFileURL(repo.dir).href, runs: [] });
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('shows the full text and source in the hover, an Open thread lens for GitHub threads, and three quick fixes on the diagnostic', async () => {
    await send([finding('B1', { source: { kind: 'github-thread', threadId: 'PRRT_1', url: 'https://github.com/o/r/pull/1#discussion_r1', author: 'alice' } })]);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length === 1);
    const hover = await client.hover(uri, 2);
    const value = (hover!.contents as { value: string }).value;
    assert.match(value, /\*\*B1\*\* · blocking · round 1/);
    assert.match(value, /Full text of B1\.\n\nWith a second paragraph\./);
    assert.match(value, /Source: github-thread by alice — \[open\]\(https:\/\/github\.com\/o\/r\/pull\/1#discussion_r1\)/);
    assert.equal(await client.hover(uri, 5), null);
    assert.deepEqual((await client.codeLenses(uri)).map((l) => l.command?.command).slice(1), [FindingCommand.rework, FindingCommand.dismiss, FindingCommand.openThread]);
    const actions = await client.codeActions(uri, diagnostics);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.command?.command, a.command?.arguments]),
      [
        ['B1: Add to next round', 'quickfix', FindingCommand.include, [{ runId: 'run-0001', findingId: 'B1' }]],
        ['B1: Dismiss with reason…', 'quickfix', FindingCommand.dismiss, [{ runId: 'run-0001', findingId: 'B1' }]],
        ['B1: Mark resolved', 'quickfix', FindingCommand.resolve, [{ runId: 'run-0001', findingId: 'B1' }]],
      ],
    );
  });
});

after(cleanupTempDirs);
