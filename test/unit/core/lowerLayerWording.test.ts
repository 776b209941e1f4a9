import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { commands } from '../../../src/cli/commands';
import { flagOf, hintFor } from '../../../src/cli/hints';
import { errorCodes, ReviseError, SITUATIONS, type ErrorCode } from '../../../src/core/errors';
import { describeError } from '../../../src/extension/errorSteps';

/**
 * Lower layers speak in codes and details; each front end owns its wording (docs/architecture.md,
 * "Errors"). This scans the messages the lower layers raise for a `revise` command, a CLI flag or a
 * VS Code setting or command id of Revise, so a toast cannot again carry a CLI flag next to the
 * extension's own next step, nor a terminal a setting.
 */
const root = join(__dirname, '..', '..', '..');
const LOWER_LAYERS = ['engine', 'core', 'git', 'agent', 'store', 'github', 'server'].map((d) => join(root, 'src', d));

/**
 * Words a lower layer may say although they look like a front end's. Each entry: the file, the
 * text, and why it may stay.
 */
const ALLOWED: Array<{ file: string; text: string; why: string }> = [
  {
    file: 'src/core/reviewerAgents.ts',
    text: 'revise.reviewerAgents',
    why: 'the problems of the revise.reviewerAgents setting, which only the extension reads (checked below)',
  },
];

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, unknown> }; commands: Array<{ command: string }> };
};
const vscodeIds = new Set([...Object.keys(manifest.contributes.configuration.properties), ...manifest.contributes.commands.map((c) => c.command)]);
const cliFlags = new Set(['repo', 'json', 'help', ...Object.values(commands).flatMap((c) => Object.keys(c.options))]);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FLAG = new RegExp(`(?<![\\w-])--(${[...cliFlags].map(escape).join('|')})(?![\\w-])`);
const COMMAND = new RegExp(`\\brevise (${Object.keys(commands).map(escape).join('|')})\\b`);
const ID = /\brevise\.[A-Za-z][\w.]*/g;

/** What in `text` is a front end's word: a Revise CLI flag, a `revise` command, or a setting or command id. */
export function frontEndWords(text: string): string[] {
  const found: string[] = [];
  const flag = FLAG.exec(text);
  if (flag) found.push(flag[0]);
  const command = COMMAND.exec(text);
  if (command) found.push(command[0]);
  for (const [id] of text.matchAll(ID)) {
    const trimmed = id.replace(/\.$/, '');
    if ([...vscodeIds].some((known) => known === trimmed || known.startsWith(`${trimmed}.`))) found.push(trimmed);
  }
  return found;
}

/** Names of object properties that carry text for a person. */
const MESSAGE_PROPERTIES = new Set(['message', 'hint', 'reason', 'note', 'notes', 'problems', 'why', 'summary']);
const CODE = /^[a-z]+(-[a-z]+)+$/;

/** The text of a string or template literal, `…` standing for each substitution. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `…${s.literal.text}`).join('');
  return undefined;
}

/**
 * The message texts of one source file: literals inside `new …Error(…)` and inside calls that take
 * an error code first (`gitOr('git-failed', …)`), the constants those use, texts pushed to `notes`
 * or `problems`, and `message`-like properties. Elements of an array (an argv) are not messages.
 */
