/** What a reader of an agent's stdout keeps of it (src/agent/outputParsers.ts and the readers in this folder). */
import type { Usage } from '../../core/model';

export interface ParsedOutput {
  sessionId?: string;
  costUsd?: number;
  usage?: Usage;
  isError?: boolean;
  /** The agent's final reply (its last 256 KB), where its dispositions trailer lines are. */
  finalText?: string;
  /** Why the run failed, in the CLI's own words (an API error, `turn.failed`, a usage error). */
  failure?: string;
  /** Actions the CLI refused because they were not allowed (Claude's `permission_denials`). */
  denials?: Denial[];
}

/** One refused action: the tool and what it was asked to do (a command, a file). */
export interface Denial {
  tool: string;
  detail?: string;
}

/** Record the session id an event names; an event without one keeps the id seen before. */
export function setSession(out: ParsedOutput, sessionId: string | undefined): void {
  if (sessionId !== undefined) out.sessionId = sessionId;
}
