import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { AGENT_CLIS, detectAgents, findOnPath, parseVersion } from '../../../src/extension/walkthrough/agentClis';

/** The real agent CLIs, as installed from npm into the host-tool cache (when they are there). */
const cache = join(homedir(), '.cache', 'revise', 'host');
const realClis: Record<string, string> = {
  claude: join(cache, 'agents-claude-code-2.1.197', 'node_modules', '.bin', 'claude'),
  codex: join(cache, 'agents-codex-0.171.0', 'node_modules', '.bin', 'codex'),
  gemini: join(cache, 'agents-gemini-cli-0.61.0', 'node_modules', '.bin', 'gemini'),
  opencode: join(cache, 'agents-opencode-1.18.33', 'node_modules', '.bin', 'opencode'),
  qwen: join(cache, 'agents-qwen-code-0.15.10', 'node_modules', '.bin', 'qwen'),
};

describe('agent CLI detection', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'revise-agents-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string, mode = 0o755): void {
    writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(dir, name), mode);
  }

  it('reads the version out of what real CLIs print', () => {
    assert.equal(parseVersion('2.1.197 (Claude Code)'), '2.1.197');
    assert.equal(parseVersion('codex-cli 0.171.0'), '0.171.0');
    assert.equal(parseVersion('aider 0.86.1\n'), '0.86.1');
    assert.equal(parseVersion('0.61.0-nightly.20261101'), '0.61.0-nightly.20261101');
    assert.equal(parseVersion('usage: foo [options]'), undefined);
  });

  it('finds the real CLIs installed from npm, with their versions', async function () {
    const present = Object.entries(realClis).filter(([, file]) => existsSync(file));
    if (present.length === 0) this.skip();
    const env = { PATH: [...present.map(([, file]) => dirname(file)), dirname(process.execPath)].join(delimiter), HOME: dir };
    const found = await detectAgents({ env, timeoutMs: 60_000 });
    for (const [name, file] of present) {
      const agent = found.find((a) => a.cli.executable === name);
      assert.equal(agent?.path, file, name);
      assert.match(agent?.version ?? '', /^\d+\.\d+\.\d+/, `${name}: ${agent?.problem ?? ''}`);
      const pinned = /-(\d+\.\d+\.\d+)[/\\]/.exec(file)?.[1];
      assert.equal(agent?.version, pinned, name);
    }
  });

  it('says which CLIs are missing, and why one on PATH gave no version', async () => {
    script('claude', 'echo "2.0.1 (Claude Code)"');
    script('codex', 'echo "codex: cannot start" >&2; exit 3');
    script('gemini', 'echo "no version here"');
    script('aider', 'echo 1.0.0', 0o644); // not executable: not a candidate
    const found = await detectAgents({ env: { PATH: dir }, timeoutMs: 5_000 });
    assert.deepEqual(found.map((a) => a.cli.executable), AGENT_CLIS.map((c) => c.executable));
    const byName = new Map(found.map((a) => [a.cli.executable, a]));
    assert.equal(byName.get('claude')?.version, '2.0.1');
    assert.equal(byName.get('codex')?.version, undefined);
    assert.match(byName.get('codex')?.problem ?? '', /--version failed: codex: cannot start/);
    assert.match(byName.get('gemini')?.problem ?? '', /printed no version/);
    assert.equal(byName.get('aider')?.path, undefined);
    assert.equal(byName.get('qwen')?.path, undefined);
  });

  it('stops a CLI that never answers --version', async () => {
    script('opencode', `exec "${process.execPath}" -e "setInterval(() => undefined, 1000)"`);
    const [agent] = (await detectAgents({ env: { PATH: dir }, timeoutMs: 300 })).filter((a) => a.cli.executable === 'opencode');
    assert.equal(agent?.path, join(dir, 'opencode'));
    assert.match(agent?.problem ?? '', /no answer to --version within 300 ms/);
  });

  it('looks only in absolute PATH folders, and every CLI says how to install and sign in', async () => {
    assert.equal(await findOnPath('claude', { PATH: '' }), undefined);
    script('claude', 'echo 1.0.0');
    assert.equal(await findOnPath('claude', { PATH: dir }), join(dir, 'claude'));
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      assert.equal(await findOnPath('claude', { PATH: '.' }), undefined, 'a relative PATH entry is not searched');
    } finally {
      process.chdir(cwd);
    }
    for (const cli of AGENT_CLIS) {
      assert.ok(cli.install.length > 0 && cli.signIn.length > 0, cli.executable);
    }
  });
});
