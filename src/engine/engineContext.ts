/**
 * What the engine's operations share (one per `Engine`, never handed to a front end), and the one
 * rule for reading a run:
 *
 * - Front ends read through `Engine.get` / `Engine.list`, which recover first: a round whose owner
 *   died becomes `interrupted`, a push whose process died is offered again (written when the store
 *   is writable). Every public `Engine` call that acts on a run starts with that read.
 * - Operations read through `ctx.read`: the run as stored, never recovering — they run inside a
 *   call that has recovered already, or on a round this process owns; what they change goes
 *   through `ctx.update`, under the run's lock, which re-reads the file anyway.
 *
 * The linter keeps `store.get` out of operations (eslint.config.mjs), so the rule cannot drift.
 */
import { randomBytes } from 'node:crypto';
import type { Run } from '../core/model';
import type { RunStore } from '../store/runStore';
import type { Emitter } from './events';

/** A change to a run that was just written to disk. */
export interface RunChange {
  runId: string;
  run: Run;
}

/** A chunk of agent or verify output of a running round. */
export interface RoundOutput {
  runId: string;
  round: number;
  stream: 'stdout' | 'stderr' | 'verify' | 'info';
  text: string;
  /**
   * The line repeats what the finished round records (its error, its denials): a front end that
   * prints the round's record after it, as `revise round` does, skips it.
   */
  recorded?: true;
}

/** Everything the engine's operations share. */
export interface EngineContext {
  readonly topLevel: string;
  readonly commonDir: string;
  readonly store: RunStore;
  /** The run as stored, without recovery (see the read rule above). */
  read(runId: string): Promise<Run>;
  /** Write under the lock, then announce. */
  update(runId: string, mutate: (run: Run) => Run | void): Promise<Run>;
  announce(run: Run): void;
  output(event: RoundOutput): void;
  newId(): string;
  now(): string;
  /** Abort controllers of rounds running in this process. */
  readonly running: Map<string, AbortController>;
}

/** The context of one engine: its repository, its store, and the emitters its front ends listen to. */
export function createEngineContext(repo: { topLevel: string; commonDir: string }, store: RunStore, events: { changes: Emitter<RunChange>; outputs: Emitter<RoundOutput> }): EngineContext {
  const announce = (run: Run): void => events.changes.fire({ runId: run.id, run });
  return {
    topLevel: repo.topLevel,
    commonDir: repo.commonDir,
    store,
    running: new Map(),
    read: (runId) => store.get(runId),
    async update(runId, mutate) {
      const run = await store.update(runId, mutate);
      announce(run);
      return run;
    },
    announce,
    output: (event) => events.outputs.fire(event),
    newId: () => randomBytes(4).toString('hex'),
    now: () => new Date().toISOString(),
  };
}
