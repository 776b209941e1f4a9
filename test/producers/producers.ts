/**
 * Real SARIF producers for the importer's tests: installed on demand by tools.sh into the tool cache,
 * run inside a checkout of the sample repository (test/fixtures/sample-lint-repo) so they write what
 * they write for a user — absolute `file:///…` URIs (ESLint, stylelint), absolute paths (Biome) or
 * paths relative to the working folder (oxlint, markdownlint-cli2).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const here = __dirname;

/** The folder whose node_modules holds the producers (installs them the first time; about 15 s). */
export function installProducers(): string {
  return execFileSync('bash', [join(here, 'tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 900_000 }).trim();
}

/** The sample repository's files, for a git fixture's base commit. */
export function sampleRepoFiles(): Record<string, string> {
  const root = join(here, '..', 'fixtures', 'sample-lint-repo');
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

export type Producer = 'eslint' | 'biome' | 'oxlint' | 'stylelint' | 'markdownlint';
export const producers: readonly Producer[] = ['eslint', 'biome', 'oxlint', 'stylelint', 'markdownlint'];

/** Run one producer in `checkout`, writing its SARIF log to `outDir`; returns the log's path. */
export function runProducer(tools: string, producer: Producer, checkout: string, outDir: string): string {
  const bin = (name: string): string => join(tools, 'node_modules', '.bin', name);
  const module = (path: string): string => join(tools, 'node_modules', path);
  const out = join(outDir, `${producer}.sarif`);
  const run = (file: string, args: string[], stdoutTo?: string): void => {
    const result = spawnSync(file, args, { cwd: checkout, encoding: 'utf8', timeout: 120_000 });
    if (stdoutTo) writeFileSync(stdoutTo, result.stdout);
    // Linters exit 1 when they find something; anything else, or no log, is a broken run.
    if (result.status === null || result.status > 2 || !existsSync(out)) throw new Error(`${producer} failed (${result.status}): ${result.stderr}${result.error ? String(result.error) : ''}`);
  };
  switch (producer) {
    case 'eslint':
      return run(bin('eslint'), ['-f', module('@microsoft/eslint-formatter-sarif/sarif.js'), '-o', out, 'src']), out;
    case 'biome':
      return run(bin('biome'), ['lint', '--reporter=sarif', 'src'], out), out;
    case 'oxlint':
      return run(bin('oxlint'), ['--format=sarif', 'src'], out), out;
    case 'stylelint':
      return run(bin('stylelint'), ['--custom-formatter', module('stylelint-sarif-formatter/index.js'), '-o', out, 'styles/*.css']), out;
    case 'markdownlint': {
      const config = join(outDir, '.markdownlint-cli2.jsonc');
      writeFileSync(config, JSON.stringify({ config: { default: true }, outputFormatters: [[module('markdownlint-cli2-formatter-sarif/markdownlint-cli2-formatter-sarif.js'), { name: out }]] }));
      return run(bin('markdownlint-cli2'), ['--config', config, 'docs/*.md']), out;
    }
  }
}

/** Registers a `before` hook of the calling suite that installs the producers; read `.tools` inside tests. */
export function useProducers(): { readonly tools: string } {
  let tools: string | undefined;
  before(function () {
    this.timeout(900_000);
    tools = installProducers();
  });
  return {
    get tools(): string {
      if (!tools) throw new Error('the producers are installed in the before hook');
      return tools;
    },
  };
}

/** ESLint's argv writing SARIF of `dir` to stdout, or to `outFile` (e.g. Revise's `{sarifFile}`). */
export function eslintSarifArgv(tools: string, dir: string, outFile?: string): string[] {
  return [join(tools, 'node_modules', '.bin', 'eslint'), '-f', join(tools, 'node_modules', '@microsoft/eslint-formatter-sarif/sarif.js'), ...(outFile ? ['-o', outFile] : []), dir];
}
