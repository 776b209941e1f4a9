/**
 * For tests only: the run store behind an engine, to damage, inspect or rewrite run files the way a
 * crash or another process would. Front ends never import it (eslint.config.mjs); they go through
 * the `Engine` API.
 */
import type { RunStore } from '../store/runStore';
import { contextOf, type Engine } from './engine';

export function storeOf(engine: Engine): RunStore {
  return contextOf(engine).store;
}

/** The engine's whole context, for tests of operations that take it (rechecks, autopilot state) and to write a run as a crash would have left it. */
export function contextOfEngine(engine: Engine): ReturnType<typeof contextOf> {
  return contextOf(engine);
}
