import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeReview, readReview } from '../../../src/core/findings';
import { ReviseError } from '../../../src/core/errors';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const fixtures = join(__dirname, '../../fixtures/reviews');
const semgrep = readFileSync(join(fixtures, 'semgrep.sarif'));

/** Decode and read as `revise findings import` does. */
const importText = (bytes: Uint8Array, fileName: string) => {
  const decoded = decodeReview(bytes, fileName);
  return readReview(decoded.text, { fileName: decoded.fileName });
};
const refused = (looksLike: RegExp) => (e: unknown): boolean => {
  assert.ok(e instanceof ReviseError, String(e));
  assert.equal(e.code, 'bad-file');
  assert.match(String(e.details?.looksLike), looksLike);
  assert.match(e.message, /is not a review: it looks like .*Nothing was imported/);
  return true;
};

describe('review files that are not plain text reviews', () => {
  after(cleanupTempDirs);

  it('accepts a gzip SARIF log (.sarif.gz) by decompressing it, and a UTF-8 BOM by dropping it', () => {
    assert.equal(importText(gzipSync(semgrep), 'scan.sarif.gz').drafts[0]!.file, 'app/handlers/upload.py');
    assert.equal(importText(gzipSync(semgrep), 'artefact.gz').format, 'sarif');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), semgrep]);
    assert.equal(importText(bom, 'scan.sarif').drafts.length, 1);
    assert.equal(importText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(semgrep.toString('utf8'), 'utf16le')]), 'scan.sarif').drafts.length, 1);
  });

  it('accepts a plain JSON array of findings', () => {
    const read = importText(Buffer.from(JSON.stringify([{ severity: 'error', message: 'Lock released early', file: 'src/a.ts', line: 3, column: 5 }])), 'findings.json');
    assert.deepEqual(read.drafts.map((d) => [d.severity, d.file, d.line, d.column]), [['blocking', 'src/a.ts', 3, 5]]);
    assert.throws(() => importText(Buffer.from('[{"severity": "loud", "message": "x"}]'), 'f.json'), (e: unknown) => e instanceof ReviseError && /findings\[0\]\.severity/.test(e.message));
  });

  it("refuses GCC's -fdiagnostics-format=json output from a real compiler run", function () {
    if (spawnSync('gcc', ['--version']).status !== 0) this.skip();
    const dir = makeTempDir();
    writeFileSync(join(dir, 't.c'), 'int main(void) { return y; }\n');
    const out = spawnSync('gcc', ['-fdiagnostics-format=json', '-c', 't.c', '-o', '/dev/null'], { cwd: dir, encoding: 'utf8' });
    assert.match(out.stderr, /^\[\{"kind"/);
    assert.throws(() => importText(Buffer.from(out.stderr), 'gcc.json'), refused(/GCC diagnostics/));
    assert.throws(() => importText(Buffer.from(out.stderr), 'gcc-output'), refused(/GCC diagnostics/));
  });

  it("refuses ESLint's own JSON format, naming the SARIF formatter to use instead", () => {
    const eslintJson = JSON.stringify([{ filePath: '/x/a.js', messages: [{ ruleId: 'eqeqeq', line: 1 }], errorCount: 1 }]);
    assert.throws(() => importText(Buffer.from(eslintJson), 'eslint.json'), refused(/ESLint's JSON output/));
  });

  it('refuses cppcheck XML, clang-tidy fixes YAML, a shell script, binary and archives, naming each', () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['cppcheck.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<results version="2">\n<cppcheck version="2.10"/>\n<errors><error id="nullPointer"/></errors></results>\n'), /XML \(cppcheck --xml\)/],
      ['fixes.yaml', Buffer.from("---\nMainSourceFile: '/src/a.cpp'\nDiagnostics:\n  - DiagnosticName: modernize-use-nullptr\n    DiagnosticMessage:\n      Message: use nullptr\n...\n"), /clang-tidy fixes/],
      ['review.md', Buffer.from('#!/bin/sh\necho "B1. looks fine"\n'), /a script \(#!\/bin\/sh\)/],
      ['review', Buffer.from([0x00, 0x01, 0x02, 0x41]), /binary file \(it contains NUL bytes\)/],
      ['review.txt', Buffer.from([0xc3, 0x28, 0x41, 0x42]), /not UTF-8/],
      ['review.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), /zip archive/],
      ['review.sarif.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]), /gzip file that could not be decompressed/],
    ];
    for (const [name, bytes, looksLike] of cases) assert.throws(() => importText(bytes, name), refused(looksLike), name);
  });

  it('still reads a markdown review that starts with HTML or front matter', () => {
    const review = '<details><summary>Review</summary>\n\n### Blocking\n\nB1. Lock released early (src/a.ts:3)\n</details>\n';
    assert.ok(importText(Buffer.from(review), 'review.md').drafts.length >= 1);
    assert.ok(importText(Buffer.from('---\ntitle: review\n---\n\n### Blocking\n\nB1. Lock released early (src/a.ts:3)\n'), 'review.md').drafts.length >= 1);
  });

  it('makes a real gzip file from the shell tool readable the same way', function () {
    const dir = makeTempDir();
    const file = join(dir, 'scan.sarif');
    writeFileSync(file, semgrep);
    if (spawnSync('gzip', ['--version']).status !== 0) this.skip();
    execFileSync('gzip', [file]);
    assert.equal(importText(readFileSync(`${file}.gz`), `${file}.gz`).drafts.length, 1);
  });
});
