import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { locateFindings, readSarif } from '../../../src/core/findings';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const run = (results: unknown[], extra: Record<string, unknown> = {}) => ({ version: '2.1.0', runs: [{ tool: { driver: { name: 'lint', rules: [{ id: 'R1', defaultConfiguration: { level: 'error' }, messageStrings: { m: { text: "'{0}' is unused; {{literal}} {1}" } } }] } }, ...extra, results }] });
const at = (uri: string, region: Record<string, unknown> = { startLine: 1 }, base?: string) => [{ physicalLocation: { artifactLocation: { uri, ...(base ? { uriBaseId: base } : {}) }, region } }];

describe('SARIF results read per field', () => {
  after(cleanupTempDirs);
  it('loses only the odd field, with a warning naming it: message null, level "Error", startLine -3, a result that is not an object', () => {
    const read = readSarif(
      run([
        { ruleId: 'R1', message: null, locations: at('a.ts', { startLine: 4 }) },
        { ruleId: 'R1', level: 'Error', message: { text: 'capitalised' }, locations: at('a.ts', { startLine: 5 }) },
        { ruleId: 'R1', message: { text: 'bad line' }, locations: at('a.ts', { startLine: -3, startColumn: 2 }) },
        'not a result',
        { ruleId: 'R1', message: { text: 'fine' }, locations: 'nowhere' },
      ]),
    );
    const [noMessage, capital, badLine, stray, noLocations] = read.drafts;
    assert.equal(read.drafts.length, 5, 'no result is lost');
    assert.deepEqual([noMessage!.title, noMessage!.severity, noMessage!.line], ['R1', 'blocking', 4]);
    assert.match(noMessage!.warnings![0]!, /SARIF message: null is not a message object/);
    assert.equal(capital!.severity, 'blocking');
    assert.match(capital!.warnings![0]!, /level: "Error" .*read as "error"/);
    assert.deepEqual([badLine!.file, badLine!.line, badLine!.column], ['a.ts', undefined, undefined]);
    assert.match(badLine!.warnings![0]!, /startLine: -3 is not a positive integer/);
    assert.match(stray!.message, /Unreadable lint result: "not a result"/);
    assert.equal(noLocations!.file, undefined);
  });

  it('reads a log whose driver name is null, attributing its results to an unknown tool with a warning', () => {
    const read = readSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: null } }, results: [{ message: { text: 'x' } }] }] });
    assert.equal(read.drafts[0]!.source.author, 'unknown tool');
    assert.deepEqual(read.scopes, [], 'an unnamed tool never marks findings gone');
    assert.match(read.warnings[0]!, /driver\.name is missing/);
  });

  it('fills message templates: message.id from the rule, then globalMessageStrings; {0} from arguments; {{ }} as braces', () => {
    const read = readSarif({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'lint', globalMessageStrings: { g: { text: 'global {0}' } }, rules: [{ id: 'R1', messageStrings: { m: { text: "'{0}' is unused; {{literal}} {1}" } } }] } },
          results: [
            { ruleId: 'R1', message: { id: 'm', arguments: ['x'] } },
            { ruleId: 'R1', message: { id: 'g', arguments: ['y'] } },
            { ruleId: 'R1', message: { text: 'direct {0}', arguments: ['z'] } },
            { ruleId: 'R1', message: { id: 'missing' } },
          ],
        },
      ],
    });
    assert.deepEqual(read.drafts.map((d) => d.title), ["R1: 'x' is unused; {literal} {1}", 'R1: global y', 'R1: direct z', 'R1']);
    assert.match(read.drafts[3]!.warnings![0]!, /message\.id: "missing"/);
  });

  it('honours suppressions by status: accepted or without status suppresses, underReview and rejected do not', () => {
    const read = readSarif(
      run([
        { ruleId: 'R1', message: { text: 'a' }, suppressions: [{ kind: 'inSource', justification: 'on purpose' }] },
        { ruleId: 'R1', message: { text: 'b' }, suppressions: [{ kind: 'external', status: 'accepted' }] },
        { ruleId: 'R1', message: { text: 'c' }, suppressions: [{ kind: 'external', status: 'underReview' }] },
        { ruleId: 'R1', message: { text: 'd' }, suppressions: [{ kind: 'external', status: 'rejected' }] },
        { ruleId: 'R1', message: { text: 'e' }, suppressions: [] },
      ]),
    );
    assert.deepEqual(read.drafts.map((d) => d.title), ['R1: c', 'R1: d', 'R1: e']);
    assert.equal(read.skipped.suppressed, 2);
  });

  it('takes kind into account: pass, notApplicable and informational are not findings; review defaults to a nit', () => {
    const read = readSarif(run(['pass', 'notApplicable', 'informational', 'review', 'fail', 'open'].map((kind) => ({ ruleId: 'X', kind, message: { text: kind } }))));
    assert.deepEqual(read.drafts.map((d) => [d.title, d.severity]), [['X: review', 'nit'], ['X: fail', 'non-blocking'], ['X: open', 'nit']]);
    assert.equal(read.skipped.notFindings, 3);
  });

  it('keeps two results on one line at different columns as two findings, with their columns', () => {
    const read = readSarif(run([1, 2].map((n) => ({ ruleId: 'R1', message: { text: 'same' }, locations: at('a.ts', { startLine: 7, startColumn: n * 10, endColumn: n * 10 + 2 }) }))));
    assert.deepEqual(read.drafts.map((d) => [d.line, d.column, d.endColumn]), [[7, 10, 12], [7, 20, 22]]);
    assert.notEqual(read.drafts[0]!.source.externalId, read.drafts[1]!.source.externalId);
  });

  it('never merges results in different files that share a fingerprint (identical-line hashes), and keeps the key when only the line moves', () => {
    const fp = { partialFingerprints: { primaryLocationLineHash: 'abc:1' } };
    const read = readSarif(run([{ ruleId: 'R1', message: { text: 't' }, ...fp, locations: at('a.ts', { startLine: 3 }) }, { ruleId: 'R1', message: { text: 't' }, ...fp, locations: at('b.ts', { startLine: 3 }) }]));
    assert.notEqual(read.drafts[0]!.source.externalId, read.drafts[1]!.source.externalId);
    const moved = readSarif(run([{ ruleId: 'R1', message: { text: 't' }, ...fp, locations: at('a.ts', { startLine: 30 }) }]));
    assert.equal(moved.drafts[0]!.source.externalId, read.drafts[0]!.source.externalId);
  });

  it('maps absolute paths and file URIs inside any checkout, resolves originalUriBaseIds chains, and leaves other absolute paths as written', () => {
    const read = readSarif(
      run(
        [
          { ruleId: 'R1', message: { text: 'user checkout' }, locations: at('file:///home/me/repo/src/a.ts') },
          { ruleId: 'R1', message: { text: 'other worktree, plain path' }, locations: at('/tmp/wt/run-1/src/b.ts') },
          { ruleId: 'R1', message: { text: 'encoded' }, locations: at('file:///home/me/repo/src/with%20space.ts') },
          { ruleId: 'R1', message: { text: 'chain' }, locations: at('c.ts', { startLine: 1 }, 'SRC') },
          { ruleId: 'R1', message: { text: 'outside' }, locations: at('file:///etc/passwd') },
          { ruleId: 'R1', message: { text: 'web' }, locations: at('https://example.invalid/x.ts') },
          { ruleId: 'R1', message: { text: 'unknown base' }, locations: at('d.ts', { startLine: 1 }, '%SRCROOT%') },
        ],
        { originalUriBaseIds: { ROOT: { uri: 'file:///home/me/repo/' }, SRC: { uri: 'lib/', uriBaseId: 'ROOT' } } },
      ),
      { root: '/tmp/wt/run-1', roots: ['/home/me/repo/', '/home/me/repo-other'] },
    );
    assert.deepEqual(read.drafts.map((d) => d.file), ['src/a.ts', 'src/b.ts', 'src/with space.ts', 'lib/c.ts', '/etc/passwd', undefined, 'd.ts']);
    assert.match(read.drafts[5]!.warnings!.join('\n'), /not a file in the repository/);
  });

  it('turns a region given only by charOffset or byteOffset into lines and columns from the file content', async () => {
    const dir = makeTempDir();
    // "é" is one character and two UTF-8 bytes, "\r\n" two characters: "bad" is at character 18, byte 19.
    writeFileSync(join(dir, 'a.ts'), 'const é = 1;\r\nlet bad = 2;\nok();\n');
    const ctx = { worktree: dir, realpath: (p: string) => realpath(p), exists: async (p: string) => !!(await realpath(p).catch(() => undefined)), readFile: (p: string) => readFile(p, 'utf8') };
    const read = readSarif(run([
      { ruleId: 'R1', message: { text: 'chars' }, locations: at('a.ts', { charOffset: 18, charLength: 3 }) },
      { ruleId: 'R1', message: { text: 'bytes' }, locations: at('a.ts', { byteOffset: 19, byteLength: 3 }) },
      { ruleId: 'R1', message: { text: 'past the end' }, locations: at('a.ts', { charOffset: 999 }) },
    ]));
    assert.deepEqual(read.drafts[0]!.offset, { unit: 'char', start: 18, length: 3 });
    const located = await locateFindings(read.drafts, ctx);
    assert.deepEqual(located.map((d) => [d.file, d.line, d.column, d.endLine, d.endColumn, d.offset]), [
      ['a.ts', 2, 5, 2, 8, undefined],
      ['a.ts', 2, 5, 2, 8, undefined],
      ['a.ts', undefined, undefined, undefined, undefined, undefined],
    ]);
  });
});
