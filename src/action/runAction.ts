/**
 * One round of a pull request's run on a GitHub Actions runner (docs/actions.md): decide whether the
 * event may start one (trigger.ts), restore the PR into a run with its reviews as findings, queue a
 * round with the feedback (continuing the previous round's agent session when it ran on another
 * runner, previousRound.ts), run the agent and verify as `revise round` does, push the round's head to
 * its candidate ref — never the PR branch — and leave the round record, log, prompt, cost and the
 * agent's session files in a folder the workflow uploads as the round's artifact.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_PRESETS, type AgentPresetName } from '../core/agentPresets';
import { toReviseError } from '../core/errors';
import { remoteArtifactName, type RemoteRoundRecord } from '../core/remoteRound';
import { commentOnPullRequest, DEFAULT_AGENT_TIMEOUT_MS, Engine, exportRound, pushRoundCandidate, repositoryPermission, type GitHubAccess } from '../engine';
import { addSummary, input, intInput, setOutputs } from './runnerIo';
import { previousRoundSession } from './previousRound';
import { findSessionFiles } from './sessionFiles';
import { decideTrigger, type RunnerEvent } from './trigger';

/** What the step ends with: its exit code and, when a round ran, its record. */
export interface ActionOutcome {
  exitCode: number;
  record?: RemoteRoundRecord;
  skipped?: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`${name} is not set; the Revise action runs inside a GitHub Actions job.`);
  return value;
}

function splitArgv(text: string | undefined): string[] | undefined {
  return text ? text.split(/\s+/).filter((a) => a.length > 0) : undefined;
}

