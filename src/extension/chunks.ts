/**
 * Loads the extension's heavy parts on first use. They are separate CommonJS bundles beside
 * dist/extension.js (built by esbuild.mjs): the engine with git, GitHub and zod (dist/engine.js, which requires dist/zod.js) and
 * the LSP client library (dist/languageClient.js). Keeping them out of the entry bundle keeps
 * activation to loading a small file; the first Runs-view expansion, command or language-server
 * start pays for the rest, once. The path is computed at run time so esbuild leaves the `require`
 * alone instead of bundling the module into the entry; the types still come from the sources.
 *
 * Each bundle has its own copy of src/core: `ReviseError` is recognised across copies by a brand
 * (see errors.ts); compare nothing else by class identity across the boundary.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as EngineApi from '../engine';
import type * as FindingsConnectionApi from './findingsConnection';
import type * as WorkflowCheckApi from '../workflowCheck/check';

/** What dist/engine.js exports: the engine's public API. */
export type EngineModule = typeof EngineApi;
/** What dist/workflowParser.js exports: the Revise workflow check, GitHub's workflow parser inside. */
export type WorkflowCheckModule = typeof WorkflowCheckApi;
/** What dist/languageClient.js exports. */
export type LanguageClientModule = typeof FindingsConnectionApi;

const requireChunk = createRequire(__filename);

function load<T>(file: string): T {
  return requireChunk(join(__dirname, file)) as T;
}

/** The engine bundle (Node caches it after the first call). */
export function loadEngine(): EngineModule {
  return load<EngineModule>('engine.js');
}

/** The language-client bundle (Node caches it after the first call). */
export function loadLanguageClient(): LanguageClientModule {
  return load<LanguageClientModule>('languageClient.js');
}

/** The workflow checker bundle, loaded only when a Revise workflow file is checked. */
export function loadWorkflowCheck(): WorkflowCheckModule {
  return load<WorkflowCheckModule>('workflowParser.js');
}
