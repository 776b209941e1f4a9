/**
 * Review bots' inline comments: who wrote them, their real title, severity and stable id.
 *
 * | bot           | logins (REST / GraphQL)                                   | title                      | severity                          | stable id                    |
 * |---------------|-----------------------------------------------------------|----------------------------|-----------------------------------|------------------------------|
 * | CodeRabbit    | `coderabbitai[bot]` / `coderabbitai`                      | the bold line after its tags | `_🔴 Critical_`, `_🟠 Major_`, … | `<!-- cr-comment:v1:… -->`   |
 * | Cursor Bugbot | `cursor[bot]` / `cursor`                                  | its `###` heading          | `**High Severity**`               | `<!-- BUGBOT_BUG_ID: … -->`  |
 * | Codex review  | `chatgpt-codex-connector[bot]` / `chatgpt-codex-connector`| the bold line with its badge | `![P1 Badge]`                   | —                            |
 * | Greptile      | `greptile-apps[bot]` / `greptile-apps`                    | the bold text after its badge, or the text after `**logic:**` | `<img alt="P2">`, `**style:**` → nit | — |
 * | cubic         | `cubic-dev-ai[bot]` / `cubic-dev-ai`                      | the first line after `P2:` | `P0`–`P3`                         | —                            |
 * | Copilot review| `copilot-pull-request-reviewer[bot]`, `Copilot`           | the first line             | `[nitpick]` → nit                 | —                            |
 *
 * GitHub names a bot `name[bot]` over REST and `name` over GraphQL: `normalizeLogin` drops the
 * suffix so both are one author. The comment's text keeps what the agent needs (the prose, the
 * bot's prompt block and suggested change, which the prompt quotes as reviewer data) and loses
 * bookkeeping (HTML comments, analysis chains, "Fix in Cursor" links, reaction footers).
 */
import { replaceHtmlComments } from '../core/findings/reviewStructure';
import { decorationSeverity, isTagLine, leadingSeverity, cleanTitle } from '../core/findings/reviewWords';
import type { Severity } from '../core/model';

export type ReviewBot = 'coderabbit' | 'bugbot' | 'codex' | 'greptile' | 'cubic' | 'copilot';

const logins: Record<string, ReviewBot> = {
  coderabbitai: 'coderabbit',
  cursor: 'bugbot',
  'chatgpt-codex-connector': 'codex',
  'greptile-apps': 'greptile',
  'cubic-dev-ai': 'cubic',
  'copilot-pull-request-reviewer': 'copilot',
  copilot: 'copilot',
};

/** A login without GitHub's `[bot]` suffix (`coderabbitai[bot]` → `coderabbitai`). */
export function normalizeLogin(login: string): string;
export function normalizeLogin(login: string | null | undefined): string | null;
export function normalizeLogin(login: string | null | undefined): string | null {
  if (login === null || login === undefined) return null;
  return login.replace(/\[bot\]$/i, '');
}

