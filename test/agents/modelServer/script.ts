/**
 * What the scripted model answers, turn by turn. Each model request that carries the agent's tools (a
 * turn of the conversation) takes the next step; requests without tools (titles, quota probes) get a
 * short side answer and take no step. A fault marked `sticky` answers every later turn too.
 */

export interface Usage {
  input: number;
  output: number;
  /** Input tokens read from the prompt cache. */
  cacheRead: number;
  /** Input tokens written to the prompt cache (Anthropic only). */
  cacheWrite: number;
}

export type Fault =
  /** 401 with the provider's invalid-key error. */
  | 'unauthorized'
  /** 500 internal server error. */
  | 'server-error'
  /** 529 overloaded (Anthropic) / 503 (OpenAI). */
  | 'overloaded'
  /** The response starts (200, SSE headers) and then stops in the middle of the stream. */
  | 'cut-stream'
  /** The request is accepted and never answered: no byte comes back. */
  | 'hang';

/**
 * One answer. A tool call's input may be a function that builds it from the request's text (the whole
 * JSON body), so a step can use a path the prompt names, as a model would.
 */
export type Step =
  | { text: string; usage?: Partial<Usage> }
  | { tool: string; input: unknown; usage?: Partial<Usage> }
  | { fault: Fault; sticky?: boolean };

/** A step whose tool input is resolved against the request that takes it. */
export type ResolvedStep = Exclude<Step, { tool: string }> | { tool: string; input: unknown; usage?: Partial<Usage> };

export const DEFAULT_USAGE: Usage = { input: 1200, output: 40, cacheRead: 800, cacheWrite: 300 };

export class Script {
  private readonly steps: Step[];
  private stuck: Step | undefined;
  /** Steps taken, in order, with the request that took each. */
  readonly taken: { step: ResolvedStep; body: unknown }[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  constructor(steps: Step[]) {
    this.steps = [...steps];
  }

  /** The step that answers this turn. A script that ran out answers with a clear text reply. */
  next(body: unknown): ResolvedStep {
    const step = this.stuck ?? this.steps.shift() ?? { text: 'The scripted model has no more steps.' };
    if ('fault' in step && step.sticky) this.stuck = step;
    const resolved: ResolvedStep = 'tool' in step && typeof step.input === 'function' ? { ...step, input: (step.input as (r: string) => unknown)(JSON.stringify(body)) } : step;
    this.taken.push({ step: resolved, body });
    for (const waiter of this.waiters.filter((w) => this.taken.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    return resolved;
  }

  /** Resolves once `count` steps have been taken (e.g. to cancel while the agent waits on a hung turn). */
  whenTaken(count: number): Promise<void> {
    if (this.taken.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Script more turns (e.g. the next round's). */
  add(steps: Step[]): void {
    this.steps.push(...steps);
  }

  /** Steps not taken yet. */
  get remaining(): number {
    return this.steps.length;
  }
}

export function usageOf(step: ResolvedStep): Usage {
  return { ...DEFAULT_USAGE, ...('usage' in step ? step.usage : {}) };
}

let counter = 0;
/** A fresh id with the provider's prefix. */
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}
