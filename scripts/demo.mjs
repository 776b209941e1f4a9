#!/usr/bin/env node
// `npm run demo` — see a whole revision loop in two minutes, with no GitHub account and no LLM.
//   --headless   drive the loop through the `revise` CLI in this terminal and print a summary
//   (default)    open the same run in a real VS Code in the browser (the local VS Code server the
//                host tests use) with the packaged Revise installed; prints the URL.
//   --port N     the browser mode's port on 127.0.0.1 (default: a free one).
// The agent is the DEMO AGENT in demo/demoAgent.mjs: deterministic edits, not an AI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDemoRepo } from '../demo/makeDemoRepo.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const headless = process.argv.includes('--headless');
const cli = join(root, 'dist', 'cli.js');
const demoAgent = join(root, 'demo', 'demoAgent.mjs');
const portAt = process.argv.indexOf('--port');
const port = portAt > 0 ? Number(process.argv[portAt + 1]) : 0;
if (!Number.isInteger(port) || port < 0 || port > 65535 || (portAt > 0 && process.argv[portAt + 1]?.trim() === '')) {
  console.error(`demo: --port expects a port number (0 picks a free one), got "${process.argv[portAt + 1] ?? ''}"`);
  process.exit(2);
}

function step(text) {
  process.stdout.write(`\n\x1b[1m▶ ${text}\x1b[0m\n`);
}

function revise(repo, args, { json = true } = {}) {
  const result = spawnSync(process.execPath, [cli, ...args, '--repo', repo, ...(json ? ['--json'] : [])], {
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Revise Demo', GIT_AUTHOR_EMAIL: 'demo@example.invalid', GIT_COMMITTER_NAME: 'Revise Demo', GIT_COMMITTER_EMAIL: 'demo@example.invalid' },
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`revise ${args[0]} failed with exit code ${result.status}`);
  }
  return json ? JSON.parse(result.stdout) : result.stdout;
}

step('Building Revise');
execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, REVISE_BUILD_QUIET: '1' } });

step('Generating the demo repository');
const workdir = realpathSync(mkdtempSync(join(tmpdir(), 'revise-demo-')));
const demo = makeDemoRepo(workdir);
console.log(`  remote:        ${demo.remote}\n  your checkout: ${demo.checkout}\n  prior attempt: ${demo.priorBranch}\n  review:        ${demo.reviewFile}`);

// The run starts the same way in both modes: a newcomer sees what the CLI does before the UI.
step(`revise start --branch ${demo.priorBranch} --issue-file issue.md`);
let run = revise(demo.checkout, ['start', '--branch', demo.priorBranch, '--base', demo.baseBranch, '--issue-file', demo.issueFile]).run;
console.log(`  run ${run.id}: worktree ${run.worktree} at ${run.restoredSha.slice(0, 12)}`);

step('revise findings import --from review.md');
revise(demo.checkout, ['findings', 'import', '--run', run.id, '--from', demo.reviewFile]);
const findings = revise(demo.checkout, ['findings', 'list', '--run', run.id]).result.findings;
for (const f of findings) console.log(`  ${f.id.padEnd(3)} ${f.severity.padEnd(12)} ${(f.file ?? '') + (f.line ? `:${f.line}` : '')}  ${f.title}`);

if (!headless) {
  const { openDemoInBrowser } = await import('./demoBrowser.mjs');
  await openDemoInBrowser({ root, demo, cli, demoAgent, run, port });
} else {
  step('revise decide request-changes');
  run = revise(demo.checkout, ['status', '--run', run.id]).runs[0];
  run = revise(demo.checkout, ['decide', '--run', run.id, '--decision', run.pendingDecision.id, 'request-changes', '--feedback', 'Keep the public API of parseLine and total unchanged.']).run;

  step('revise round (DEMO AGENT, then `node --test` as the verify command)');
  const output = revise(demo.checkout, ['round', '--run', run.id, '--agent', 'custom', '--agent-command', `${JSON.stringify(process.execPath)} ${JSON.stringify(demoAgent)} {promptFile}`, '--verify-command', `${JSON.stringify(process.execPath)} --test`]);
  run = output.run;
  const round = output.result.round;
  console.log(`  round ${round.index}: ${round.status}, exit ${round.exitCode}, verify exit ${round.verify?.exitCode ?? 'n/a'}, ${round.headBefore.slice(0, 12)} → ${round.headAfter.slice(0, 12)}`);

  step('revise findings set --status resolved (accept the fixes the agent claims)');
  for (const f of run.findings.filter((f) => f.status === 'open' && f.disposition?.kind === 'fixed')) {
    revise(demo.checkout, ['findings', 'set', '--run', run.id, '--id', f.id, '--status', 'resolved', '--reason', `fix accepted: ${f.disposition.note ?? 'fixed'}`]);
    console.log(`  ${f.id} resolved`);
  }

  step('revise decide approve (push with a lease pinned to the restored SHA)');
  run = revise(demo.checkout, ['decide', '--run', run.id, '--decision', run.pendingDecision.id, 'approve']).run;
  const remoteTip = execFileSync('git', ['--git-dir', demo.remote, 'rev-parse', `refs/heads/${demo.priorBranch}`], { encoding: 'utf8' }).trim();

  step('Summary');
  console.log(`  run:         ${run.id} — ${run.status}`);
  console.log(`  rounds:      ${run.rounds.map((r) => `#${r.index} ${r.kind} ${r.status}`).join(', ')}`);
  for (const f of run.findings) console.log(`  ${f.id.padEnd(3)} ${f.status.padEnd(9)} ${f.disposition ? `${f.disposition.kind}: ${f.disposition.note ?? ''}` : '(no answer)'}`);
  console.log(`  remote tip:  ${demo.priorBranch} = ${remoteTip.slice(0, 12)} (${remoteTip === run.leaseSha ? 'matches the run' : 'DIFFERS from the run'})`);
  console.log(`  backups:     ${run.backups.length}`);
  console.log(`\n  Explore: cd ${demo.checkout} && node ${cli} status`);
  if (run.status !== 'approved' || remoteTip !== run.leaseSha) process.exitCode = 1;
}
