/**
 * A reviewer command and an agent as one-line Node scripts, for engine tests of the SARIF re-scan: the
 * reviewer ("house-linter") reports rule `always` on fix.txt line 1 every time, and rule `until-fixed`
 * there until the agent writes fixed.txt.
 */
import type { AgentConfig } from '../../src/engine/config';

const REVIEWER = `
  const fs = require('fs');
  const result = (rule, line) => ({ ruleId: rule, level: 'error', message: { text: rule }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file://' + process.cwd() + '/fix.txt' }, region: { startLine: line } } }] });
  const results = [result(process.argv[1], 1)];
  if (!fs.existsSync('fixed.txt')) results.push(result('until-fixed', 1));
  process.stdout.write(JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'house-linter' } }, results }] }));`;

/** The reviewer's argv; `always` names the rule it reports every time. */
export function houseLinter(always: string): string[] {
  return [process.execPath, '-e', REVIEWER, always];
}

/** A custom agent that runs `code` with Node in the worktree. */
export function nodeAgent(code: string): AgentConfig {
  return { preset: 'custom', command: [process.execPath, '-e', code], timeoutMs: 30_000 };
}
