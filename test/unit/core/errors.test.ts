import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type * as errors from '../../../src/core/errors';
import { AgentError, GitError, ReviseError, toReviseError } from '../../../src/core/errors';

type ErrorsModule = typeof errors;

describe('ReviseError across bundles', () => {
  let dir: string;
  let other: ErrorsModule;

  before(() => {
    // A second, separately bundled copy of the module, as the extension's lazily loaded engine has.
    dir = mkdtempSync(join(tmpdir(), 'revise-errors-'));
    const outfile = join(dir, 'errors.js');
    buildSync({ entryPoints: [join(__dirname, '../../../src/core/errors.ts')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
    other = createRequire(__filename)(outfile) as ErrorsModule;
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('recognises an error raised by another bundle copy as a ReviseError, both ways', () => {
    assert.notEqual(other.ReviseError, ReviseError, 'the copy is a different class');
    const foreign = new other.GitError('fetch-failed', 'could not fetch');
    assert.ok(foreign instanceof ReviseError);
    assert.ok(new GitError('git-failed', 'x') instanceof other.ReviseError);
    assert.equal(toReviseError(foreign), foreign, 'toReviseError keeps it as it is, code and all');
    assert.equal(toReviseError(foreign).exitCode, 3);
  });

  it('keeps the usual meaning of instanceof for the subclasses', () => {
    const git = new GitError('git-failed', 'x');
    assert.ok(git instanceof GitError);
    assert.ok(git instanceof ReviseError);
    assert.ok(git instanceof Error);
    assert.ok(!(git instanceof AgentError));
    assert.ok(!(new ReviseError('usage', 'x') instanceof GitError));
    class Narrower extends GitError {}
    assert.ok(new Narrower('git-failed', 'x') instanceof GitError);
    assert.ok(!(git instanceof Narrower));
  });

  it('does not mistake other values for a ReviseError', () => {
    for (const value of [new Error('plain'), { code: 'git-failed', message: 'looks alike' }, null, undefined, 'git-failed', 42]) {
      assert.ok(!(value instanceof ReviseError), `${JSON.stringify(value) ?? 'undefined'} is not a ReviseError`);
    }
  });
});
