// ESLint flat config. Besides type-aware rules, it enforces the layering of docs/architecture.md:
// front ends → engine → (store, git, agent, github) → core; only src/extension imports `vscode`;
// src/shared and src/webview import no Node built-ins.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layers = ['core', 'store', 'git', 'agent', 'github', 'engine', 'cli', 'action', 'server', 'extension', 'webview', 'shared'];

/** A relative import that reaches into one of `names` (from any depth inside src/<layer>/). */
function layerImport(names) {
  return `^(\\.\\./)+(${names.join('|')})(/.*)?$`;
}

const nodeBuiltins = ['^node:', '^(fs|path|os|child_process|crypto|util|events|stream|net|http|https|url|zlib|readline|worker_threads)(/.*)?$'];

/**
 * @param {string} layer the folder under src/
 * @param {string[]} allowed layers it may import (besides itself)
 * @param {{vscode?: boolean, node?: boolean}} opts
 */
function layerRule(layer, allowed, opts = {}) {
  const forbidden = layers.filter((l) => l !== layer && !allowed.includes(l));
  const patterns = [
    { regex: layerImport(forbidden), message: `src/${layer} may only import from: ${[layer, ...allowed].join(', ')} (see docs/architecture.md, Layers).` },
  ];
  patterns.push({ regex: '(^|/)testSeam$', message: 'Only tests reach into the engine (src/engine/testSeam.ts); code goes through the Engine API.' });
  if (!opts.vscode) patterns.push({ regex: '^vscode$', message: `Only src/extension (and host tests) may import 'vscode'.` });
  if (opts.node === false) {
    for (const regex of nodeBuiltins) patterns.push({ regex, message: `src/${layer} runs in a browser or is shared with one: no Node built-ins.` });
  }
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.test-artifacts/**', '*.vsix', 'test/fixtures/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      // Plain JavaScript (build scripts, the host-test driver, the demo) is linted without type information.
      parserOptions: { projectService: false, project: null }, globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  layerRule('core', [], {}),
  layerRule('store', ['core']),
  layerRule('git', ['core']),
  layerRule('agent', ['core']),
  layerRule('github', ['core']),
  layerRule('engine', ['core', 'store', 'git', 'agent', 'github']),
  {
    // One read rule (src/engine/engineContext.ts): operations read a run through `ctx.read`.
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/engineContext.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "CallExpression[callee.property.name='get'][callee.object.property.name='store']",
        message: 'Read a run with ctx.read (as stored) or Engine.get (recovered); see the read rule in src/engine/engineContext.ts.',
      }],
    },
  },
  layerRule('cli', ['engine', 'core']),
  layerRule('action', ['engine', 'core']),
  layerRule('server', ['core', 'shared', 'store']),
  layerRule('extension', ['engine', 'core', 'shared'], { vscode: true }),
  {
    // The extension's entry bundle stays small: the engine (with zod) and the LSP client library load
    // on first use through src/extension/chunks.ts, so only types may be imported from them here.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/findingsConnection.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+(engine|core/model)(/.*)?$', allowTypeImports: true, message: 'Import only types here; the engine loads on first use (chunks.ts), and run helpers come from core/runFacts.' },
        { regex: '^vscode-languageclient(/.*)?$', allowTypeImports: true, message: 'Only findingsConnection.ts (a lazily loaded bundle) uses the LSP client library.' },
      ] }],
    },
  },
  layerRule('shared', ['core'], { node: false }),
  layerRule('webview', ['shared', 'core'], { node: false }),
  {
    files: ['test/unit/**/*.ts', 'test/integration/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^vscode$', message: 'Only host tests may import vscode.' }] }] },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
