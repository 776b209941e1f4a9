/**
 * What dist/engine.js exports: the engine's API (index.ts), and the core modules the CLI's commands
 * use. The CLI bundle (dist/cliMain.js) loads both from dist/engine.js at run time instead of carrying
 * its own copy of the engine, zod, git and Octokit (esbuild.mjs redirects its imports here; the build
 * fails when a CLI file imports a core or engine module this file does not re-export).
 */
export * from './index';
export * from './autopilot/budget';
export * from '../core/agentPresets';
export * from '../core/errors';
export * from '../core/findingLocation';
export * from '../core/findingState';
export * from '../core/model';
export * from '../core/openBlocking';
export * from '../core/prompt/composePrompt';
export * from '../core/runFacts';
