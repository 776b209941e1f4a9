/**
 * The decision panel page. It renders the state the host sends and posts intents back; it keeps
 * only the user's unsent draft (feedback text, dismiss reasons) in `setState`, mirrored to the host
 * so the draft also survives closing the panel. The decision id of every decision intent is read
 * from the rendered bar (`data-decision-id`), i.e. the decision the user was looking at.
 */
import type { DecisionOption } from '../core/model';
import { emptyDraft, type HostMessage, type PanelDraft, type PanelFinding, type PanelLabels, type PanelPush, type PanelRound, type PanelState, type PanelWebviewState, type WebviewMessage } from '../shared/webviewProtocol';
import { assertNever } from '../core/errors';
import { formatDuration } from '../core/formatDuration';
import { el, icon } from './dom';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): PanelWebviewState | undefined;
  setState(state: PanelWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
const runId = app.dataset.runId ?? '';
/** The panel's text, translated by the host. */
const L = JSON.parse(app.dataset.labels ?? '{}') as PanelLabels;

/** `template` with `{0}`, `{1}`… replaced by `args`. */
function fmt(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => String(args[Number(i)] ?? whole));
}

let state: PanelState | undefined;
let draft: PanelDraft = vscode.getState()?.runId === runId ? vscode.getState()!.draft : emptyDraft();
let hasLocalDraft = vscode.getState()?.runId === runId;
let busy = false;
let error: { code: string; message: string } | undefined;
let draftTimer: ReturnType<typeof setTimeout> | undefined;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

/** Keep the draft in the page state at once, and with the host shortly after typing stops. */
function saveDraft(): void {
  hasLocalDraft = true;
  vscode.setState({ runId, draft });
  if (draftTimer) clearTimeout(draftTimer);
  draftTimer = setTimeout(() => post({ type: 'draft', runId, draft }), 300);
}

// The feedback box lives outside the re-rendered parts, so typing and focus survive state updates.
const feedback = el('textarea', {
  id: 'feedback',
  rows: '5',
  placeholder: L.feedbackPlaceholder,
  'aria-label': L.feedbackAria,
});
feedback.value = draft.feedback;
feedback.addEventListener('input', () => {
  draft = { ...draft, feedback: feedback.value };
  saveDraft();
});
feedback.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    const button = document.querySelector<HTMLButtonElement>('button[data-option="request-changes"]');
    if (button && !button.disabled) button.click();
  }
});

const header = el('header', { id: 'header' });
const errorBox = el('div', { id: 'error', role: 'alert', hidden: '' });
const banner = el('div', { id: 'banner', class: 'banner', hidden: '' });
const task = el('section', { id: 'task', 'aria-label': L.task, hidden: '' });
const pushed = el('section', { id: 'pushed', 'aria-label': L.pushed, hidden: '' });
const summary = el('section', { id: 'rounds', 'aria-label': L.rounds });
const findings = el('section', { id: 'findings', 'aria-label': L.findings });
const comments = el('section', { id: 'comments', 'aria-label': L.comments });
const actions = el('div', { id: 'actions', class: 'actions', role: 'group', 'aria-label': L.decision });
const why = el('ul', { id: 'why', class: 'why' });
const feedbackLabel = el('label', { for: 'feedback' }, [L.feedback]);
const decision = el('section', { id: 'decision', 'aria-label': L.decision }, [el('h2', {}, [L.decision]), el('p', { id: 'decision-title' }), feedbackLabel, feedback, actions, why]);
const autopilot = el('section', { id: 'autopilot', 'aria-label': L.autopilot });

app.replaceChildren(header, errorBox, banner, pushed, task, decision, autopilot, summary, findings, comments);

function decide(option: DecisionOption): void {
  const decisionId = actions.dataset.decisionId;
  if (!decisionId) return;
  error = undefined;
  renderError();
  post({ type: 'decide', runId, decisionId, option, feedback: feedback.value });
}

function renderError(): void {
  errorBox.hidden = !error;
  errorBox.className = error?.code === 'stale-decision' ? 'error stale' : 'error';
  errorBox.replaceChildren(...(error ? [icon('error'), el('span', { 'data-code': error.code }, [error.message])] : []));
}

