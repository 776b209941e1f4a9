/** Reading the run (and finding, round) a command was invoked for, whatever invoked it. */
import * as vscode from 'vscode';
import type { Run } from '../core/model';
import { ReviseError } from '../core/errors';
import { runStatusLabel } from './presentation';
import type { RunsModel } from './runsModel';

/** `{ runId, findingId?, round? }` from a tree node, a command link, a CodeLens or a comment thread. */
export interface RunArg {
  runId?: string | undefined;
  findingId?: string | undefined;
  round?: number | undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Normalise a command argument: tree nodes carry `run`, `finding` and `round` objects; links carry ids. */
export function readRunArg(arg: unknown): RunArg {
  const run = field(arg, 'run');
  const finding = field(arg, 'finding');
  const round = field(arg, 'round');
  const runId = field(arg, 'runId') ?? field(run, 'id');
  const findingId = field(arg, 'findingId') ?? field(finding, 'id');
  const roundIndex = typeof round === 'number' ? round : field(round, 'index');
  return {
    runId: typeof runId === 'string' ? runId : undefined,
    findingId: typeof findingId === 'string' ? findingId : undefined,
    round: typeof roundIndex === 'number' ? roundIndex : undefined,
  };
}

/**
 * The run a command acts on: the one in `arg`, else the only run that `accepts`, else one the user
 * picks. Returns undefined when the user cancels the pick.
 */
export async function pickRun(model: RunsModel, arg: unknown, accepts: (run: Run) => boolean, purpose: string): Promise<Run | undefined> {
  const { runId } = readRunArg(arg);
  await model.ensureLoaded();
  if (runId) {
    const run = await model.get(runId);
    if (!run) throw new ReviseError('run-not-found', vscode.l10n.t('No run "{0}" in this repository.', runId));
    return run;
  }
  const candidates = model.snapshot().runs.filter(accepts);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No run can {0} right now.', purpose));
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((run) => ({ label: run.title, description: `${run.priorBranch} · ${runStatusLabel(run)}`, detail: run.id, run })),
    { placeHolder: vscode.l10n.t('Which run should {0}?', purpose) },
  );
  return picked?.run;
}
