/** One small class per command, registered through a manager that routes every failure to the error handler. */
import * as vscode from 'vscode';
import type { ErrorHandler } from './errorHandler';
import { Disposable } from './util/dispose';

/** A command: its id and what it does. Arguments come from menus, links, CodeLens or the palette. */
export interface Command {
  readonly id: string;
  execute(...args: unknown[]): unknown;
}

export class CommandManager extends Disposable {
  constructor(private readonly errors: ErrorHandler) {
    super();
  }

  /** Register `command`; a rejected or thrown failure is shown once, never left unhandled. */
  register(command: Command): void {
    this._register(
      vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
        try {
          return await command.execute(...args);
        } catch (error) {
          this.errors.report(error);
          return undefined;
        }
      }),
    );
  }
}
