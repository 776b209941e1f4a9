import { strict as assert } from 'node:assert';
import { splitArgv } from '../../../src/cli/args';
import { commands } from '../../../src/cli/commands';
import { main } from '../../../src/cli/main';
import { ReviseError } from '../../../src/core/errors';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, env: {} });
  return { code, out, err };
}

describe('revise CLI (in process)', () => {
  for (const name of Object.keys(commands)) {
    it(`prints help for \`${name} --help\` and exits 0 without touching a repository`, async () => {
      const { code, out } = await cli([name, '--help', '--repo', '/nonexistent']);
      assert.equal(code, 0);
      assert.match(out, new RegExp(`Usage: revise ${name}`));
      assert.match(out, /--json/);
    });
  }

  it('lists every command in the top-level help', async () => {
    const { code, out } = await cli(['--help']);
    assert.equal(code, 0);
    for (const name of Object.keys(commands)) assert.match(out, new RegExp(`\\n  ${name} `));
  });

  it('exits 1 with usage when no command is given', async () => {
    assert.equal((await cli([])).code, 1);
  });

  it('prints errors as one JSON document with --json', async () => {
    const { code, out } = await cli(['decide', '--run', 'x', '--decision', 'd', 'launch', '--json']);
    assert.equal(code, 2);
    assert.deepEqual(Object.keys(JSON.parse(out) as object), ['error']);
    assert.equal((JSON.parse(out) as { error: { code: string } }).error.code, 'option-not-offered');
  });

  it('prints errors for people on stderr with their code', async () => {
    const { code, err } = await cli(['findings', 'add']);
    assert.equal(code, 1);
    assert.match(err, /--run is required\. \[usage\]/);
  });

  it('splits an argv template without a shell: quotes group, metacharacters stay literal', () => {
    assert.deepEqual(splitArgv(`my-agent --prompt "{promptFile}" 'a b' x;rm -rf $(y)`), ['my-agent', '--prompt', '{promptFile}', 'a b', 'x;rm', '-rf', '$(y)']);
    assert.deepEqual(splitArgv('a "" b'), ['a', '', 'b']);
    assert.throws(() => splitArgv('a "b'), (e: unknown) => e instanceof ReviseError && e.code === 'bad-input');
  });
});