function renderHeader(s: PanelState): void {
  const meta: (Node | string)[] = [el('span', { class: `status status-${s.status}`, id: 'status' }, [s.statusLabel]), el('span', {}, [s.roundLabel])];
  if (s.pr) meta.push(el('a', { href: s.pr.url }, [`#${s.pr.number}`]));
  header.replaceChildren(
    el('h1', {}, [s.title]),
    el('p', { class: 'meta' }, meta),
    el('p', { class: 'meta' }, [icon('git-branch'), ` ${s.priorBranch} → ${s.baseBranch}`]),
    el('p', { class: 'meta' }, [icon('folder'), ' ', s.worktreeRemoved ? el('span', { class: 'dim', id: 'worktree-removed' }, [L.worktreeRemoved]) : linkButton(s.worktree, () => post({ type: 'openWorktree', runId }), L.openWorktree)]),
  );
}

/** The run's task: its issue's number, title and text (folded once a round has run, to keep the decision in view). */
function renderTask(s: PanelState): void {
  task.hidden = !s.issue;
  if (!s.issue) return task.replaceChildren();
  const title = s.issue.number !== undefined ? fmt(L.issueNumbered, s.issue.number, s.issue.title) : fmt(L.issue, s.issue.title);
  const previous = task.querySelector('details');
  const details = el('details', { class: 'issue' }, [el('summary', {}, [icon('issues'), ' ', el('strong', {}, [title])]), el('div', { class: 'issue-body', id: 'issue-body' }, [s.issue.body])]);
  details.open = previous ? previous.open : s.rounds.length <= 1;
  task.replaceChildren(el('h2', {}, [L.task]), details);
}

/** An http(s) link; VS Code opens it (outside the panel) when it is followed. */
function webLink(href: string, text: string, label?: string): HTMLAnchorElement {
  return el('a', { href, ...(label ? { 'aria-label': label, title: label } : {}) }, [text]);
}

/** What the last push did: remote and URL, branch, commit (linked on GitHub), and the pull request. */
function renderPushed(s: PanelState): void {
  const p: PanelPush | undefined = s.pushed;
  pushed.hidden = !p && !s.notPushed;
  if (!p) return pushed.replaceChildren(...(s.notPushed ? [el('h2', {}, [L.pushed]), el('p', { id: 'not-pushed' }, [icon('info'), ` ${s.notPushed}`])] : []));
  const short = p.sha.slice(0, 12);
  const row = (name: string, key: string, value: (Node | string)[]): HTMLElement[] => [el('dt', {}, [name]), el('dd', { 'data-pushed': key }, value)];
  pushed.replaceChildren(
    el('h2', {}, [icon('cloud-upload'), ` ${L.pushed}`]),
    el('dl', { class: 'pushed' }, [
      ...row(L.pushedRemote, 'remote', [el('strong', {}, [p.remote]), ...(p.url ? [' ', el('code', {}, [p.url])] : [])]),
      ...row(L.pushedBranch, 'branch', [el('code', {}, [p.branch])]),
      ...row(L.pushedCommit, 'commit', [p.commitUrl ? webLink(p.commitUrl, short, fmt(L.openCommit, short)) : el('code', { title: p.sha }, [short]), ...(p.forced ? [' ', el('span', { class: 'dim' }, [`(${L.pushedForced})`])] : [])]),
      ...(p.pr ? row(L.pullRequest, 'pr', [webLink(p.pr.url, `#${p.pr.number}`), ' ', el('span', { class: 'dim' }, [p.pr.url])]) : []),
      ...row(L.pushedAt, 'at', [new Date(p.at).toLocaleString()]),
    ]),
  );
}

function linkButton(text: string, onClick: () => void, title?: string): HTMLButtonElement {
  const b = el('button', { class: 'link', type: 'button', ...(title ? { title } : {}) }, [text]);
  b.addEventListener('click', onClick);
  return b;
}