export function messagesOf(fileName: string, source: string): Array<{ line: number; text: string }> {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Node>();
  const used = new Set<string>();
  const out: Array<{ line: number; text: string }> = [];
  const take = (node: ts.Node) => {
    const visit = (n: ts.Node): void => {
      if (ts.isArrayLiteralExpression(n)) return;
      const text = literalText(n);
      if (text !== undefined) out.push({ line: file.getLineAndCharacterOfPosition(n.getStart()).line + 1, text });
      if (ts.isIdentifier(n)) used.add(n.text);
      ts.forEachChild(n, visit);
    };
    visit(node);
  };
  const walk = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) constants.set(n.name.text, n.initializer);
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text.endsWith('Error')) for (const a of n.arguments ?? []) take(a);
    if (ts.isCallExpression(n)) {
      const [first, ...rest] = n.arguments;
      const callee = ts.isPropertyAccessExpression(n.expression) ? n.expression : undefined;
      if (first && ts.isStringLiteral(first) && CODE.test(first.text)) rest.forEach(take);
      if (callee?.name.text === 'push' && ts.isIdentifier(callee.expression) && ['notes', 'problems'].includes(callee.expression.text)) n.arguments.forEach(take);
    }
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && MESSAGE_PROPERTIES.has(n.name.text)) {
      if (ts.isArrayLiteralExpression(n.initializer)) n.initializer.elements.forEach(take);
      else take(n.initializer);
    }
    ts.forEachChild(n, walk);
  };
  walk(file);
  for (let before = -1; before !== used.size; ) {
    before = used.size;
    for (const name of [...used]) {
      const constant = constants.get(name);
      constants.delete(name);
      if (constant) take(constant);
    }
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the lower layers leave the wording of next steps to the front ends', () => {
  it('finds a flag, a command and a setting in a thrown message, and none in a git argv', () => {
    const sample = [
      "const fix = 'Set revise.agent.command to an argv array.';",
      'throw new GitError(\'remote-not-found\', `No remote ${r}. Pass --remote, or see \\`revise status\\`.`);',
      "throw new AgentError('bad-input', `Bad template. ${fix}`);",
      "notes.push('codex has no turn limit; revise.agent.maxTurns is not applied.');",
      "await git(dir, ['push', '--force', '--end-of-options', remote]);",
      "argv.push('--resume', id);",
      "throw new GitError('shallow-clone', 'Run `git fetch --unshallow` there, then start again.');",
      "const hint = installed ? 'Set revise.agent.executable.' : 'Check --agent-command.';",
      "throw new AgentError('agent-not-found', `Not found. ${hint}`);",
      "return make('github-unreachable', 'Check the API URL (--github-api-url).');",
      "await gitOr('git-failed', 'Could not list backups', dir, ['for-each-ref', '--format=%(refname)']);",
      "return { problems: ['revise.reviewerAgents must be a list.'] };",
    ].join('\n');
    const flagged = messagesOf('sample.ts', sample).flatMap((m) => frontEndWords(m.text).map((w) => `${m.line}: ${w}`));
    assert.deepEqual(flagged.sort(), ['1: revise.agent.command', '2: --remote', '2: revise status', '4: revise.agent.maxTurns', '8: revise.agent.executable', '8: --agent-command', '10: --github-api-url', '12: revise.reviewerAgents'].sort());
  });

  it('raises no message in src/engine, core, git, agent, store, github or server that names a revise command, a CLI flag or a VS Code setting', () => {
    const offenders: string[] = [];
    for (const path of LOWER_LAYERS.flatMap(sourceFiles)) {
      const file = relative(root, path).split('\\').join('/');
      for (const { line, text } of messagesOf(file, readFileSync(path, 'utf8'))) {
        for (const word of frontEndWords(text)) {
          if (ALLOWED.some((a) => a.file === file && word.startsWith(a.text))) continue;
          offenders.push(`${file}:${line}: ${word} in "${text.slice(0, 100)}"`);
        }
      }
    }
    assert.deepEqual(offenders, [], 'Put the facts in `details` and word the next step in src/cli/hints.ts and src/extension/errorSteps.ts.');
  });

  it('has each front end speak only its own words: no setting in a CLI hint, no flag or revise command in an extension step', () => {
    const english = { t: (message: string, ...args: Array<string | number | boolean>) => message.replace(/\{(\d+)\}/g, (whole, i: string) => String(args[Number(i)] ?? whole)) };
    let steps = 0;
    for (const code of Object.keys(errorCodes) as ErrorCode[]) {
      for (const field of [undefined, ...Object.keys(flagOf)]) {
        for (const situation of [undefined, ...SITUATIONS]) {
          const error = new ReviseError(code, 'What happened.', { details: { field, situation, runId: 'run-1', findingId: 'B1', leftovers: true } });
          const hint = hintFor(error, 'run-1') ?? '';
          const toast = describeError(error, english).message;
          if (toast !== error.message) steps++;
          assert.deepEqual(frontEndWords(hint).filter((w) => w.startsWith('revise.')), [], `the CLI's hint for ${code} ${field} ${situation}: ${hint}`);
          assert.deepEqual(frontEndWords(toast).filter((w) => !w.startsWith('revise.')), [], `the extension's step for ${code} ${field} ${situation}: ${toast}`);
        }
      }
    }
    assert.ok(steps > 0, 'the extension has steps to check');
  });

  it('keeps the allowed settings wording where only the extension shows it', () => {
    const importers = [join(root, 'src')].flatMap(sourceFiles).filter((p) => /from '[./]+\/core\/reviewerAgents'/.test(readFileSync(p, 'utf8')) && /\breadReviewerAgents\b/.test(readFileSync(p, 'utf8')));
    assert.ok(importers.length > 0);
    for (const p of importers) assert.match(relative(root, p), /^src[\\/]extension[\\/]/, `${p} reads the revise.reviewerAgents problems outside the extension`);
  });
});
