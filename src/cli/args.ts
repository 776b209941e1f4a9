/** Argument parsing for the `revise` CLI on top of `node:util` parseArgs (strict: unknown flags are usage errors). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors';
import { didYouMean } from './suggest';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command takes, and what each does (for `--help`). */
export const commonHelp: Record<keyof typeof commonOptions, string> = {
  repo: 'DIR: the repository (or any folder inside it); default: the current directory',
  json: 'print one JSON document on stdout (see "JSON output" in `revise --help`)',
  help: 'show this help',
};

/** Flags every command takes. */
export const commonOptions = {
  repo: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Parse `argv` of `revise <command>` against its options (and the common ones). Node's parser
 * errors are replaced by the CLI's own: which option, what is wrong, the closest known option.
 */
export function parse(argv: string[], options: Options, command: string): Parsed {
  const all = { ...commonOptions, ...options };
  try {
    const { values, positionals } = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
    return { values, positionals };
  } catch (error) {
    throw usageError(error as Error & { code?: string }, Object.keys(all), command);
  }
}

function usageError(error: Error & { code?: string }, known: string[], command: string): InputError {
  const help = `Run \`revise ${command} --help\` for its options.`;
  const token = /'(-[^' ]*)/.exec(error.message)?.[1] ?? '';
  const name = token.replace(/^-+/, '').replace(/=.*$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new InputError('usage', `Unknown option ${token.replace(/=.*$/, '')} for \`revise ${command}\`.${didYouMean(name, known, (k) => `--${k}`)} ${help}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(error.message)) return new InputError('usage', `--${name} needs a value: --${name} <value>. ${help}`);
      if (/ambiguous/.test(error.message)) return new InputError('usage', `--${name} is followed by an option-like word; a value starting with "-" must be written --${name}=<value>. ${help}`);
      return new InputError('usage', `--${name} takes no value. ${help}`);
    case undefined:
    default:
      return new InputError('usage', `${error.message.replace(/^TypeError \[[A-Z_]+\]: /, '')} ${help}`);
  }
}

export function str(values: Parsed['values'], name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function required(values: Parsed['values'], name: string): string {
  const value = str(values, name);
  if (value === undefined || value === '') throw new InputError('usage', `--${name} is required.`);
  return value;
}

/** A whole number flag, refused with a clear message when malformed. */
export function int(values: Parsed['values'], name: string, opts: { min?: number } = {}): number | undefined {
  const raw = str(values, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new InputError('bad-input', `--${name} must be a whole number (got "${raw}").`);
  if (opts.min !== undefined && n < opts.min) throw new InputError('bad-input', `--${name} must be ≥ ${opts.min} (got ${n}).`);
  return n;
}

export function oneOf<T extends string>(values: Parsed['values'], name: string, allowed: readonly T[]): T | undefined {
  const raw = str(values, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) throw new InputError('bad-input', `--${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
  return raw as T;
}

/**
 * Split an argv template given as one string (`--agent-command "my-agent --prompt {promptFile}"`).
 * Quotes group words; no shell is ever involved, so `;`, `$()` and pipes are plain characters.
 */
export function splitArgv(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) out.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (quote) throw new InputError('bad-input', `Unterminated ${quote} quote in "${text}".`);
  if (started) out.push(current);
  return out;
}
