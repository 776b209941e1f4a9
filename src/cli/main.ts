/**
 * `revise` — the engine's headless face (docs/cli.md). Every command takes --repo DIR and --json;
 * with --json it prints one envelope (envelope.ts), errors included: `{"ok":false,"error":{…}}`,
 * with exit codes 1 usage, 2 refused input, 3 git/network, 4 agent, 5 run state.
 */
import { ExitCode, InputError, ReviseError, toReviseError } from '../core/errors';
import { commonHelp, parse, type Parsed } from './args';
import { errorEnvelope, successEnvelope } from './envelope';
import { hintFor } from './hints';
import { commands, printHuman, type Command, type CommandContext } from './commands';
import { didYouMean } from './suggest';

const VERSION = '0.1.0';

function help(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return [
    'revise — review-feedback revision runs for coding agents',
    '',
    'Usage: revise <command> [options]   (every command takes --repo DIR and --json)',
    '',
    'Commands:',
    ...rows,
    '',
    'Run `revise <command> --help` for its options.',
    'JSON output (--json): one document, {"ok":true,"run":…,"runs":[…],"result":{…}} or {"ok":false,"error":{"code","message","hint"}}.',
    'Exit codes: 0 ok, 1 usage, 2 refused input, 3 git or network, 4 agent failed, 5 run state, 6 agent timed out, 7 round cancelled; `revise autopilot` also 8 budget, 9 handed over for a judgement, 10 pull request merged, closed or pushed to.',
  ].join('\n');
}

/** `--name VALUE   what it does`, from a help text `VALUE: what it does` (or just `what it does`). */
function optionRow(name: string, text: string, short?: string): string {
  const match = /^([^\s:]+): (.*)$/s.exec(text);
  const flag = `${short ? `-${short}, ` : ''}--${name}${match ? ` ${match[1]}` : ''}`;
  return `  ${flag.padEnd(26)}  ${match ? match[2] : text}`;
}

/** `revise <name> --help`: the summary, the usage lines and every option with what it does. */
export function commandHelp(name: string, command: Command): string {
  const own = Object.keys(command.options).map((option) => optionRow(option, command.help[option] ?? ''));
  return [
    `revise ${name} — ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    ...(command.positionals && !command.positionals.free ? [`${command.positionals.name}: ${command.positionals.values.join(', ')}`, ''] : []),
    'Options:',
    ...own,
    '',
    'Common options:',
    ...Object.entries(commonHelp).map(([option, text]) => optionRow(option, text, option === 'help' ? 'h' : undefined)),
  ].join('\n');
}

/** Refuse positional arguments a command does not take, naming the closest word it does take. */
function checkPositionals(name: string, command: Command, parsed: Parsed): void {
  const [first, ...extra] = parsed.positionals;
  const spec = command.positionals;
  if (first === undefined) return;
  if (!spec) throw new InputError('usage', `\`revise ${name}\` takes no argument "${first}". Run \`revise ${name} --help\` for its options.`);
  if (extra.length > 0 && !spec.variadic?.includes(first)) throw new InputError('usage', `\`revise ${name}\` takes one ${spec.name}, got also "${extra.join(' ')}". Quote a value with spaces.`);
  if (!spec.free && !spec.values.includes(first)) {
    const code = name === 'decide' ? 'option-not-offered' : 'usage';
    throw new ReviseError(code, `"${first}" is not a ${spec.name} of \`revise ${name}\`; use one of ${spec.values.join(', ')}.${didYouMean(first, spec.values, (k) => `"${k}"`)}`);
  }
}

/** Run the CLI; returns the exit code (the caller exits). */
export async function main(argv: string[], io: Pick<CommandContext, 'stdout' | 'stderr' | 'isTTY' | 'env'>): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const asked = name === 'help' && rest[0] ? commands[rest[0]] : undefined;
  if (asked) {
    io.stdout(commandHelp(rest[0]!, asked) + '\n');
    return ExitCode.ok;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help() + '\n');
    return name ? ExitCode.ok : ExitCode.usage;
  }
  if (name === '--version') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const command = commands[name];
  try {
    if (!command) throw new ReviseError('unknown-command', `Unknown command "${name}".${didYouMean(name, Object.keys(commands), (k) => `\`revise ${k}\``)} Run \`revise --help\` for the list.`);
    const parsed = parse(rest, command.options, name);
    if (parsed.values.help) {
      io.stdout(commandHelp(name, command) + '\n');
      return ExitCode.ok;
    }
    checkPositionals(name, command, parsed);
    const report = await command.run(parsed, { ...io, argv: rest, json });
    io.stdout(json ? JSON.stringify(successEnvelope(report)) + '\n' : (report.text ?? [printHuman(report)]).join('\n') + '\n');
    return report.exitCode ?? ExitCode.ok;
  } catch (caught) {
    const error = toReviseError(caught, 'internal-error');
    const hint = hintFor(error, runIdOf(rest));
    if (json) io.stdout(JSON.stringify(errorEnvelope(error, hint)) + '\n');
    else io.stderr(`revise: ${error.message} [${error.code}]\n${hint ? `hint: ${hint}\n` : ''}`);
    return error.exitCode;
  }
}

/** The value of `--run` in `argv`, if given. */
function runIdOf(argv: string[]): string | undefined {
  const at = argv.findIndex((a) => a === '--run' || a.startsWith('--run='));
  if (at < 0) return undefined;
  return argv[at]!.startsWith('--run=') ? argv[at]!.slice('--run='.length) : argv[at + 1];
}

/**
 * Run the CLI on this process's arguments and streams, setting its exit code. A command that ends
 * with its output (`endsWithOutput`) ends the process once that is written, after `beforeExit`
 * (the launcher writes its code cache then); any other exits when the event loop is empty.
 */
export function runAsProcess(beforeExit: () => void = () => undefined): void {
  const argv = process.argv.slice(2);
  const writes: Array<Promise<void>> = [];
  const write = (stream: NodeJS.WriteStream, text: string): void => {
    writes.push(new Promise((done) => stream.write(text, () => done())));
  };
  main(argv, {
    stdout: (t) => write(process.stdout, t),
    stderr: (t) => write(process.stderr, t),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  }).then(
    async (code) => {
      process.exitCode = code;
      if (!commands[argv[0] ?? '']?.endsWithOutput) return;
      await Promise.all(writes);
      beforeExit();
      process.exit();
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}

// Run directly (`tsx src/cli/main.ts`); the built `revise` starts through launch.ts.
if (require.main === module) runAsProcess();
