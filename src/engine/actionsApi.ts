/**
 * The GitHub Actions operations as front ends call them: with the `Engine`, whose context stays
 * private (engineContext.ts). Each one passes the engine's context to the operation that does the work.
 */
import type { Run } from '../core/model';
import { dispatchedRound as dispatchedRoundOf, dispatchRemoteRound as dispatch, followRemoteRound as follow, type DispatchedRound, type DispatchOptions, type FollowOptions } from './actionsRound';
import { pushRoundCandidate as pushCandidate } from './actionsRunner';
import { contextOf, type Engine } from './engine';
import type { GitHubAccess } from './github';
import { importRemoteRound as importRound } from './remoteRound';

/** Dispatch the run's queued round to the repository's Revise workflow (src/engine/actionsRound.ts). */
export function dispatchRemoteRound(engine: Engine, runId: string, access: GitHubAccess, options: DispatchOptions = {}): Promise<DispatchedRound> {
  return dispatch(contextOf(engine), runId, access, options);
}

/** Follow a dispatched round to its end and import it (src/engine/actionsRound.ts). */
export function followRemoteRound(engine: Engine, runId: string, access: GitHubAccess, options: FollowOptions = {}): Promise<Run> {
  return follow(contextOf(engine), runId, access, options);
}

/** The round last dispatched to GitHub Actions, if any. */
export function dispatchedRound(engine: Engine, runId: string): Promise<DispatchedRound | undefined> {
  return dispatchedRoundOf(contextOf(engine), runId);
}

/** Inside the workflow: push the round's result as a candidate branch (src/engine/actionsRunner.ts). */
export function pushRoundCandidate(engine: Engine, run: Run, index: number, runName: string, round: number): Promise<string | null> {
  return pushCandidate(contextOf(engine), run, index, runName, round);
}

/** Import a round exported by a workflow run (src/engine/remoteRound.ts). */
export function importRemoteRound(engine: Engine, runId: string, dir: string): Promise<Run> {
  return importRound(contextOf(engine), runId, dir);
}