/** Run the action with the runner's environment `env`. */
export async function runAction(env: NodeJS.ProcessEnv): Promise<ActionOutcome> {
  const fullName = required(env, 'GITHUB_REPOSITORY');
  const workspace = required(env, 'GITHUB_WORKSPACE');
  const temp = required(env, 'RUNNER_TEMP');
  const event: RunnerEvent = { name: required(env, 'GITHUB_EVENT_NAME'), payload: JSON.parse(await readFile(required(env, 'GITHUB_EVENT_PATH'), 'utf8')) as Record<string, unknown> };
  const token = input(env, 'github_token');
  if (!token) throw new Error('Input "github_token" is empty: the action reads the pull request and its reviews with it.');
  const access: GitHubAccess = { token, apiUrl: env.GITHUB_API_URL };
  const inputs = { pr: intInput(env, 'pr'), run: input(env, 'run'), round: intInput(env, 'round'), feedback: input(env, 'feedback') };
  const preset = input(env, 'agent') ?? 'claude';
  if (!(AGENT_PRESETS as readonly string[]).includes(preset) || preset === 'custom') throw new Error(`Input "agent" must be one of ${AGENT_PRESETS.filter((p) => p !== 'custom').join(', ')} (got "${preset}").`);
  if (inputs.run !== undefined && !/^[a-z0-9][a-z0-9-]{2,63}$/.test(inputs.run)) throw new Error(`Input "run" is not a Revise run id (got "${inputs.run}").`);

  const trigger = await decideTrigger(event, inputs, env.GITHUB_ACTOR ?? 'unknown', (login) => repositoryPermission(access, fullName, login));
  if (trigger.kind === 'skip') {
    await setOutputs(env, { skipped: 'true', reason: trigger.reason });
    await addSummary(env, `### Revise\n\nNo round ran: ${trigger.reason}\n`);
    return { exitCode: 0, skipped: trigger.reason };
  }

  const engine = await Engine.open(workspace);
  try {
    let run = await engine.startWithGitHub({ pr: trigger.pr, remote: 'origin', worktree: join(temp, 'revise-worktree'), by: trigger.actor }, access);
    const decision = run.pendingDecision;
    if (!decision?.options.includes('request-changes')) throw new Error(`The run started from #${trigger.pr} offers no round (${decision?.kind ?? 'no decision'}).`);
    run = (await engine.decide(run.id, { decisionId: decision.id, option: 'request-changes', feedback: trigger.feedback, by: trigger.actor })).run;
    const index = run.rounds.findIndex((r) => r.status === 'queued');
    const timeoutMinutes = intInput(env, 'timeout_minutes');
    // The round before this one ran on another runner: continue its conversation.
    const previous = await previousRoundSession(temp, inputs.run, inputs.round, preset, engine.runDir(run.id));
    if (previous.note) await addSummary(env, `Previous round: ${previous.note}.\n`);
    run = await engine
      .runRound(run.id, {
        agent: { preset: preset as AgentPresetName, executable: input(env, 'agent_executable'), timeoutMs: timeoutMinutes ? timeoutMinutes * 60_000 : DEFAULT_AGENT_TIMEOUT_MS, maxTurns: intInput(env, 'max_turns'), resumeSession: previous.sessionId },
        verifyCommand: splitArgv(input(env, 'verify_command')),
        by: trigger.actor,
      })
      .catch(() => engine.get(run.id));
    const runName = inputs.run ?? run.id;
    const roundNumber = inputs.round ?? index;
    let candidate: string | null = null;
    let pushError: string | undefined;
    try {
      candidate = await pushRoundCandidate(engine, run, index, runName, roundNumber);
    } catch (error) {
      pushError = toReviseError(error).message;
    }
    const artifactName = remoteArtifactName(runName, roundNumber);
    const dir = join(temp, 'revise-artifact', artifactName);
    const round = run.rounds[index]!;
    const workflowRunId = Number(env.GITHUB_RUN_ID);
    const record = await exportRound(run, index, dir, {
      runName,
      round: roundNumber,
      pr: trigger.pr,
      candidate,
      sessionFiles: await findSessionFiles(env, round.agent?.sessionId),
      workflowRun: Number.isInteger(workflowRunId) && workflowRunId > 0 ? { id: workflowRunId, url: `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${fullName}/actions/runs/${workflowRunId}` } : undefined,
    });
    await setOutputs(env, {
      skipped: 'false',
      run: runName,
      round: String(roundNumber),
      status: record.status,
      candidate_ref: candidate ?? '',
      candidate_sha: record.headAfter ?? '',
      artifact_name: artifactName,
      artifact_dir: dir,
    });
    const summary = summaryMarkdown(record, trigger.pr, pushError);
    await addSummary(env, summary);
    if (trigger.via !== 'dispatch') await commentOnPullRequest(access, fullName, trigger.pr, summary);
    const ok = record.status === 'succeeded' && !pushError;
    return { exitCode: ok ? 0 : 1, record };
  } finally {
    engine.dispose();
  }
}

/** The job summary (and the PR comment of a round started from the PR). */
export function summaryMarkdown(record: RemoteRoundRecord, pr: number, pushError: string | undefined): string {
  const cost = record.agent?.costUsd !== undefined ? `$${record.agent.costUsd.toFixed(4)}` : 'not reported';
  const rows = [
    ['Run', `\`${record.runId}\``],
    ['Round', String(record.round)],
    ['Status', record.status + (record.error ? ` (${record.error.message})` : '')],
    ['Candidate', record.candidateRef ? `\`${record.candidateRef}\` at \`${record.headAfter?.slice(0, 12) ?? ''}\`` : pushError ? `not pushed: ${pushError}` : 'no new commit'],
    ['Agent', `${record.agent?.preset ?? 'unknown'}, cost ${cost}`],
    ...(record.verify ? [['Verify', `exit ${record.verify.exitCode}`]] : []),
    ['Findings answered', String(record.dispositions.length)],
  ];
  return [
    `### Revise round ${record.round} for #${pr}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v!.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`),
    '',
    'The pull request branch was not changed. Review the round and decide in your editor (`revise actions follow`), or fetch the candidate ref.',
    '',
  ].join('\n');
}
