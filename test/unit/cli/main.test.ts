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

    it(`describes every option of \`${name}\` in its help`, async () => {
      const { out } = await cli([name, '--help']);
      for (const option of Object.keys(commands[name]!.options)) {
        const row = out.split('\n').find((line) => line.startsWith(`  --${option} `) || line.trimEnd() === `  --${option}`);
        assert.ok(row, `--${option} has a row`);
        assert.ok(commands[name]!.help[option], `--${option} of ${name} has a description`);
        assert.match(row, /\S\s{2,}\S/, `--${option}'s row carries its description`);
      }
    });
  }

  it('answers `revise help <command>` like `revise <command> --help`', async () => {
    assert.equal((await cli(['help', 'decide'])).out, (await cli(['decide', '--help'])).out);
  });

  it('suggests the closest command for an unknown one', async () => {
    const { code, err } = await cli(['stauts']);
    assert.equal(code, 1);
    assert.match(err, /Unknown command "stauts"\. Did you mean `revise status`\?/);
    assert.doesNotMatch((await cli(['frobnicate'])).err, /Did you mean/, 'no suggestion when nothing is close');
  });

  it('says which option is unknown, whole, with the closest one and where the options are listed', async () => {
    const { code, err } = await cli(['decide', '--run', 'x', '--decison', 'd', 'approve']);
    assert.equal(code, 1);
    assert.equal(err, 'revise: Unknown option --decison for `revise decide`. Did you mean --decision? Run `revise decide --help` for its options. [usage]\n');
    assert.match((await cli(['start', '--branch=x', '--max-round=2'])).err, /Unknown option --max-round for `revise start`\. Did you mean --max-rounds\?/);
  });

  it('says an option needs a value, or takes none', async () => {
    assert.match((await cli(['status', '--run'])).err, /^revise: --run needs a value: --run <value>\. Run `revise status --help`/);
    assert.match((await cli(['decide', '--allow-open=yes'])).err, /^revise: --allow-open takes no value\./);
    assert.match((await cli(['start', '--branch', '-x'])).err, /^revise: --branch is followed by an option-like word; a value starting with "-" must be written --branch=<value>\./);
  });

  it('refuses arguments a command does not take, and suggests a subcommand or decision option', async () => {
    assert.match((await cli(['status', 'extra'])).err, /`revise status` takes no argument "extra"/);
    const findings = await cli(['findings', 'lsit', '--run', 'x']);
    assert.equal(findings.code, 1);
    assert.match(findings.err, /"lsit" is not a subcommand of `revise findings`; use one of list, add, import, import-checks, set, accept, reopen, rescan\. Did you mean "list"\?/);
    const decide = await cli(['decide', '--run', 'x', '--decision', 'd', 'aprove', '--json']);
    assert.equal(decide.code, 2);
    assert.match((JSON.parse(decide.out) as { error: { message: string } }).error.message, /Did you mean "approve"\?/);
    assert.match((await cli(['decide', '--run', 'x', '--decision', 'd', 'approve', 'now'])).err, /takes one option, got also "now"/);
  });

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
    const doc = JSON.parse(out) as { ok: boolean; error: { code: string } };
    assert.deepEqual(Object.keys(doc), ['ok', 'error']);
    assert.equal(doc.ok, false);
    assert.equal(doc.error.code, 'option-not-offered');
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
