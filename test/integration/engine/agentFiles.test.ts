import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_DIR, PREVIOUS_LOG_LIMIT, collectDispositions, prepareAgentFiles, removeAgentFiles } from '../../../src/engine/agentFiles';
import { commitAll, isClean } from '../../../src/git';
import { isolateGitEnv } from '../../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

describe("the agent's files in the worktree (.revise/)", () => {
  let restoreEnv: () => void;
  let root: string;
  let worktree: string;
  before(() => (restoreEnv = isolateGitEnv()));
  after(() => restoreEnv());
  beforeEach(() => {
    root = makeTempDir('revise-agent-files-');
    worktree = join(root, 'wt');
    execFileSync('git', ['init', '-q', worktree]);
    writeFileSync(join(worktree, 'a.txt'), 'a\n');
    execFileSync('git', ['-C', worktree, 'add', '.']);
    execFileSync('git', ['-C', worktree, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init']);
  });
  afterEach(cleanupTempDirs);

  it('writes the prompt, findings and the end of the previous log, and git add --all skips them all', async () => {
    const log = join(root, 'round-1.log');
    writeFileSync(log, 'x'.repeat(PREVIOUS_LOG_LIMIT) + 'the end\n');
    const files = await prepareAgentFiles(worktree, { prompt: '# Round 2', findingsJson: '[]', previousLogPath: log });
    assert.equal(readFileSync(files.promptFile, 'utf8'), '# Round 2');
    assert.equal(readFileSync(files.findingsFile, 'utf8'), '[]');
    const tail = readFileSync(files.previousLog, 'utf8');
    assert.match(tail, /^\(the first 8 bytes of the log are left out\)\n/);
    assert.ok(tail.endsWith('the end\n'));
    writeFileSync(files.dispositionsFile, '{}');
    assert.ok(await isClean(worktree), 'git status does not see the folder');
    writeFileSync(join(worktree, 'b.txt'), 'b\n');
    await commitAll(worktree, 'round');
    assert.equal(execFileSync('git', ['-C', worktree, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8' }), 'a.txt\nb.txt\n');
    await removeAgentFiles(files);
    assert.equal(existsSync(join(worktree, AGENT_DIR)), false);
  });

  it('excludes the folder once in the repository\'s info/exclude, not with a .gitignore that agent CLIs would honour', async () => {
    const linked = join(root, 'linked');
    execFileSync('git', ['-C', worktree, 'worktree', 'add', '-q', '-b', 'run', linked]);
    await prepareAgentFiles(linked, { prompt: 'one', findingsJson: '[]' });
    await prepareAgentFiles(linked, { prompt: 'two', findingsJson: '[]' });
    const exclude = readFileSync(join(worktree, '.git', 'info', 'exclude'), 'utf8');
    assert.equal(exclude.split('\n').filter((line) => line === `/${AGENT_DIR}/`).length, 1, 'one line in the common info/exclude, however many rounds');
    assert.equal(existsSync(join(linked, AGENT_DIR, '.gitignore')), false);
    assert.ok(await isClean(linked), 'git status of the linked worktree does not see the folder');
  });

  it('starts each round from an empty folder, so nothing a dead round left is written through', async () => {
    const first = await prepareAgentFiles(worktree, { prompt: 'one', findingsJson: '[]' });
    const target = join(root, 'run.json');
    writeFileSync(target, 'state');
    symlinkSync(target, join(first.dir, 'stale-link'));
    writeFileSync(first.dispositionsFile, '{"B1":{"kind":"fixed"}}');
    const second = await prepareAgentFiles(worktree, { prompt: 'two', findingsJson: '[]' });
    assert.equal(existsSync(second.dispositionsFile), false, "the last round's dispositions are gone");
    assert.equal(existsSync(join(second.dir, 'stale-link')), false);
    assert.equal(readFileSync(target, 'utf8'), 'state');
  });

  it('copies a regular dispositions file back and refuses a symlink', async () => {
    const files = await prepareAgentFiles(worktree, { prompt: 'p', findingsJson: '[]' });
    const target = join(root, 'kept.json');
    assert.deepEqual(await collectDispositions(files, target), {}, 'no file: nothing to copy');
    writeFileSync(files.dispositionsFile, '{"B1":{"kind":"fixed"}}');
    assert.deepEqual(await collectDispositions(files, target), { file: target });
    assert.equal(readFileSync(target, 'utf8'), '{"B1":{"kind":"fixed"}}');
    const secret = join(root, 'secret.txt');
    writeFileSync(secret, 'not for the run');
    const files2 = await prepareAgentFiles(worktree, { prompt: 'p', findingsJson: '[]' });
    symlinkSync(secret, files2.dispositionsFile);
    const result = await collectDispositions(files2, join(root, 'kept2.json'));
    assert.match(result.warning ?? '', /not a regular file/);
    assert.equal(existsSync(join(root, 'kept2.json')), false);
  });

  for (const [label, make] of [
    ['a folder of its own', (dir: string) => mkdirSync(dir)],
    ['a symlink named .revise', (dir: string) => symlinkSync(root, dir)],
    ['a file named .revise', (dir: string) => writeFileSync(dir, 'mine')],
  ] as const) {
    it(`refuses a worktree with ${label} and leaves it alone`, async () => {
      const dir = join(worktree, AGENT_DIR);
      make(dir);
      await assert.rejects(prepareAgentFiles(worktree, { prompt: 'p', findingsJson: '[]' }), (e: unknown) => (e as { code?: string }).code === 'bad-input');
      assert.ok(existsSync(dir));
      await removeAgentFiles({ dir, promptFile: '', findingsFile: '', previousLog: '', dispositionsFile: '' });
      assert.ok(existsSync(dir), 'a folder Revise did not make is never removed');
    });
  }
});
