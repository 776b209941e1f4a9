#!/usr/bin/env node
// `npm test`: every test layer, in order, stopping at the first that fails.
//   1. lint + typecheck   2. unit + integration (mocha, plain Node)   3. the reliability suite (faults and hostile
//      input, mocha)   3b. real agents: the real Claude Code, Codex, Gemini CLI, opencode and Qwen Code CLIs through `revise round`   4. build   5. host tests (real VS Code; then the untrusted-folder suite in a second host, and
//      the draft-across-a-reload suite in a third)   6. the packaged .vsix: size, contents, installs and activates; vsce
//      packages it and ovsx publishes it to a loopback registry (the Marketplace and Open VSX checks, dry run)
//   7. the reliability table: every scenario's trials and commits checked; fails when one lost a commit or never reported
// Reliability rows go to .test-artifacts/reliability/rows.jsonl (emptied at the start).
// `--skip-host` (or REVISE_SKIP_HOST=1) skips layers 4 and 5 for a quick local loop; CI never skips it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const skipHost = process.argv.includes('--skip-host') || process.env.REVISE_SKIP_HOST === '1';
if (skipHost && process.env.CI) {
  console.error('test: host tests cannot be skipped in CI');
  process.exit(1);
}

const reliabilityReport = resolve('.test-artifacts', 'reliability', 'rows.jsonl');
rmSync(reliabilityReport, { force: true });
mkdirSync(dirname(reliabilityReport), { recursive: true });
process.env.REVISE_RELIABILITY_REPORT = reliabilityReport;
// Host tests run inside VS Code's extension host, which gets only the variables the driver passes on.
const reportEnv = ['--env', `REVISE_RELIABILITY_REPORT=${reliabilityReport}`];

const steps = [
  ['lint', 'npx', ['eslint', '.', '--max-warnings', '0']],
  ['import cycles', 'node', ['scripts/importCycles.mjs']],
  ['typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']],
  ['typecheck: the webview (DOM lib only there)', 'npx', ['tsc', '-p', 'src/webview', '--noEmit']],
  ['unit + integration', 'npx', ['mocha', '--config', '.mocharc.json', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts']],
  ['reliability: faults and hostile input', 'npx', ['mocha', '--config', '.mocharc.json', 'test/reliability/**/*.test.ts']],
  // The real Claude Code, Codex, Gemini CLI, opencode and Qwen Code CLIs (pinned, installed on demand into the host-tool cache) against a scripted model server.
  ['real agents: install the CLIs', 'bash', ['test/agents/tools.sh']],
  ['real agents (Claude Code, Codex, Gemini CLI, opencode, Qwen Code)', 'npx', ['mocha', '--config', '.mocharc.json', 'test/agents/**/*.test.ts']],
  ['build', 'node', ['esbuild.mjs']],
  ...(skipHost
    ? []
    : [
        ['host (real VS Code)', 'bash', ['test/host/run.sh', '--e2e', 'test/host/e2e/decisionPanel.mjs', '--env', 'REVISE_UI_E2E=1'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, finding lifecycle in the decision panel (real VS Code)', 'bash', ['test/host/run.sh', '--e2e', 'test/host/e2e/findingLifecycle.mjs', '--env', 'REVISE_LIFECYCLE_E2E=1', '--env', 'HOST_TEST_GREP=finding lifecycle', '--artifacts', '.test-artifacts/host-lifecycle'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, first run: signposts and the walkthrough (real VS Code)', 'bash', ['test/host/run.sh', '--env', 'HOST_TEST_GREP=first run signposts', '--artifacts', '.test-artifacts/host-first-run'], { REVISE_HOST_SKIP_BUILD: '1' }],
        // A fresh window, so no step is done before its button is clicked.
        ['host, the Get Started walkthrough walked to completion (real VS Code)', 'bash', ['test/host/run.sh', '--e2e', 'test/host/e2e/walkthrough.mjs', '--env', 'REVISE_WALKTHROUGH_E2E=1', '--env', 'HOST_TEST_GREP=walked to completion', '--artifacts', '.test-artifacts/host-walkthrough'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, untrusted folder (real VS Code)', 'bash', ['test/host/run.sh', '--untrusted', '--env', 'HOST_TEST_SUITE=untrusted', ...reportEnv, '--artifacts', '.test-artifacts/host-untrusted'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, draft across a window reload (real VS Code)', 'bash', ['test/host/run.sh', '--e2e', 'test/host/e2e/reloadDraft.mjs', '--env', 'HOST_TEST_SUITE=reload', '--artifacts', '.test-artifacts/host-reload'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, reliability: hostile text in the decision panel (real VS Code)', 'bash', ['test/host/run.sh', '--e2e', 'test/host/e2e/hostileText.mjs', '--env', 'HOST_TEST_SUITE=reliability', ...reportEnv, '--artifacts', '.test-artifacts/host-reliability'], { REVISE_HOST_SKIP_BUILD: '1' }],
        ['host, reliability: window reload mid-round (real VS Code)', 'bash', ['test/host/run.sh', '--env', 'HOST_TEST_SUITE=reliability-reload', ...reportEnv, '--artifacts', '.test-artifacts/host-reliability-reload'], { REVISE_HOST_SKIP_BUILD: '1' }],
      ]),
  ...(skipHost
    ? []
    : [
        ['package (.vsix installs and activates)', 'node', ['test/host/vsix.mjs']],
        ['package: vsce and ovsx accept it (Marketplace and Open VSX, dry run)', 'node', ['test/host/publishCheck.mjs']],
      ]),
  ['reliability table', 'node', ['scripts/reliability-table.mjs', reliabilityReport, ...(skipHost ? [] : ['--require-all'])]],
];

for (const [name, cmd, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${name} failed (exit ${result.status ?? result.signal}) after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${name} (${seconds}s)`);
}
