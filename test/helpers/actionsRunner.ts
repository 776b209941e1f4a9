/**
 * A simulated GitHub Actions runner for the Revise action: a checkout of the test remote (as
 * actions/checkout leaves it, with origin named like the GitHub repository and rewritten to the
 * local bare repository), an event payload from @octokit/webhooks-examples (altered where a test
 * needs it), and the files and variables a runner provides (GITHUB_EVENT_PATH, GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yazl from 'yazl';
import { sh } from './gitFixture';

// Webhook payloads are deep, loosely typed JSON that tests alter in place.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Payload = Record<string, any>;

/** A deep copy of the first example payload of `event` whose `filter` holds. */
export function webhookExample(event: string, filter: (p: Payload) => boolean = () => true): Payload {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const all = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Payload[] }>;
  const found = all.find((e) => e.name === event)?.examples.find(filter);
  if (!found) throw new Error(`@octokit/webhooks-examples has no ${event} example that fits`);
  return structuredClone(found);
}

export interface SimulatedRunner {
  workspace: string;
  temp: string;
  env: NodeJS.ProcessEnv;
  /** The step outputs written so far. */
  outputs(): Record<string, string>;
  summary(): string;
}

/** A runner for `fullName` (`owner/name`) whose checkout comes from the bare repository `bare`. */
export function simulatedRunner(root: string, bare: string, fullName: string, event: { name: string; payload: Payload }, apiUrl: string, inputs: Record<string, string>): SimulatedRunner {
  const workspace = join(root, 'runner', 'work', fullName.split('/')[1]!);
  const temp = join(root, 'runner', 'temp');
  mkdirSync(temp, { recursive: true });
  sh(root, ['clone', '--quiet', bare, workspace]);
  const url = `https://github.com/${fullName}.git`;
  sh(workspace, ['config', 'remote.origin.url', url]);
  sh(workspace, ['config', `url.file://${bare}.insteadOf`, url]);
  const eventPath = join(temp, '..', 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: fullName,
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_ACTOR: 'octocat',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: temp,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  return {
    workspace,
    temp,
    env,
    outputs: () => parseOutputs(readFileSync(outputFile, 'utf8')),
    summary: () => readFileSync(summaryFile, 'utf8'),
  };
}

/** Parse a GITHUB_OUTPUT file (`name<<DELIM` … `DELIM` and `name=value` lines), as the runner does. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return out;
}

/** Zip a folder as actions/upload-artifact does (paths relative to it). */
export function zipFolder(dir: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const add = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const path = join(dir, rel, name);
      const entry = rel ? `${rel}/${name}` : name;
      if (statSync(path).isDirectory()) add(entry);
      else zip.addFile(path, entry);
    }
  };
  add('');
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
