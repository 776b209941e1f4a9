/**
 * Findings as LSP features: diagnostics, CodeLens, hover and quick fixes.
 *
 * Resolved, dismissed and verified findings are not shown (src/core/findingState.ts). A finding the
 * agent claimed is shown as a claim — Information, saying what was claimed in which round, with
 * *Accept fix* and *Reopen* lenses — so the Problems counts are not the agent's open work; one
 * still present after its claim keeps its severity and says why. The alternative, a Hint with the *unnecessary*
 * tag, fades the code out — which says "this code is unused", the opposite of "a reviewer's point
 * here was settled" — and keeps settled items in every count; the run's tree still lists them.
 */
import { CodeActionKind, DiagnosticSeverity, MarkupKind, type CodeAction, type CodeLens, type Diagnostic, type Hover, type Range } from 'vscode-languageserver';
import { describeState, findingState } from '../core/findingState';
import type { Severity } from '../core/model';
import { FindingCommand, type DiagnosticData, type FindingCommandArgs } from '../shared/protocol';
import type { Entry } from './findingIndex';

/** Diagnostics' `source`. */
export const DIAGNOSTIC_SOURCE = 'revise';
/** End character for a line whose length is unknown (the file is not open); clients clamp it. */
const LINE_END = 2147483647;

const severities: Record<Severity, DiagnosticSeverity> = {
  blocking: DiagnosticSeverity.Error,
  'non-blocking': DiagnosticSeverity.Warning,
  nit: DiagnosticSeverity.Information,
};

/** The range an entry covers; `lineLength` gives the end character when the document is open. */
export function entryRange(entry: Entry, lineLength?: (line: number) => number): Range {
  const end = entry.endLine - 1;
  return { start: { line: entry.line - 1, character: 0 }, end: { line: end, character: lineLength ? lineLength(end) : LINE_END } };
}

export function toDiagnostic(entry: Entry, lineLength?: (line: number) => number): Diagnostic {
  const { finding } = entry;
  const data: DiagnosticData = { runId: entry.runId, findingId: finding.id, outdated: entry.outdated };
  const state = findingState(finding);
  const said = state.kind === 'open' ? '' : ` [${describeState(state)}]`;
  return {
    range: entryRange(entry, lineLength),
    severity: state.kind === 'claimed' ? DiagnosticSeverity.Information : severities[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.id,
    message: `${finding.id}: ${finding.title}${said}${entry.outdated ? ' (outdated: the code it was about has changed)' : ''}`,
    data,
  };
}

/** A title lens, then the actions, above the finding's first line. */
export function toCodeLenses(entry: Entry): CodeLens[] {
  const { finding } = entry;
  const args: FindingCommandArgs = { runId: entry.runId, findingId: finding.id };
  const range: Range = { start: { line: entry.line - 1, character: 0 }, end: { line: entry.line - 1, character: 0 } };
  const state = findingState(finding);
  const title = `${finding.id} · ${finding.severity}${state.kind === 'open' ? '' : ` · ${describeState(state)}`}${entry.outdated ? ' (outdated)' : ''} — ${finding.title}`;
  const lenses: CodeLens[] = [
    // An empty command id makes the title plain text rather than a link.
    { range, command: { title, command: '' } },
  ];
  if (state.kind === 'claimed') {
    lenses.push(
      { range, command: { title: state.claim?.kind === 'fixed' ? 'Accept fix' : 'Accept', command: FindingCommand.accept, arguments: [args] } },
      { range, command: { title: 'Reopen', command: FindingCommand.reopen, arguments: [args] } },
    );
  } else {
    if (state.kind === 'still-present') lenses.push({ range, command: { title: 'Accept fix', command: FindingCommand.accept, arguments: [args] } });
    lenses.push({ range, command: { title: 'Rework…', command: FindingCommand.rework, arguments: [args] } }, { range, command: { title: 'Dismiss…', command: FindingCommand.dismiss, arguments: [args] } });
  }
  if (isFromGitHub(entry)) lenses.push({ range, command: { title: 'Open thread', command: FindingCommand.openThread, arguments: [args] } });
  return lenses;
}

export function toHover(entries: readonly Entry[]): Hover {
  const parts = entries.map((entry) => {
    const { finding } = entry;
    const source = finding.source;
    const from = [source.kind, source.author && `by ${source.author}`, source.origin && `from ${source.origin}`].filter(Boolean).join(' ');
    const lines = [
      `**${finding.id}** · ${finding.severity} · round ${entry.round}${finding.include ? '' : ' · not in next round'}`,
      '',
      `**${escape(finding.title)}**`,
      '',
      finding.message,
      '',
      `_Source: ${escape(from)}${source.url ? ` — [open](${source.url})` : ''}_`,
    ];
    if (entry.outdated) lines.push('', '_Outdated: the lines this finding was about are gone; it is shown at its best position._');
    if (finding.disposition) lines.push('', `_Agent answered in round ${finding.disposition.round}: ${finding.disposition.kind}${finding.disposition.note ? ` — ${escape(finding.disposition.note)}` : ''}_`);
    const state = findingState(finding);
    if (state.kind !== 'open') lines.push('', `_State: ${escape(describeState(state))}_`);
    for (const warning of finding.warnings ?? []) lines.push('', `⚠ ${escape(warning)}`);
    return lines.join('\n');
  });
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') } };
}

/** Quick fixes for one finding's diagnostic. */
export function toCodeActions(args: FindingCommandArgs, diagnostic: Diagnostic | undefined): CodeAction[] {
  const make = (title: string, command: string): CodeAction => ({
    title,
    kind: CodeActionKind.QuickFix,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    command: { title, command, arguments: [args] },
  });
  return [
    make(`${args.findingId}: Add to next round`, FindingCommand.include),
    make(`${args.findingId}: Dismiss with reason…`, FindingCommand.dismiss),
    make(`${args.findingId}: Mark resolved`, FindingCommand.resolve),
  ];
}

function isFromGitHub(entry: Entry): boolean {
  const { source } = entry.finding;
  return (source.kind === 'github-thread' || source.kind === 'github-review') && Boolean(source.threadId ?? source.url);
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
