import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeImported, readSarif } from '../../../src/core/findings';
import { ReviseError } from '../../../src/core/errors';

const corpus = join(__dirname, '../../fixtures/reviews/sarif-public');
const log = (name: string): unknown => JSON.parse(readFileSync(join(corpus, name), 'utf8'));
const resultCount = (doc: unknown): number => (doc as { runs: Array<{ results?: unknown[] }> }).runs.reduce((n, r) => n + (r.results?.length ?? 0), 0);
const now = '2026-02-02T00:00:00.000Z';

describe('SARIF importer on public logs', () => {
  it('keeps every one of the 927 FxCop results of the SARIF SDK test log: suppressed ones counted, the rest one finding each, no two merged', () => {
    const doc = log('sarif-sdk.SarifSdkTest.xml.sarif');
    assert.equal(resultCount(doc), 927);
    const read = readSarif(doc);
    assert.equal(read.skipped.suppressed, 42);
    assert.equal(read.drafts.length + read.skipped.suppressed, 927, 'every result is a finding or a counted suppression');
    const keys = new Set(read.drafts.map((d) => d.source.externalId));
    assert.equal(keys.size, read.drafts.length, 'no two results share a key');
    const merged = mergeImported([], read.drafts, { now, scopes: read.scopes });
    assert.equal(merged.added.length, 885);
    // Results at different places never share a finding, whatever their fingerprints say.
    const byKey = new Map(merged.findings.map((f) => [f.source.externalId, f]));
    for (const d of read.drafts) {
      const f = byKey.get(d.source.externalId)!;
      assert.deepEqual([f.file, f.line, f.message], [d.file, d.line, d.message]);
    }
    const again = mergeImported(merged.findings, readSarif(doc).drafts, { now: 'later', scopes: read.scopes });
    assert.deepEqual([again.added, again.updated, again.moved, again.gone], [[], [], [], []], 're-importing the same log changes nothing');
  });

  it("keeps Semgrep's placeholder fingerprint from merging the same rule in four files; the # nosemgrep one is suppressed", () => {
    const read = readSarif(log('semgrep-oss-unauthenticated.sarif'));
    assert.deepEqual(read.drafts.map((d) => [d.file, d.line]), [['Dockerfile', 39], ['services/api/Dockerfile', 12], ['services/worker/Dockerfile', 20]]);
    assert.equal(new Set(read.drafts.map((d) => d.source.externalId)).size, 3);
    assert.equal(read.skipped.suppressed, 1);
  });

  it('counts suppressed, absent and passing results instead of importing them', () => {
    assert.deepEqual(readSarif(log('sarif-sdk.WithSuppressions.sarif')).skipped, { suppressed: 3, absent: 0, notFindings: 0 });
    const baseline = readSarif(log('sarif-sdk.NewAndOldResults.sarif'));
    assert.deepEqual(baseline.drafts.map((d) => d.title), ['TST0001: Error 1', 'TST0003: Error 3', 'TST0004: Error 4', 'TST0005: Error 5']);
    assert.equal(baseline.skipped.absent, 1);
    assert.equal(readSarif(log('sarif-sdk.TEST1007.ValidateBaseline.LessResultsThanBaseline.sarif')).skipped.absent, 1);
    const pass = readSarif(log('sarif-sdk.iodpcroutine_bug1.tt.sarif'));
    assert.deepEqual([pass.drafts.length, pass.skipped.notFindings], [0, 1]);
  });

  it('fills message templates from the rule messageStrings and arguments', () => {
    const [draft] = readSarif(log('sarif-sdk.SARIF1012.MessageArgumentsMustBeConsistentWithRule_Valid.sarif')).drafts;
    assert.equal(draft!.title, "TEST1001: 'runs[0].originalUriBaseIds.SRCINVALID': Placeholder 'SRCINVALID'.");
  });

  it('resolves an originalUriBaseIds chain whose root is another machine to the path below that root', () => {
    const [draft] = readSarif(log('sarif-sdk.SARIF2007.ExpressPathsRelativeToRepoRoot_LoadRelatedUriBaseId_Valid.sarif')).drafts;
    assert.equal(draft!.file, 'src/project/file.cs');
  });

  it('summarises related locations and code flows in the message', () => {
    const [draft] = readSarif(log('sarif-sdk.SARIF1004.ExpressUriBaseIdsCorrectly_Valid.sarif')).drafts;
    assert.match(draft!.message, /Related locations:\n- file\.c/);
    assert.match(draft!.message, /Code flow:\n- file\.c/);
  });

  it('finds rules in tool extensions (CodeQL query packs) by toolComponent, index and guid', () => {
    const read = readSarif(log('sarif-vscode.samples-rulesExtensions.sarif'));
    assert.equal(read.drafts.length, 5);
    for (const d of read.drafts) assert.match(d.title, /^(js\/unused-local-variable-1|com\.lgtm\/python-queries:py\/unnecessary-pass-1): /, d.title);
  });

  it('reads CodeQL fingerprinting inputs: artifacts by index alone, columns kept', () => {
    const read = readSarif(log('codeql-action.fingerprinting.input.sarif'));
    assert.deepEqual(read.drafts.map((d) => [d.file, d.line, d.column, d.endColumn]), [['testFile1.js', 1, 1, 10], ['testFile2.js', 2, undefined, undefined]]);
    // The same results with fingerprints added are the same places, with other keys (fingerprints are identity when present).
    const expected = readSarif(log('codeql-action.fingerprinting.expected.sarif'));
    assert.deepEqual(expected.drafts.map((d) => [d.file, d.line]), read.drafts.map((d) => [d.file, d.line]));
  });

  it('reads a run whose tool has no name with a warning, and a run without a results array without losing the log', () => {
    const names = readSarif(log('codeql-action.tool-names.sarif'));
    assert.ok(names.warnings.some((w) => /tool\.driver\.name is missing/.test(w)));
    assert.match(readSarif(log('codeql-action.invalid-sarif.sarif')).warnings.join('\n'), /results is not an array/);
    assert.deepEqual(readSarif(log('sarif-vscode.old-Comprehensive.sarif')).skipped.suppressed, 1);
  });

  it('refuses SARIF 1.0.0 and 2.0.0 logs, naming the version and how to convert', () => {
    for (const [name, version] of [['sarif-sdk.v1.ClangAnalyzer.DivByZero.sarif', '1.0.0'], ['sarif-vscode.Comprehensive-2.0.0-csd.sarif', '2.0.0-csd']] as const) {
      assert.throws(() => readSarif(log(name)), (e: unknown) => e instanceof ReviseError && e.code === 'bad-file' && e.message.includes(version) && /sarif transform/.test(e.message));
    }
  });

  it('reads the Semgrep docs example: error → blocking, place with columns, the rule page as url', () => {
    const [draft] = readSarif(log('semgrep-docs-example.sarif')).drafts;
    assert.deepEqual([draft!.severity, draft!.file, draft!.line, draft!.column, draft!.endColumn], ['blocking', 'Dockerfile', 39, 1, 15]);
    assert.equal(draft!.source.url, 'https://semgrep.dev/r/dockerfile.security.missing-user.missing-user');
    assert.equal(draft!.source.author, 'Semgrep OSS');
  });
});
