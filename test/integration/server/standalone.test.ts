import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Run } from '../../../src/core/model';
import { makeFinding, makeRun } from '../../helpers/runFixture';
import { cleanupTempDirs } from '../../helpers/tempDir';
import { git, makeRepo } from './gitRepo';
import { LspTestClient } from './lspTestClient';

const repoRoot = resolve(__dirname, '../../..');

/** Write run.json the way the store does: a temp file renamed into place. */
function writeRun(commonDir: string, run: Run): void {
  const dir = join(commonDir, 'revise', 'runs', run.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json.tmp'), JSON.stringify(run, null, 2));
  renameSync(join(dir, 'run.json.tmp'), join(dir, 'run.json'));
}

describe('revise-lsp --stdio in standalone mode (another editor, no findings from the client)', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
    cleanupTempDirs();
  });

  it("serves the open runs' findings from the run store on disk, read-only, and reloads when the store changes", async () => {
    const repo = makeRepo({ 'src/parse.ts': Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n' });
    const worktree = `${repo.dir}.revise/run-0001`;
    git(repo.dir, 'worktree', 'add', '-q', '-b', 'revise/run-0001', worktree);
    const commonDir = join(repo.dir, '.git');
    const run = makeRun({ id: 'run-0001', repo: repo.dir, worktree, findings: [makeFinding({ id: 'B1', line: 10, endLine: 12 }), makeFinding({ id: 'N1', severity: 'non-blocking', line: 3, endLine: 3 })] });
    writeRun(commonDir, run);
    writeRun(commonDir, makeRun({ id: 'run-0002', status: 'approved', repo: repo.dir, worktree, findings: [makeFinding({ id: 'B9', line: 1, endLine: 1 })] }));
    mkdirSync(join(commonDir, 'revise', 'runs', 'run-broken'));
    writeFileSync(join(commonDir, 'revise', 'runs', 'run-broken', 'run.json'), '{ not json');

    client = LspTestClient.spawnStdio(repoRoot, repo.dir);
    const init = await client.initialize(pathToFileURL(repo.dir).href);
    assert.ok(init.capabilities.executeCommandProvider, 'standalone answers the finding commands itself');

    const uri = pathToFileURL(join(worktree, 'src', 'parse.ts')).href;
    const first = await client.waitForDiagnostics(uri, (d) => d.length === 2);
    assert.deepEqual(first.map((d) => [d.code, d.range.start.line + 1, d.range.end.line + 1]), [['B1', 10, 12], ['N1', 3, 3]]);
    assert.ok(existsSync(join(commonDir, 'revise', 'runs', 'run-broken', 'run.json')), 'a corrupt run.json is skipped, never moved');

    writeRun(commonDir, { ...run, findings: [{ ...run.findings[0]!, status: 'dismissed', reason: 'by design' }, run.findings[1]!, makeFinding({ id: 'M1', severity: 'nit', line: 20, endLine: 20 })] });
    const reloaded = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'M1'));
    assert.deepEqual(reloaded.map((d) => d.code), ['N1', 'M1']);

    writeRun(commonDir, { ...run, status: 'aborted' });
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
  });

  it('picks up a run store that is created after the server started', async () => {
    const repo = makeRepo({ 'src/parse.ts': 'a\nb\nc\n' });
    client = LspTestClient.spawnStdio(repoRoot, repo.dir);
    await client.initialize(pathToFileURL(repo.dir).href);
    await client.rpc.sendRequest('textDocument/codeLens', { textDocument: { uri: pathToFileURL(join(repo.dir, 'src', 'parse.ts')).href } });
    writeRun(join(repo.dir, '.git'), makeRun({ id: 'run-0003', repo: repo.dir, worktree: repo.dir, findings: [makeFinding({ id: 'B1', line: 2, endLine: 2 })] }));
    const diagnostics = await client.waitForDiagnostics(pathToFileURL(join(repo.dir, 'src', 'parse.ts')).href, (d) => d.length === 1);
    assert.equal(diagnostics[0]!.code, 'B1');
  });
});
