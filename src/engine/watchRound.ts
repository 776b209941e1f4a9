/**
 * Watching an agent beyond its worktree. Before the round the user's checkout, the repository's
 * config and hooks and the remote-tracking refs are captured; after it, processes the agent left
 * running are stopped and its edits of run.json undone (before anything is read or committed), and
 * every difference becomes an incident on
 * the round — shown by `revise status` and in the decision panel, never silently accepted.
 */
import { formatSize, type LogCut } from '../agent/cappedLog';
import { stopRoundLeftovers, type StoppedProcess } from '../agent/leftovers';
import type { RoundIncident } from '../core/incidents';
import type { Run } from '../core/model';
import { compareSnapshots, snapshotRepo, type RepoChanges } from '../git/repoSnapshot';
import type { EngineContext } from './engineContext';

export interface RoundWatch {
  /** Stop what the agent left running and undo its edits of run.json; call it as soon as the agent has ended, before anything reads the run. */
  afterAgent(): Promise<void>;
  /** The same again (verify and reviewer ran with the round's environment too), then say what happened. */
  incidents(logCut: LogCut | undefined): Promise<RoundIncident[]>;
}

const short = (sha: string | null): string => (sha ? sha.slice(0, 12) : '(none)');
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function leftoverIncident(stopped: StoppedProcess[]): RoundIncident {
  return {
    kind: 'leftover-processes',
    message: `${plural(stopped.length, 'process')} started during the round (by the agent, or by verify or the reviewer) ${stopped.length === 1 ? 'was' : 'were'} still running after it, outside the agent's process group (e.g. started with setsid); Revise stopped ${stopped.length === 1 ? 'it' : 'them'} so nothing keeps changing the run after the round.`,
    items: stopped.map((p) => `${p.pid} ${p.command}`),
  };
}

function runStateIncident(keptAt: string[]): RoundIncident {
  return {
    kind: 'run-state-edited',
    message: 'The run\'s own state (run.json) was changed outside Revise during the round. Revise put back the state it last wrote; the edited file is kept for you to look at.',
    items: keptAt,
  };
}

function changeIncidents(run: Run, changes: RepoChanges): RoundIncident[] {
  const incidents: RoundIncident[] = [];
  const checkout = [...(changes.checkoutHead ? [`HEAD: ${changes.checkoutHead.from} → ${changes.checkoutHead.to}`] : []), ...changes.checkoutFiles];
  if (checkout.length > 0) {
    incidents.push({
      kind: 'user-checkout-changed',
      message: `Your own checkout (${run.repo}) changed during the round. Revise never writes there: if you did not make these changes yourself, the agent did — look at them with \`git status\` there before you go on.`,
      items: checkout,
    });
  }
  if (changes.configKeys.length > 0) {
    incidents.push({
      kind: 'repo-config-changed',
      message: 'The repository\'s git config changed during the round (keys below; values are not shown). If you did not change it, the agent did: check .git/config before you run git there.',
      items: changes.configKeys,
    });
  }
  if (changes.hooks.length > 0) {
    incidents.push({
      kind: 'hooks-changed',
      message: 'Git hooks changed during the round. Hooks run on your own git commands: if you did not change them, the agent did — check them before you commit or push.',
      items: changes.hooks,
    });
  }
  if (changes.pushed.length > 0) {
    incidents.push({
      kind: 'agent-pushed',
      message: 'A push moved a remote branch during the round (seen in the remote-tracking refs and their reflogs). Revise pushes only when you approve: if you did not push, the agent did — check the remote.',
      items: changes.pushed.map((p) => `${p.ref} ${short(p.from)} → ${short(p.to)}`),
    });
  }
  return incidents;
}

function logIncident(cut: LogCut): RoundIncident {
  return {
    kind: 'log-capped',
    message: `The agent printed more than the log's cap of ${formatSize(cut.capBytes)}: ${cut.cutBytes} bytes after byte ${cut.cutAt} were cut; the start and the end are kept, and the log says where the cut is.`,
  };
}

/** Start watching a round: capture what the agent must not change. */
export async function watchRound(ctx: Pick<EngineContext, 'commonDir' | 'store'>, run: Run, index: number): Promise<RoundWatch> {
  const before = await snapshotRepo(ctx.commonDir, run.repo);
  const stopped: StoppedProcess[] = [];
  const editedKeptAt: string[] = [];
  const afterAgent = async () => {
    for (const p of await stopRoundLeftovers(run.id, index)) if (!stopped.some((s) => s.pid === p.pid)) stopped.push(p);
    // A store that cannot be written now (disk full, read-only) must not stop the round's commit; its own write reports the cause.
    const kept = await ctx.store.undoOutsideEdit(run.id).catch(() => undefined);
    if (kept) editedKeptAt.push(kept);
  };
  return {
    afterAgent,
    async incidents(logCut) {
      await afterAgent();
      const changes = await compareSnapshots(ctx.commonDir, before, await snapshotRepo(ctx.commonDir, run.repo));
      return [...(stopped.length > 0 ? [leftoverIncident(stopped)] : []), ...(editedKeptAt.length > 0 ? [runStateIncident(editedKeptAt)] : []), ...changeIncidents(run, changes), ...(logCut ? [logIncident(logCut)] : [])];
    },
  };
}
