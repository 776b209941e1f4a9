import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import Ajv2020 from 'ajv/dist/2020';
import { detectFormat, findingsJsonSchema, parseFindingsJson, parseReview, parseSarif } from '../../../src/core/findings';
import { ReviseError } from '../../../src/core/errors';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const fixtures = join(__dirname, '../../fixtures/reviews');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

/** A SARIF 2.1.0 log from ESLint results (what a SARIF formatter writes, reduced to the fields used). */
function eslintToSarif(results: ESLint.LintResult[], rulesMeta: Record<string, unknown>, cwd: string): object {
  const ruleIds = Object.keys(rulesMeta);
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'ESLint', informationUri: 'https://eslint.org', rules: ruleIds.map((id) => ({ id })) } },
        results: results.flatMap((r) =>
          r.messages.map((m) => ({
            level: m.severity === 2 ? 'error' : 'warning',
            message: { text: m.message },
            ruleId: m.ruleId ?? undefined,
            ruleIndex: m.ruleId ? ruleIds.indexOf(m.ruleId) : undefined,
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: `file://${r.filePath}` },
                  region: { startLine: m.line, startColumn: m.column, endLine: m.endLine ?? m.line },
                },
              },
            ],
          })),
        ),
        originalUriBaseIds: { ROOT: { uri: `file://${cwd}/` } },
      },
    ],
  };
}

describe('parseSarif', () => {
  after(cleanupTempDirs);

  it('imports the results of a real ESLint run, relative to the worktree, with error → blocking and warning → non-blocking', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'app.js'), 'const unused = 1;\nif (process.argv.length == 2) {\n  console.log("two");\n}\n');
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: { languageOptions: { globals: { process: 'readonly', console: 'readonly' } }, rules: { 'no-unused-vars': 'error', eqeqeq: 'warn' } },
    });
    const results = await eslint.lintFiles(['src/**/*.js']);
    const sarif = eslintToSarif(results, eslint.getRulesMetaForResults(results), dir);
    const drafts = parseSarif(JSON.stringify(sarif), { root: dir, origin: 'eslint.sarif' });
    assert.deepEqual(
      drafts.map((d) => [d.severity, d.file, d.line, d.title.split(':')[0]]),
      [
        ['blocking', 'src/app.js', 1, 'no-unused-vars'],
        ['non-blocking', 'src/app.js', 2, 'eqeqeq'],
      ],
    );
    assert.match(drafts[0]!.message, /'unused' is assigned a value but never used[\s\S]*\(ESLint no-unused-vars\)/);
    assert.equal(drafts[0]!.source.author, 'ESLint');
  });

  it('reads a CodeQL log: rule default levels, artifacts by index, fingerprints, and a result without location kept file-less', () => {
    const drafts = parseSarif(fixture('codeql.sarif'));
    assert.deepEqual(
      drafts.map((d) => [d.severity, d.file, d.line, d.endLine]),
      [
        ['blocking', 'src/db/users.js', 14, 14],
        ['nit', 'src/util/format.js', 3, 5],
        ['non-blocking', undefined, undefined, undefined],
      ],
    );
    assert.equal(drafts[0]!.title, 'js/sql-injection: This query string depends on a [user-provided value](1).');
    assert.equal(drafts[0]!.source.url, 'https://codeql.github.com/codeql-query-help/javascript/js-sql-injection/');
    assert.deepEqual(drafts[2]!.warnings, ['The result has no file location; it is kept without one.']);
    // The fingerprint, not the line, identifies the result: moving it keeps the external id.
    const moved = JSON.parse(fixture('codeql.sarif'));
    moved.runs[0].results[0].locations[0].physicalLocation.region.startLine = 40;
    assert.equal(parseSarif(moved)[0]!.source.externalId, drafts[0]!.source.externalId);
  });

  it('reads a semgrep log', () => {
    const [draft] = parseSarif(fixture('semgrep.sarif'));
    assert.equal(draft!.severity, 'blocking');
    assert.equal(draft!.file, 'app/handlers/upload.py');
    assert.equal(draft!.line, 31);
    assert.match(draft!.title, /^python\.lang\.security\.audit\.subprocess-shell-true/);
  });

  it('keeps a result whose level is not a SARIF level, losing only the level, with a warning naming it', () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'odd' } }] }] };
    const [draft] = parseSarif(log);
    assert.match(draft!.message, /^odd/);
    assert.equal(draft!.severity, 'non-blocking');
    assert.match(draft!.warnings![0]!, /SARIF level: "fatal" is not a SARIF level.*results\[0\]/);
  });

  it('refuses a log that is not SARIF 2.1.0 with a bad-file error naming the field', () => {
    assert.throws(() => parseSarif(fixture('malformed.sarif')), (e: unknown) => e instanceof ReviseError && e.code === 'bad-file' && /version/.test(e.message));
    assert.throws(() => parseSarif('{"version": "2.1.0", "runs": [}'), (e: unknown) => e instanceof ReviseError && e.code === 'bad-file' && /line 1, column 31/.test(e.message));
  });
});

describe('parseFindingsJson', () => {
  it('reads the documented JSON, mapping severity words and keeping ids and external ids', () => {
    const drafts = parseFindingsJson(fixture('findings.json'), { origin: 'findings.json' });
    assert.deepEqual(
      drafts.map((d) => [d.suggestedId, d.severity, d.file, d.line, d.endLine, d.source.externalId?.slice(0, 5)]),
      [
        ['B1', 'blocking', 'src/auth/client.ts', 22, 24, 'json:'],
        [undefined, 'non-blocking', 'src/auth/retry.ts', 5, 5, 'json:'],
        [undefined, 'nit', undefined, undefined, undefined, 'json:'],
      ],
    );
    assert.equal(drafts[0]!.source.externalId, 'json:house-1');
    assert.equal(drafts[1]!.source.author, 'house-reviewer');
  });

  it('refuses a syntax error with its line and column', () => {
    assert.throws(
      () => parseFindingsJson(fixture('malformed-syntax.json')),
      (e: unknown) => e instanceof ReviseError && e.code === 'bad-file' && /line 5, column/.test(e.message) && e.details?.line === 5,
    );
  });

  it('refuses an unknown severity naming the field', () => {
    assert.throws(
      () => parseFindingsJson(fixture('malformed-field.json')),
      (e: unknown) => e instanceof ReviseError && e.code === 'bad-file' && /findings\[1\]\.severity: unknown severity/.test(e.message),
    );
  });

  it('publishes the JSON Schema generated from the zod schema, and the schema accepts the example file', () => {
    const published = JSON.parse(readFileSync(join(__dirname, '../../../schemas/findings.schema.json'), 'utf8'));
    assert.deepEqual(published, findingsJsonSchema());
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(published);
    assert.ok(validate(JSON.parse(fixture('findings.json'))), JSON.stringify(validate.errors));
    assert.ok(!validate({ version: 1, findings: [{ severity: 'blocking' }] }));
  });
});

describe('detectFormat and parseReview', () => {
  it('picks the format from the name, then from the content', () => {
    assert.equal(detectFormat('x.sarif', ''), 'sarif');
    assert.equal(detectFormat('review.md', '{'), 'markdown');
    assert.equal(detectFormat('out.json', fixture('codeql.sarif')), 'sarif');
    assert.equal(detectFormat('out.json', fixture('findings.json')), 'json');
    assert.equal(detectFormat('review', 'Blocking\nB1. x'), 'markdown');
    assert.equal(parseReview(fixture('semgrep.sarif'), { fileName: 'scan.json' }).length, 1);
  });
});
