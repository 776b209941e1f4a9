/**
 * `revise` — the engine's headless face. Every command takes --repo DIR and --json; errors are
 * `{"error":{"code","message"}}` with exit codes 1 usage, 2 refused input, 3 git/network, 4 agent,
 * 5 state, 6 agent timed out, 7 round cancelled (DESIGN.md, Command line).
 */
import { ExitCode, ReviseError, toReviseError } from '../core/errors';
import { parse } from './args';
import { CommandOutcome, commands, printHuman, type CommandContext } from './commands';

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
    'Run `revise <command> --help` for its options. Exit codes: 0 ok, 1 usage, 2 refused input, 3 git or network, 4 agent failed, 5 run state, 6 agent timed out, 7 round cancelled.',
  ].join('\n');
}

/** Run the CLI; returns the exit code (the caller exits). */
export async function main(argv: string[], io: Pick<CommandContext, 'stdout' | 'stderr' | 'isTTY' | 'env'>): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
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
    if (!command) throw new ReviseError('unknown-command', `Unknown command "${name}". Run \`revise --help\` for the list.`);
    const parsed = parse(rest, command.options);
    if (parsed.values.help) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n\nCommon options: --repo DIR (default: current directory), --json (one JSON document on stdout)\n`);
      return ExitCode.ok;
    }
    const result = await command.run(parsed, { ...io, argv: rest, json });
    const doc = result instanceof CommandOutcome ? result.doc : result;
    io.stdout(json ? JSON.stringify(doc) + '\n' : printHuman(doc) + '\n');
    return result instanceof CommandOutcome ? result.exitCode : ExitCode.ok;
  } catch (caught) {
    const error = toReviseError(caught, 'internal-error');
    if (json) io.stdout(JSON.stringify({ error: error.toJSON() }) + '\n');
    else io.stderr(`revise: ${error.message} [${error.code}]\n`);
    return error.exitCode;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