/** The review bot a comment comes from, by its author or, failing that, by its markers. */
export function reviewBotOf(author: string | null, body: string): ReviewBot | undefined {
  const byLogin = author ? logins[normalizeLogin(author).toLowerCase()] : undefined;
  if (byLogin) return byLogin;
  if (/cr-comment:v1:|auto-generated comment by CodeRabbit/.test(body)) return 'coderabbit';
  if (/BUGBOT_BUG_ID/.test(body)) return 'bugbot';
  if (/!\[P[0-3] Badge\]\(https:\/\/img\.shields\.io\/badge\/P[0-3]/.test(body)) return 'codex';
  if (/greptile-static-assets/.test(body)) return 'greptile';
  return undefined;
}

/** What Revise takes from one comment. */
export interface CommentReading {
  bot?: ReviewBot;
  title: string;
  severity?: Severity;
  /** The bot's own id for this finding, prefixed with the bot (`coderabbit:cr-comment:v1:…`, `bugbot:…`). */
  stableId?: string;
  /** The comment's text without the bot's bookkeeping. */
  message: string;
}

const TITLE_MAX = 120;

/** Read a review comment (see the module comment); a person's comment keeps its first line as title. */
export function readReviewComment(author: string | null, body: string): CommentReading {
  const bot = reviewBotOf(author, body);
  const stableId = stableIdOf(body);
  const cleaned = withoutBookkeeping(body);
  // The tag line (`_⚠️ Potential issue_ | _🟠 Major_`) gives the severity; the message is the rest.
  const message = bot ? cleaned.split('\n').filter((l) => !isTagLine(l)).join('\n').trim() : cleaned;
  const lines = cleaned.split('\n');
  const severity = bot ? decorationSeverity(body) ?? labelSeverity(lines) : undefined;
  const title = shorten(bot ? botTitle(bot, lines) : firstLine(lines));
  return { ...(bot ? { bot } : {}), title, ...(severity ? { severity } : {}), ...(stableId ? { stableId } : {}), message };
}

function stableIdOf(body: string): string | undefined {
  const cr = /cr-comment:v1:([\w-]+)/.exec(body);
  if (cr) return `coderabbit:cr-comment:v1:${cr[1]}`;
  const bug = /BUGBOT_BUG_ID:\s*([\w-]+)/.exec(body);
  return bug ? `bugbot:${bug[1]}` : undefined;
}

/** Without HTML comments, analysis chains, "Additional Locations", links to fix elsewhere and reaction footers. */
function withoutBookkeeping(body: string): string {
  // Bugbot hides its severity line in a comment (`<!-- **High Severity** -->`): that one is kept as text.
  return replaceHtmlComments(body.replace(/\r\n?/g, '\n'), (inner) => /^\s*\*\*[^*\n]{1,100}\*\*\s*$/.test(inner) ? inner.trim() : '')
    .replace(/<details>\s*<summary>[^<\n]{0,100}(?:Analysis chain|Additional Locations)[^<\n]{0,100}<\/summary>[\s\S]*?<\/details>/gi, '')
    .replace(/^.*(?:Fix in Cursor|Fix in Web|Useful\? React with).*$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function labelSeverity(lines: readonly string[]): Severity | undefined {
  const first = lines.find((l) => l.trim() && !isTagLine(l));
  return first ? leadingSeverity(cleanTitle(first))?.severity ?? leadingSeverity(first)?.severity : undefined;
}

function botTitle(bot: ReviewBot, lines: readonly string[]): string {
  const text = lines.filter((l) => l.trim() && !isTagLine(l));
  if (bot === 'bugbot') {
    const heading = text.find((l) => /^#{1,6}\s+\S/.test(l));
    if (heading) return cleanTitle(heading).replace(/^Bug:\s*/i, '');
  }
  if (bot === 'coderabbit' || bot === 'codex' || bot === 'greptile') {
    const bold = text.find((l) => /\*\*[^*]+\*\*/.test(l) && !/^\s*\*\*(?:High|Medium|Low|Critical) Severity\*\*\s*$/i.test(l));
    if (bold) {
      const plain = bold.replace(/<sub>|<\/sub>|!\[[^\]\n]{0,200}\]\([^)\s]{0,400}\)/g, '');
      const inner = /\*\*((?:(?!\*\*).)+)\*\*/.exec(plain);
      // `**logic:** text` (Greptile's older form): the bold word is a label and the text is the title.
      const label = inner && /^[\w -]{1,20}:$/.test(inner[1]!.trim()) ? plain.slice(inner.index + inner[0].length) : undefined;
      if (label?.trim()) return cleanTitle(label);
      if (inner && cleanTitle(inner[1]!)) return cleanTitle(inner[1]!);
    }
  }
  const first = text.find((l) => !/^\s*(?:\*\*(?:High|Medium|Low|Critical) Severity\*\*|<a [^>\n]{0,400}>\s*<img[^>\n]{0,400}>\s*<\/a>)\s*$/i.test(l)) ?? '';
  const label = leadingSeverity(cleanTitle(first));
  return label ? cleanTitle(label.rest) : cleanTitle(first);
}

function firstLine(lines: readonly string[]): string {
  const line = lines.find((l) => l.trim() !== '') ?? '';
  return line.replace(/^\s*(?:[#>]+\s*)+/, '').trim() || 'Review comment';
}

function shorten(title: string): string {
  const clean = title || 'Review comment';
  return clean.length > TITLE_MAX ? `${clean.slice(0, TITLE_MAX - 1)}…` : clean;
}
