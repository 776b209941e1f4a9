/**
 * Checks a Revise workflow file (what `revise actions init` writes, docs/actions.md) with GitHub's
 * own parser, @actions/workflow-parser: its YAML and schema, then what the Revise action needs of it —
 * the inputs `revise actions dispatch` sends, least-privilege permissions, one round per pull request
 * at a time, and a job that runs the Revise action with the inputs it reads. The parser is ESM-only
 * and imports JSON without import attributes, so esbuild.mjs builds this file as its own bundle
 * (dist/workflowParser.js), which only `revise actions init` loads.
 */
import { isMapping, isSequence, isString, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';

/** One thing wrong with the workflow: where (a line when known, and the key) and what to do. */
export interface WorkflowProblem {
  line?: number;
  key: string;
  message: string;
  hint: string;
}

/** The inputs `revise actions dispatch` sends (src/engine/actionsRound.ts). */
export const DISPATCH_INPUTS = ['pr', 'run', 'round', 'agent', 'feedback', 'previous_run_id'] as const;
/** The inputs of the Revise action (action.yml) the workflow must pass on. */
export const ACTION_INPUTS = ['pr', 'run', 'round', 'agent', 'feedback', 'github_token'] as const;
/** The scopes the round's job may write: its candidate ref, and the pull request's comments. */
const WRITABLE = new Set(['contents', 'pull-requests']);
/** `uses:` of the Revise action: the published one, or the action of the repository itself. */
const REVISE_ACTION = /^(?:[\w.-]+\/revise(?:@.+)?|\.\/?)$/;

function entry(map: MappingToken, key: string): { key: TemplateToken; value: TemplateToken } | undefined {
  for (let i = 0; i < map.count; i++) {
    const pair = map.get(i);
    if (isString(pair.key) && pair.key.value === key) return pair;
  }
  return undefined;
}

function keys(map: MappingToken): string[] {
  const out: string[] = [];
  for (let i = 0; i < map.count; i++) {
    const key = map.get(i).key;
    if (isString(key)) out.push(key.value);
  }
  return out;
}

/** The problems of the workflow `content` (named `name` in the parser's messages); none when it is fit. */
export function checkWorkflow(content: string, name: string): WorkflowProblem[] {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const problems: WorkflowProblem[] = parsed.context.errors.getErrors().map((e) => {
    const line = /\(Line: (\d+)|at line (\d+)/.exec(e.message);
    return { ...(line ? { line: Number(line[1] ?? line[2]) } : {}), key: '', message: e.message.split('\n')[0]!.replace(`${name}: `, '').replace(`${name} `, '').trim(), hint: 'Fix the workflow where the message points: GitHub refuses the whole file otherwise.' };
  });
  const root = parsed.value;
  if (problems.length > 0 || !root || !isMapping(root)) return problems.length > 0 ? problems : [{ key: '', message: `${name} is not a workflow (a YAML mapping).`, hint: 'Replace it with the shipped workflow.' }];
  const at = (token: TemplateToken | undefined) => (token?.line !== undefined ? { line: token.line } : {});
  const problem = (token: TemplateToken | undefined, key: string, message: string, hint: string) => problems.push({ ...at(token), key, message, hint });

  // The triggers and the inputs `revise actions dispatch` sends.
  const on = entry(root, 'on');
  const dispatch = on && isMapping(on.value) ? entry(on.value, 'workflow_dispatch') : undefined;
  if (!dispatch) problem(on?.key ?? root, 'on.workflow_dispatch', 'The workflow has no workflow_dispatch trigger, so `revise actions dispatch` cannot start it.', 'Add `workflow_dispatch:` under `on:` with the inputs of the shipped workflow.');
  else {
    const inputs = isMapping(dispatch.value) ? entry(dispatch.value, 'inputs') : undefined;
    const declared = inputs && isMapping(inputs.value) ? keys(inputs.value) : [];
    for (const input of DISPATCH_INPUTS) {
      if (!declared.includes(input)) problem(inputs?.key ?? dispatch.key, `on.workflow_dispatch.inputs.${input}`, `workflow_dispatch has no input \`${input}\`, which \`revise actions dispatch\` sends (GitHub refuses a dispatch with an unknown input).`, `Declare \`${input}:\` (type: string, required: false) under workflow_dispatch.inputs.`);
    }
  }

  // Least privilege: nothing by default, and the job writes only what the round needs.
  const checkPermissions = (pair: { key: TemplateToken; value: TemplateToken } | undefined, where: string) => {
    if (!pair) return;
    if (isString(pair.value)) {
      if (pair.value.value !== 'read-all' && pair.value.value !== '') problem(pair.value, where, `\`${where}: ${pair.value.value}\` grants every scope.`, 'Name the scopes instead: `permissions: {}` at the top, and `contents: write` and `pull-requests: write` on the job.');
      return;
    }
    if (!isMapping(pair.value)) return;
    for (let i = 0; i < pair.value.count; i++) {
      const scope = pair.value.get(i);
      if (isString(scope.key) && isString(scope.value) && scope.value.value === 'write' && !WRITABLE.has(scope.key.value)) {
        problem(scope.key, `${where}.${scope.key.value}`, `\`${where}\` grants \`${scope.key.value}: write\`, which a Revise round does not need.`, `Remove it, or make it \`${scope.key.value}: read\`.`);
      }
    }
  };
  const topPermissions = entry(root, 'permissions');
  if (!topPermissions) problem(root, 'permissions', 'The workflow sets no top-level `permissions`, so its token gets the repository default (often write to everything).', 'Add `permissions: {}` at the top; the job asks for what it needs.');
  checkPermissions(topPermissions, 'permissions');

  // One round per pull request at a time.
  const concurrency = entry(root, 'concurrency');
  const group = concurrency && isMapping(concurrency.value) ? entry(concurrency.value, 'group') : concurrency;
  if (!group) problem(root, 'concurrency', 'The workflow has no `concurrency` group, so two rounds of one pull request can run at once and race for its candidate refs.', 'Add `concurrency: { group: revise-pr-${{ inputs.pr || github.event.pull_request.number || github.event.issue.number }}, cancel-in-progress: false }`.');
  const cancel = concurrency && isMapping(concurrency.value) ? entry(concurrency.value, 'cancel-in-progress') : undefined;
  if (cancel && !isString(cancel.value) && cancel.value.toJSON() === true) problem(cancel.value, 'concurrency.cancel-in-progress', '`cancel-in-progress: true` stops a running round halfway when another is asked for.', 'Set `cancel-in-progress: false`.');

  // A job that runs the Revise action with the inputs it reads.
  const jobs = entry(root, 'jobs');
  let found = false;
  if (jobs && isMapping(jobs.value)) {
    for (let j = 0; j < jobs.value.count; j++) {
      const job = jobs.value.get(j);
      if (!isMapping(job.value) || !isString(job.key)) continue;
      const steps = entry(job.value, 'steps');
      const list = steps && isSequence(steps.value) ? steps.value : undefined;
      for (const step of list ? Array.from({ length: list.count }, (_, i) => list.get(i)) : []) {
        if (!isMapping(step)) continue;
        const uses = entry(step, 'uses');
        if (!uses || !isString(uses.value) || !REVISE_ACTION.test(uses.value.value)) continue;
        found = true;
        checkPermissions(entry(job.value, 'permissions'), `jobs.${job.key.value}.permissions`);
        const withs = entry(step, 'with');
        const passed = withs && isMapping(withs.value) ? keys(withs.value) : [];
        for (const input of ACTION_INPUTS) {
          if (!passed.includes(input)) problem(withs?.key ?? uses.key, `jobs.${job.key.value}.steps.with.${input}`, `The Revise step does not pass \`${input}\`, which the action reads.`, `Add \`${input}: \${{ ${input === 'github_token' ? 'secrets.REVISE_APP_TOKEN || github.token' : `inputs.${input}`} }}\` under its \`with:\`.`);
        }
      }
    }
  }
  if (!found) problem(jobs?.key ?? root, 'jobs', 'No job runs the Revise action (a step `uses: revise-dev/revise@v0`).', 'Add the "Run the round" step of the shipped workflow.');
  return problems;
}
