/**
 * Runs a run's queued round with a cancellable progress notification, streaming the agent's output
 * to an output channel per run. Nothing executes in an untrusted workspace: the round stays queued
 * and the user is told why.
 */
import * as vscode from 'vscode';
import { ReviseError } from '../core/errors';
import type { Run } from '../core/model';
import { lastRound } from '../core/runFacts';
import { readConfig, roundOptions } from './config';
import type { RunsModel } from './runsModel';
import { Disposable } from './util/dispose';
import { executionBlockedReason } from './workspaceTrust';

export class RoundRunner extends Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly active = new Map<string, Promise<Run | undefined>>();

  constructor(private readonly model: RunsModel) {
    super();
    // Subscribing must not open the engine: that would run git during activation.
    this._register(
      model.onDidOpenEngine((engine) =>
        this._register(engine.onRoundOutput(({ runId, round, stream, text }) => this.channel(runId).append(stream === 'stdout' ? text : prefixLines(text, `[${stream} ${round}] `)))),
      ),
    );
  }

  /** The output channel that streams a run's rounds. */
  channel(runId: string): vscode.OutputChannel {
    let channel = this.channels.get(runId);
    if (!channel) {
      channel = this._register(vscode.window.createOutputChannel(vscode.l10n.t('Revise Round: {0}', runId)));
      this.channels.set(runId, channel);
    }
    return channel;
  }

  /** Whether this window is running a round of `runId`. */
  isRunning(runId: string): boolean {
    return this.active.has(runId);
  }

  /**
   * Run the queued round of `runId` (refused with `untrusted-workspace` when untrusted). Resolves
   * with the run after the round, or undefined when the round did not start.
   */
  run(runId: string): Promise<Run | undefined> {
    const blocked = executionBlockedReason();
    if (blocked) return Promise.reject(new ReviseError('untrusted-workspace', blocked));
    const existing = this.active.get(runId);
    if (existing) return existing;
    const promise = this.runWithProgress(runId).finally(() => this.active.delete(runId));
    this.active.set(runId, promise);
    return promise;
  }

  private async runWithProgress(runId: string): Promise<Run | undefined> {
    const engine = await this.model.engine();
    const config = readConfig();
    const channel = this.channel(runId);
    channel.appendLine(vscode.l10n.t('— {0}: starting the queued round with the {1} agent —', new Date().toLocaleTimeString(), config.agent.preset));
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Revise: round running for {0}', runId), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => {
          controller.abort();
          void engine.cancelRound(runId);
        });
        progress.report({ message: vscode.l10n.t('the agent is working; output in "Revise Round: {0}"', runId) });
        try {
          const run = await engine.runRound(runId, roundOptions(config, controller.signal));
          const round = lastRound(run);
          channel.appendLine(vscode.l10n.t('— round {0} {1} —', round?.index ?? '?', round?.status ?? ''));
          return run;
        } finally {
          cancel.dispose();
        }
      },
    );
  }
}

function prefixLines(text: string, prefix: string): string {
  return text.replace(/^(?=.)/gm, prefix);
}
