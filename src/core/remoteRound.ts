/**
 * The record of a round that ran on a GitHub Actions runner (docs/actions.md): what the action writes
 * into the round's artifact and what `revise actions follow` imports into the local run. The round's
 * commits travel separately, as the candidate ref `refs/revise/<run>/round-<k>` on the remote.
 */
import { z } from 'zod';
import { Disposition, Round, RoundStatus, VerifyResult } from './model';

/** The record's file name inside the artifact. */
export const REMOTE_ROUND_FILE = 'revise-round.json';
export const REMOTE_ROUND_VERSION = 1;

export const RemoteRoundRecord = z.object({
  version: z.literal(REMOTE_ROUND_VERSION),
  /** The run the round belongs to: the local run that dispatched it, or the runner's own run. */
  runId: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/),
  round: z.number().int().positive(),
  pr: z.number().int().positive(),
  status: RoundStatus,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  headBefore: z.string().regex(/^[0-9a-f]{40,64}$/),
  /** The round's head (pushed to `candidateRef`); null when the agent left nothing. */
  headAfter: z.string().regex(/^[0-9a-f]{40,64}$/).nullable(),
  candidateRef: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  agent: Round.shape.agent,
  verify: VerifyResult.omit({ logPath: true }).optional(),
  /** The agent's answers, keyed by finding id; `externalId` (a GitHub thread) matches them to the local run's findings. */
  dispositions: z.array(z.object({ id: z.string(), externalId: z.string().optional(), disposition: Disposition })),
  /** Files of the artifact, relative to it. */
  files: z.object({ log: z.string().optional(), prompt: z.string().optional(), verifyLog: z.string().optional(), sessions: z.array(z.string()) }),
  /** The workflow run, for links. */
  workflowRun: z.object({ id: z.number().int(), url: z.string().optional() }).optional(),
  startedAt: z.string(),
  endedAt: z.string(),
});
export type RemoteRoundRecord = z.infer<typeof RemoteRoundRecord>;

/** The ref a remote round's head is pushed to; the PR branch itself is never pushed by a runner. */
export function candidateRef(runId: string, round: number): string {
  return `refs/revise/${runId}/round-${round}`;
}

/** The artifact the workflow uploads for a round. */
export function remoteArtifactName(runId: string, round: number): string {
  return `revise-${runId}-round-${round}`;
}