function renderDecision(s: PanelState): void {
  const title = document.getElementById('decision-title')!;
  title.replaceChildren(...(s.decision ? [el('strong', {}, [s.decision.title]), ...(s.decision.reason ? [' — ', s.decision.reason] : [])] : [L.noDecision]));
  if (s.decision) actions.dataset.decisionId = s.decision.id;
  else delete actions.dataset.decisionId;
  actions.replaceChildren(
    ...s.actions.map((a) => {
      const b = el('button', { type: 'button', 'data-option': a.option, class: a.primary ? 'primary' : a.option === 'abort' ? 'danger' : 'secondary', ...(a.why ? { title: a.why } : {}) }, [a.label]);
      b.disabled = busy || !a.enabled;
      b.addEventListener('click', () => decide(a.option));
      return b;
    }),
  );
  // Buttons disabled for the same reason share one line (`Approve, Request Changes, Abort: The run is approved.`).
  const byWhy = new Map<string, string[]>();
  for (const a of s.actions) if (!a.enabled && a.why) byWhy.set(a.why, [...(byWhy.get(a.why) ?? []), a.label]);
  const reasons = [...byWhy].map(([text, labels]) => el('li', {}, [el('strong', {}, [labels.join(', ')]), `: ${text}`]));
  if (s.restricted) reasons.unshift(el('li', { class: 'restricted' }, [icon('shield'), ` ${s.restricted}`]));
  if (s.caution) reasons.unshift(el('li', { class: 'caution', id: 'caution' }, [icon('warning'), ` ${s.caution}`]));
  why.replaceChildren(...reasons);
  // A settled run takes no more feedback: the box is disabled and out of sight, not merely greyed.
  feedback.disabled = s.status === 'approved' || s.status === 'aborted';
  feedback.hidden = feedbackLabel.hidden = feedback.disabled;
}

/** Round k, spend against the budget, what the re-checks said, why it stopped; Start / Resume or Stop. */
function renderAutopilot(s: PanelState): void {
  const a = s.autopilot;
  const button = a.active
    ? el('button', { type: 'button', id: 'autopilot-stop', class: 'secondary' }, [a.stopLabel])
    : el('button', { type: 'button', id: 'autopilot-start', class: 'secondary', ...(a.startWhy ? { title: a.startWhy } : {}) }, [a.startLabel ?? '']);
  button.disabled = busy || Boolean(a.startWhy && !a.active);
  button.addEventListener('click', () => post({ type: 'autopilot', runId, action: a.active ? 'stop' : 'start' }));
  const lines: Node[] = [];
  if (a.progress) lines.push(el('p', { id: 'autopilot-progress' }, [a.progress]));
  if (a.checks.length > 0) lines.push(el('ul', { id: 'autopilot-checks', class: 'dim' }, a.checks.map((c) => el('li', {}, [c]))));
  if (a.stop) lines.push(el('p', { id: 'autopilot-stop-reason' }, [icon('info'), ` ${a.stop}`]));
  if (a.questions?.length) lines.push(el('ul', { id: 'autopilot-questions' }, a.questions.map((q) => el('li', {}, [q]))));
  autopilot.dataset.active = String(a.active);
  autopilot.replaceChildren(el('h2', {}, [L.autopilot]), ...lines, el('div', { class: 'actions' }, [button]), ...(a.startWhy && !a.active ? [el('p', { class: 'dim' }, [a.startWhy])] : []));
}

/** `passed`, or `failed (code)` / `failed (killed)`. */
function verifyResult(exitCode: number | null): string {
  return exitCode === 0 ? L.verifyPassed : fmt(L.verifyFailed, exitCode ?? L.killed);
}

function roundRow(r: PanelRound): HTMLElement {
  const cells: (Node | string)[] = [
    el('td', {}, [r.index === 0 ? L.roundPrior : fmt(L.round, r.index)]),
    el('td', { class: `round-${r.status}` }, [L.roundStatus[r.status]]),
    el('td', {}, [r.agent ?? '—']),
    el('td', {}, [r.durationMs !== undefined ? formatDuration(r.durationMs) : '—']),
    el('td', {}, [r.exitCode === null ? '—' : String(r.exitCode)]),
    el('td', {}, [r.costUsd !== undefined ? `$${r.costUsd.toFixed(2)}` : '—']),
    el('td', {}, [r.verify ? verifyResult(r.verify.exitCode) : '—']),
  ];
  const links = el('td', {});
  if (r.hasLog) links.append(linkButton(L.log, () => post({ type: 'openLog', runId, round: r.index })));
  if (r.headBefore && r.headAfter && r.headBefore !== r.headAfter) links.append(' ', linkButton(L.diff, () => post({ type: 'openRoundDiff', runId, round: r.index })));
  const row = el('tr', {}, [...cells, links]);
  row.title = [r.error, ...(r.notes ?? [])].filter(Boolean).join('\n');
  return row;
}

