/**
 * `revise findings rescan` and the `--analyser NAME=ARGV` flag it shares with `revise round`: the
 * CLI's face of src/engine/rescanAnalysers.ts (verification by re-running a finding's analyser).
 */
import { ExitCode, InputError } from '../core/errors';
import { describeRescan, type AnalyserCommands, type Engine } from '../engine';
import { splitArgv, type Parsed } from './args';
import { report, type Report } from './envelope';

export const analyserOptions = {
  analyser: { type: 'string', multiple: true },
  source: { type: 'string', multiple: true },
} as const;

export const analyserHelp = {
  analyser: '"NAME=ARGV": the analyser of findings from SARIF tool NAME, re-run to verify them (repeatable; no shell; {sarifFile}: read the SARIF from that file instead of stdout)',
  source: 'NAME: (rescan) only the findings of this SARIF tool (repeatable; default: every tool with unsettled findings)',
};

/** `--analyser "ESLint=npx eslint -f @microsoft/eslint-formatter-sarif src"`, given any number of times. */
export function analysersFlag(raw: unknown): AnalyserCommands | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const entry of raw as string[]) {
    const at = entry.indexOf('=');
    const name = at > 0 ? entry.slice(0, at).trim() : '';
    const argv = at > 0 ? splitArgv(entry.slice(at + 1)) : [];
    if (!name || argv.length === 0) throw new InputError('usage', `--analyser needs NAME=COMMAND (got "${entry}"), e.g. --analyser "ESLint=npx eslint -f @microsoft/eslint-formatter-sarif src"; NAME is the SARIF tool name the findings carry.`);
    out[name] = argv;
  }
  return out;
}

/** `revise findings rescan --run ID --analyser NAME=ARGV … [--source NAME …]`: exit 4 when an analyser failed. */
export async function rescanCommand(engine: Engine, parsed: Parsed, runId: string): Promise<Report> {
  const analysers = analysersFlag(parsed.values.analyser);
  const sources = Array.isArray(parsed.values.source) ? (parsed.values.source as string[]) : undefined;
  if (!analysers) {
    const wanted = sources ?? [...new Set((await engine.get(runId)).findings.filter((f) => f.source.kind === 'sarif' && f.source.author).map((f) => f.source.author!))];
    const names = wanted.length > 0 ? ` Run ${runId} has findings of ${wanted.map((w) => `"${w}"`).join(', ')}.` : '';
    throw new InputError('usage', `findings rescan needs --analyser NAME=COMMAND for the tool to re-run.${names}`);
  }
  const summary = await engine.rescanAnalysers(runId, { analysers, ...(sources ? { sources } : {}) });
  const lines = summary.results.length === 0 && summary.unconfigured.length === 0 ? [`Run ${runId} has no open, claimed or still-present findings from a SARIF tool; nothing to re-scan.`] : describeRescan(summary);
  const failed = summary.results.some((r) => r.error);
  return { ...report({ run: await engine.get(runId), rescan: summary }, lines), ...(failed ? { exitCode: ExitCode.agent } : {}) };
}

