/**
 * A RunsState following a real engine, with a way to wait for the store watcher's echo of a write:
 * each write reaches the state as the engine's announcement and, a moment later, as the watcher's
 * report of the file, which the state re-reads. Used by the RunsState tests and the UI-refresh bench.
 */
import type { Run } from '../../src/core/model';
import type { Engine } from '../../src/engine';
import { RunsState } from '../../src/extension/runsState';

export interface FollowedRuns {
  state: RunsState;
  /** Every change the state told of, in order. */
  changes: Array<Run | undefined>;
  /** How often the state asked for a full re-listing since `follow` started watching. */
  relists(): number;
  /** Settles once the watcher reported `runId` and the state re-read it; call before the write. */
  echoOf(runId: string): Promise<void>;
  dispose(): void;
}

export async function followRuns(engine: Engine): Promise<FollowedRuns> {
  const changes: Array<Run | undefined> = [];
  const echoes: Array<{ runId: string; resolve: () => void }> = [];
  let relists = 0;
  const state = new RunsState((run) => changes.push(run));
  const subscriptions = state.follow(
    {
      get: (runId) => engine.get(runId),
      onDidChangeRun: engine.onDidChangeRun,
      watchStore: (onChange) =>
        engine.watchStore((runId) => {
          onChange(runId);
          for (const waiting of echoes.filter((e) => e.runId === runId)) waiting.resolve();
        }),
    },
    () => relists++,
  );
  state.setListing(await engine.list());
  // Starting to watch lists once (the store may have changed before); writes must not list again.
  const atStart = relists;
  return {
    state,
    changes,
    relists: () => relists - atStart,
    echoOf: (runId) => new Promise<void>((resolve) => echoes.push({ runId, resolve })).then(() => state.idle()),
    dispose: () => {
      for (const s of subscriptions) s.dispose();
    },
  };
}