/** A round's commits and files with +/−, under the rounds table. */
function roundChanges(r: PanelRound): HTMLElement | undefined {
  const c = r.changes;
  if (!c) return undefined;
  const commits = el('ul', { class: 'commits' }, c.commits.map((k) => el('li', { title: `${k.author}, ${k.date}` }, [el('code', {}, [k.sha.slice(0, 8)]), ` ${k.subject} `, el('span', { class: 'dim' }, [`— ${k.author}`])])));
  const files = el(
    'ul',
    { class: 'files' },
    c.files.map((f) => el('li', { 'data-file': f.file }, [icon('file'), ` ${f.file} `, ...(f.binary ? [el('span', { class: 'dim' }, [L.binary])] : [el('span', { class: 'added' }, [`+${f.added}`]), ' ', el('span', { class: 'deleted' }, [`−${f.deleted}`])])])),
  );
  const links: (Node | string)[] = [linkButton(L.openRoundDiff, () => post({ type: 'openRoundDiff', runId, round: r.index }))];
  if (r.hasLog) links.push(' · ', linkButton(L.openRoundLog, () => post({ type: 'openLog', runId, round: r.index })));
  const verify = r.verify ? [' · ', el('span', { class: r.verify.exitCode === 0 ? 'added' : 'deleted' }, [fmt(L.verify, verifyResult(r.verify.exitCode))])] : [];
  const title = `${fmt(L.roundChanges, r.index, c.commits.length, c.files.length)} `;
  return el('details', { class: 'round-changes', 'data-round': String(r.index) }, [
    el('summary', {}, [title, el('span', { class: 'added' }, [`+${c.added}`]), ' ', el('span', { class: 'deleted' }, [`−${c.deleted}`]), ...verify]),
    commits,
    files,
    el('p', {}, links),
  ]);
}

/** What Revise noticed the round's agent do outside its worktree; never folded away. */
function roundIncidents(r: PanelRound): HTMLElement | undefined {
  if (!r.incidents?.length) return undefined;
  const items = r.incidents.map((i) => el('li', { 'data-incident': i.kind }, [i.message, ...(i.items.length ? [el('ul', { class: 'dim' }, i.items.map((x) => el('li', {}, [el('code', {}, [x])])))] : [])]));
  return el('div', { class: 'incidents', 'data-round': String(r.index) }, [el('strong', {}, [icon('warning'), ` ${fmt(L.roundIncidents, r.index)}`]), el('ul', {}, items)]);
}

function renderRounds(s: PanelState): void {
  const c = L.columns;
  const head = el('tr', {}, [c.round, c.status, c.agent, c.duration, c.exit, c.cost, c.verify, ''].map((h) => el('th', {}, [h])));
  const controls: Node[] = [];
  if (s.status === 'running') controls.push(linkButton(L.cancelRound, () => post({ type: 'cancelRound', runId })));
  else if (s.rounds.some((r) => r.status === 'queued') && !s.restricted) controls.push(linkButton(L.runQueuedRound, () => post({ type: 'runQueuedRound', runId })));
  const open = new Set([...summary.querySelectorAll<HTMLDetailsElement>('details[open]')].map((d) => d.dataset.round));
  const details = s.rounds.map(roundChanges).filter((d): d is HTMLElement => d !== undefined);
  // The latest round's summary is open at first; after that the user's choice is kept across redraws.
  details.forEach((d, i) => ((d as HTMLDetailsElement).open = open.size > 0 ? open.has(d.dataset.round) : i === details.length - 1));
  const incidents = s.rounds.map(roundIncidents).filter((d): d is HTMLElement => d !== undefined);
  const feedback = s.rounds.map(roundFeedback).filter((d): d is HTMLElement => d !== undefined);
  summary.replaceChildren(el('h2', {}, [L.rounds]), el('table', {}, [el('thead', {}, [head]), el('tbody', {}, s.rounds.map(roundRow))]), ...feedback, ...incidents, ...details, ...controls);
}

