/**
 * Who may start a round from a pull request (docs/actions.md): a dispatch (which itself needs write
 * access), a review that requests changes, or a `/revise` comment — the latter two only from a person
 * with write access. Bots never trigger a round (one bot's review would start another bot's round),
 * nor do users whose association says they cannot write; members and collaborators are checked
 * against the repository permission, since their association alone does not say they can write.
 */

/** The event as the runner hands it over (`GITHUB_EVENT_NAME`, the payload at `GITHUB_EVENT_PATH`). */
export interface RunnerEvent {
  name: string;
  payload: Record<string, unknown>;
}

export interface ActionInputs {
  pr: number | undefined;
  run: string | undefined;
  round: number | undefined;
  feedback: string | undefined;
}

export type Trigger =
  | { kind: 'round'; pr: number; feedback: string | undefined; actor: string; via: 'dispatch' | 'review' | 'comment' }
  | { kind: 'skip'; reason: string };

/** Permissions that allow a round. */
const WRITERS = new Set(['admin', 'maintain', 'write']);
/** Associations that never have write access. */
const OUTSIDERS = new Set(['NONE', 'FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'CONTRIBUTOR', 'MANNEQUIN']);

/** The `/revise` command at the start of a comment, and the feedback after it. */
export function reviseCommand(body: string): { feedback: string } | undefined {
  const match = /^\s*\/revise(?:\s+([\s\S]*))?$/.exec(body);
  return match ? { feedback: (match[1] ?? '').trim() } : undefined;
}

interface Person {
  login: string;
  type: string;
}

function person(value: unknown): Person | undefined {
  const p = value as { login?: unknown; type?: unknown } | null | undefined;
  return typeof p?.login === 'string' ? { login: p.login, type: typeof p.type === 'string' ? p.type : 'User' } : undefined;
}

/**
 * Decide whether this event runs a round. `permissionOf(login)` asks GitHub for the repository
 * permission of a member or collaborator (only called when the association leaves it open).
 */
export async function decideTrigger(event: RunnerEvent, inputs: ActionInputs, actor: string, permissionOf: (login: string) => Promise<string>): Promise<Trigger> {
  const p = event.payload;
  if (event.name === 'workflow_dispatch' || event.name === 'workflow_call' || inputs.pr !== undefined) {
    if (inputs.pr === undefined) return { kind: 'skip', reason: 'No pull request number was given (input `pr`).' };
    return { kind: 'round', pr: inputs.pr, feedback: inputs.feedback, actor, via: 'dispatch' };
  }
  if (event.name === 'pull_request_review') {
    const review = p.review as { state?: string; body?: string | null; user?: unknown; author_association?: string } | undefined;
    const pr = (p.pull_request as { number?: number } | undefined)?.number;
    if (p.action !== 'submitted' || review?.state?.toLowerCase() !== 'changes_requested' || !pr) return { kind: 'skip', reason: 'The review does not request changes.' };
    const refused = await refusal(person(review.user), review.author_association, permissionOf);
    return refused ? { kind: 'skip', reason: refused } : { kind: 'round', pr, feedback: review.body ?? undefined, actor: person(review.user)!.login, via: 'review' };
  }
  if (event.name === 'issue_comment') {
    const issue = p.issue as { number?: number; pull_request?: unknown } | undefined;
    const comment = p.comment as { body?: string; user?: unknown; author_association?: string } | undefined;
    if (p.action !== 'created' || !issue?.pull_request || !issue.number) return { kind: 'skip', reason: 'The comment is not on a pull request.' };
    const command = reviseCommand(comment?.body ?? '');
    if (!command) return { kind: 'skip', reason: 'The comment does not start with /revise.' };
    const refused = await refusal(person(comment?.user), comment?.author_association, permissionOf);
    return refused ? { kind: 'skip', reason: refused } : { kind: 'round', pr: issue.number, feedback: command.feedback || undefined, actor: person(comment?.user)!.login, via: 'comment' };
  }
  return { kind: 'skip', reason: `The event ${event.name} does not start a Revise round.` };
}

async function refusal(who: Person | undefined, association: string | undefined, permissionOf: (login: string) => Promise<string>): Promise<string | undefined> {
  if (!who) return 'The event names no user.';
  if (who.type === 'Bot' || who.login.endsWith('[bot]')) return `${who.login} is a bot; bots cannot start a Revise round.`;
  if (association === 'OWNER') return undefined;
  if (association !== undefined && OUTSIDERS.has(association)) return `${who.login} has no write access to the repository (${association}); only people who can push may start a Revise round.`;
  const permission = await permissionOf(who.login);
  return WRITERS.has(permission) ? undefined : `${who.login} has ${permission} access to the repository; only people with write access may start a Revise round.`;
}
