/**
 * The configured reviewer agents (`revise.reviewerAgents`, machine-scoped): which presets review
 * each round, and whether each one blocks. Read leniently from a settings value of any shape: an
 * entry that is not a usable reviewer is left out and said in `problems`, never guessed at.
 * Zod-free, so the extension's entry bundle can use it.
 */

/** The presets that have a read-only review mode (src/agent/presets/review.ts). */
export const REVIEWER_PRESET_NAMES = ['claude', 'codex', 'gemini', 'qwen', 'opencode'] as const;

export interface ReviewerAgentSetting {
  preset: (typeof REVIEWER_PRESET_NAMES)[number];
  /** `blocking` (default): its verdict and findings may drive rounds; `advisory`: they never block. */
  mode: 'blocking' | 'advisory';
  executable?: string;
}

export function readReviewerAgents(value: unknown): { reviewers: ReviewerAgentSetting[]; problems: string[] } {
  const reviewers: ReviewerAgentSetting[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { reviewers, problems };
  if (!Array.isArray(value)) return { reviewers, problems: ['revise.reviewerAgents must be a list of { "preset", "mode" } entries.'] };
  value.forEach((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const preset = e.preset;
    if (typeof preset !== 'string' || !(REVIEWER_PRESET_NAMES as readonly string[]).includes(preset)) {
      problems.push(`revise.reviewerAgents[${i}]: "preset" must be one of ${REVIEWER_PRESET_NAMES.join(', ')}; this entry is ignored.`);
      return;
    }
    const mode = e.mode ?? 'blocking';
    if (mode !== 'blocking' && mode !== 'advisory') {
      problems.push(`revise.reviewerAgents[${i}]: "mode" must be "blocking" or "advisory"; this entry is ignored.`);
      return;
    }
    const executable = typeof e.executable === 'string' && e.executable.trim() !== '' ? e.executable : undefined;
    reviewers.push({ preset: preset as ReviewerAgentSetting['preset'], mode, ...(executable ? { executable } : {}) });
  });
  return { reviewers, problems };
}