/** The feedback the user typed for a round, as it was sent. */
function roundFeedback(r: PanelRound): HTMLElement | undefined {
  if (!r.feedback) return undefined;
  return el('figure', { class: 'round-feedback', 'data-round': String(r.index) }, [el('figcaption', {}, [icon('feedback'), ` ${fmt(L.roundFeedback, r.index)}`]), el('blockquote', {}, [r.feedback])]);
}

/** The state cell: `claimed`, `verified`, `still present`, with who or what said so. */
function stateCell(f: PanelFinding): HTMLElement {
  const st = f.state;
  const detail = st.kind === 'verified' && st.by ? L.verifiedBy[st.by] : (st.evidence ?? f.reason);
  return el('td', { 'data-state': st.kind }, [icon(stateIcon(f), `icon-state-${st.kind}`), ` ${L.findingState[st.kind]}`, ...(detail ? [el('div', { class: 'dim' }, [detail])] : [])]);
}

function stateIcon(f: PanelFinding): string {
  switch (f.state.kind) {
    case 'verified':
    case 'resolved':
      return 'pass';
    case 'dismissed':
      return 'circle-slash';
    case 'claimed':
      return 'question';
    case 'open':
    case 'still-present':
      return f.severity === 'blocking' ? 'error' : f.severity === 'nit' ? 'info' : 'warning';
  }
}

function findingRow(f: PanelFinding, settled: boolean): HTMLElement {
  const unsettled = f.state.kind === 'open' || f.state.kind === 'claimed' || f.state.kind === 'still-present';
  const include = el('input', { type: 'checkbox', 'aria-label': fmt(L.includeFinding, f.id), 'data-finding': f.id });
  include.checked = f.include && unsettled;
  include.disabled = settled || !unsettled;
  include.addEventListener('change', () => post({ type: 'setInclude', runId, findingId: f.id, include: include.checked }));
  const idCell = el('td', {}, [icon(f.severity === 'blocking' ? 'error' : f.severity === 'nit' ? 'info' : 'warning', `sev-${f.severity}`), ' ', linkButton(f.id, () => post({ type: 'openFinding', runId, findingId: f.id }), f.location)]);
  const message = el('td', { class: 'message' }, [el('div', {}, [f.title]), ...(f.location ? [el('div', { class: 'dim' }, [f.location])] : [])]);
  const disposition = f.disposition
    ? `${fmt(L.dispositionInRound, L.disposition[f.disposition.kind], f.disposition.round)}${f.disposition.note ? `: ${f.disposition.note}` : ''}`
    : f.touchedInRound !== undefined
      ? fmt(L.touchedInRound, f.touchedInRound)
      : '—';
  const act = el('td', { class: 'row-actions' });
  const accept = (label: string): HTMLButtonElement => findingAction(label, 'accept', () => post({ type: 'accept', runId, findingId: f.id }));
  if (!settled && f.state.kind === 'claimed') act.append(accept(f.state.claim?.kind === 'fixed' ? L.acceptFix : L.accept), ' ');
  if (!settled && f.state.kind !== 'open' && f.state.kind !== 'still-present') {
    act.append(findingAction(L.reopen, 'reopen', () => post({ type: 'reopen', runId, findingId: f.id })));
  } else if (!settled) {
    if (f.state.kind === 'still-present') act.append(accept(L.acceptFix), ' ');
    act.append(...dismissControls(f));
  }
  return el('tr', { class: `finding status-${f.status} state-${f.state.kind}`, 'data-finding-row': f.id }, [el('td', {}, [include]), idCell, message, stateCell(f), el('td', {}, [disposition]), act]);
}

/** A row's action button, named by `data-finding-action` (accept, reopen, dismiss). */
function findingAction(label: string, action: string, onClick: () => void): HTMLButtonElement {
  const b = linkButton(label, onClick);
  b.dataset.findingAction = action;
  return b;
}

