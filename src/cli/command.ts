/** What a `revise` subcommand is, and what it runs with: the shape every command file implements (commands.ts lists them). */
import type { Options, Parsed } from './args';
import type { Report } from './envelope';

export interface CommandContext {
  argv: string[];
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** What each of `options` does, for `--help` (every option has a line; a unit test checks it). */
  help: Record<string, string>;
  /** The words allowed as first positional argument (a subcommand or an option), if any. */
  positionals?: { name: string; values: readonly string[]; /** Values after which more arguments follow (e.g. finding ids). */ variadic?: readonly string[]; /** Any one word (a run id), not only `values`. */ free?: boolean };
  /**
   * Nothing of the command goes on once it has answered (it reads and prints): the process ends as
   * soon as its output is written, instead of when the event loop is empty. After a large listing
   * that waited for V8 to finish a garbage collection it had begun (~15 ms of a 500-run status).
   */
  endsWithOutput?: true;
  run(parsed: Parsed, ctx: CommandContext): Promise<Report>;
}
