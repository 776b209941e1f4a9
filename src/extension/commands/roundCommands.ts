/** Rounds: run the queued one, cancel, show a log, compare round heads, preview the next prompt. */
import * as vscode from 'vscode';
import { ReviseError } from '../../core/errors';
import type { Run } from '../../core/model';
import type { Engine } from '../../engine';
import type { Command } from '../commandManager';
import { pickRun, readRunArg } from '../runArgs';
import { diffResources, openDiff, type DiffResource } from './roundDiff';
import type { Services } from './services';

/** Revise: Run Next Round — runs the queued round (after request changes / extra round / retry). */
export class RunNextRoundCommand implements Command {
  readonly id = 'revise.runNextRound';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<Run | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.status !== 'running' && r.rounds.some((x) => x.status === 'queued'), vscode.l10n.t('run its queued round'));
    if (!run) return undefined;
    if (!run.rounds.some((r) => r.status === 'queued')) {
      throw new ReviseError('no-queued-round', vscode.l10n.t('Run {0} has no queued round: request changes (or retry) in its decision panel first.', run.id));
    }
    return this.services.rounds.run(run.id);
  }
}

/** Revise: Cancel Round — stops the running agent (its whole process tree). */
export class CancelRoundCommand implements Command {
  readonly id = 'revise.cancelRound';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<void> {
    const run = await pickRun(this.services.model, arg, (r) => r.status === 'running', vscode.l10n.t('cancel its round'));
    if (!run) return;
    await (await this.services.model.engine()).cancelRound(run.id);
  }
}

/** Revise: Show Round Log — the agent's output of a round (the latest with a log by default). */
export class ShowRoundLogCommand implements Command {
  readonly id = 'revise.showRoundLog';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<vscode.TextEditor | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.rounds.some((x) => x.logPath), vscode.l10n.t('show a round log'));
    if (!run) return undefined;
    const { round: index } = readRunArg(arg);
    const withLogs = run.rounds.filter((r) => r.logPath);
    const round = index !== undefined ? run.rounds.find((r) => r.index === index) : withLogs[withLogs.length - 1];
    if (!round?.logPath) throw new ReviseError('bad-input', vscode.l10n.t('Round {0} of {1} has no log.', index ?? '?', run.id));
    if (run.status === 'running' && round === withLogs[withLogs.length - 1]) this.services.rounds.channel(run.id).show(true);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(round.logPath));
    return vscode.window.showTextDocument(document, { preview: true });
  }
}

/** Revise: Compare Rounds… — the multi-file diff of one round, or between two round heads. */
export class CompareRoundsCommand implements Command {
  readonly id = 'revise.compareRounds';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<readonly DiffResource[] | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.rounds.some((x) => x.headBefore && x.headAfter && x.headBefore !== x.headAfter) || r.rounds.filter((x) => x.headAfter).length > 1, vscode.l10n.t('compare rounds'));
    if (!run) return undefined;
    const engine = await this.services.model.engine();
    const { round: index } = readRunArg(arg);
    const given = index !== undefined ? run.rounds.find((r) => r.index === index) : undefined;
    if (given) {
      const changes = await engine.roundChanges(run.id, given.index);
      if (changes.files.length === 0) throw new ReviseError('bad-input', vscode.l10n.t('Round {0} of {1} changed no files.', given.index, run.id));
      return openDiff(vscode.l10n.t('{0}: round {1}', run.title, given.index), diffResources(run, changes.from, changes.to, changes.files.map((f) => f.file)));
    }
    const heads = run.rounds.filter((r) => r.headAfter);
    const items = heads.map((r) => ({ label: vscode.l10n.t('Round {0}', r.index), description: r.headAfter!.slice(0, 10), round: r }));
    const first = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Compare from round…') });
    if (!first) return undefined;
    const second = await vscode.window.showQuickPick(items.filter((i) => i.round.index > first.round.index), { placeHolder: vscode.l10n.t('…to round') });
    if (!second) return undefined;
    const [from, to] = [first.round.headAfter!, second.round.headAfter!];
    const files = await changedBetweenRounds(engine, run, first.round.index, second.round.index, from, to);
    return openDiff(vscode.l10n.t('{0}: round {1} → {2}', run.title, first.round.index, second.round.index), diffResources(run, from, to, files));
  }
}

/**
 * The files that differ between the heads of rounds `a` and `b`: those the rounds in between
 * touched, minus those that ended up as they were (changed and changed back).
 */
async function changedBetweenRounds(engine: Engine, run: Run, a: number, b: number, from: string, to: string): Promise<string[]> {
  const between = run.rounds.filter((r) => r.index > a && r.index <= b);
  const touched = new Set((await Promise.all(between.map((r) => engine.roundChanges(run.id, r.index)))).flatMap((c) => c.files.map((f) => f.file)));
  const differs = await Promise.all(
    [...touched].map(async (file) => ((await engine.fileAtCommit(run.id, from, file)) !== (await engine.fileAtCommit(run.id, to, file)) ? file : undefined)),
  );
  return differs.filter((f): f is string => f !== undefined).sort();
}

/** Revise: Preview Next Prompt — the prompt the next (or queued) round gets. */
export class ShowPromptCommand implements Command {
  readonly id = 'revise.showPrompt';
  constructor(private readonly services: Services) {}
  async execute(arg?: unknown): Promise<string | undefined> {
    const run = await pickRun(this.services.model, arg, (r) => r.status !== 'approved' && r.status !== 'aborted', vscode.l10n.t('preview its next prompt'));
    if (!run) return undefined;
    const prompt = await (await this.services.model.engine()).prompt(run.id);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: prompt });
    await vscode.window.showTextDocument(document, { preview: true });
    return prompt;
  }
}