/** A reason box and Dismiss; Dismiss with no reason says so in words (the box alone is not enough). */
function dismissControls(f: PanelFinding): Node[] {
  const reason = el('input', { type: 'text', placeholder: L.reasonPlaceholder, 'aria-label': fmt(L.reasonAria, f.id) });
  const hint = el('div', { class: 'field-error', role: 'alert', 'data-reason-error': f.id });
  hint.hidden = true;
  reason.value = draft.reasons[f.id] ?? '';
  reason.addEventListener('input', () => {
    draft = { ...draft, reasons: { ...draft.reasons, [f.id]: reason.value } };
    saveDraft();
    if (reason.value.trim()) {
      hint.hidden = true;
      reason.removeAttribute('aria-invalid');
    }
  });
  const dismiss = findingAction(L.dismiss, 'dismiss', () => {
    if (!reason.value.trim()) {
      hint.textContent = fmt(L.reasonRequired, f.id);
      hint.hidden = false;
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    post({ type: 'dismiss', runId, findingId: f.id, reason: reason.value });
  });
  return [reason, dismiss, hint];
}

/** `2 open, 1 claimed, 3 verified`, in the panel's words. */
function stateCounts(list: readonly PanelFinding[]): string {
  const order = ['open', 'still-present', 'claimed', 'verified', 'resolved', 'dismissed'] as const;
  const counts = new Map<string, number>();
  for (const f of list) counts.set(f.state.kind, (counts.get(f.state.kind) ?? 0) + 1);
  return order.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${L.findingState[k]}`).join(', ') || `0 ${L.findingState.open}`;
}

function renderFindings(s: PanelState): void {
  const settled = s.status === 'approved' || s.status === 'aborted';
  const list = s.findings.filter((f) => !f.editable);
  const c = L.columns;
  const head = el('tr', {}, [c.include, c.id, c.finding, c.status, c.disposition, ''].map((h) => el('th', {}, [h])));
  findings.replaceChildren(
    el('h2', {}, [fmt(L.findingsHeading, stateCounts(list))]),
    list.length === 0 ? el('p', { class: 'dim' }, [L.noFindings]) : el('table', {}, [el('thead', {}, [head]), el('tbody', {}, list.map((f) => findingRow(f, settled)))]),
  );
}

function renderComments(s: PanelState): void {
  const pending = s.findings.filter((f) => f.editable);
  comments.hidden = pending.length === 0;
  comments.replaceChildren(
    el('h2', {}, [fmt(L.commentsHeading, pending.length)]),
    el(
      'ul',
      {},
      pending.map((f) =>
        el('li', { 'data-comment': f.id }, [
          linkButton(f.id, () => post({ type: 'openFinding', runId, findingId: f.id }), f.location),
          ` ${f.location ?? ''} — ${f.message} `,
          linkButton(L.remove, () => post({ type: 'editComment', runId, findingId: f.id, text: null })),
        ]),
      ),
    ),
  );
}

function render(): void {
  if (!state) return;
  renderHeader(state);
  renderPushed(state);
  renderTask(state);
  banner.hidden = !state.banner;
  banner.replaceChildren(state.banner ?? '', ...(state.cleanable ? [' ', linkButton(L.cleanUp, () => post({ type: 'cleanUp', runId }))] : []));
  renderDecision(state);
  renderAutopilot(state);
  renderRounds(state);
  renderFindings(state);
  renderComments(state);
  renderError();
  app.dataset.status = state.status;
  app.dataset.rounds = String(state.rounds.length);
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'state':
      if (message.state.runId !== runId) return;
      if (!hasLocalDraft) {
        draft = message.draft;
        feedback.value = draft.feedback;
      }
      state = message.state;
      render();
      return;
    case 'error':
      error = { code: message.code, message: message.message };
      renderError();
      return;
    case 'clearFeedback':
      draft = { ...draft, feedback: '' };
      feedback.value = '';
      saveDraft();
      return;
    case 'busy':
      busy = message.busy;
      render();
      return;
    default:
      assertNever(message, 'host message');
  }
});

vscode.setState({ runId, draft });
post({ type: 'ready', runId });
