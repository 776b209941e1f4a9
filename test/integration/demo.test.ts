import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isolateGitEnv } from '../helpers/gitFixture';
import { cleanupTempDirs, makeTempDir } from '../helpers/tempDir';

const root = resolve(__dirname, '..', '..');
const demoScript = join(root, 'scripts', 'demo.mjs');

interface DemoResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/demo.mjs ...args` with its temp folders under `tmp`. */
function runDemo(args: string[], tmp: string): Promise<DemoResult> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [demoScript, ...args], { cwd: root, env: { ...process.env, TMPDIR: tmp }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('npm run demo -- --headless', function () {
  this.timeout(180_000);
  let restoreEnv: () => void;

  before(() => {
    restoreEnv = isolateGitEnv();
  });
  after(() => {
    restoreEnv();
    cleanupTempDirs();
  });

  it('runs the whole loop through the CLI, answers every finding and pushes the approved tip to the demo remote', async () => {
    const tmp = makeTempDir('revise-demo-test-');
    const { code, stdout, stderr } = await runDemo(['--headless'], tmp);
    assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
    const summary = stdout.slice(stdout.lastIndexOf('Summary'));
    assert.match(summary, /run:\s+\S+ — approved/);
    assert.match(summary, /rounds:\s+#0 \S+ \S+, #1 \S+ succeeded/);
    assert.match(summary, /remote tip:\s+agent\/fix-invoice-total = [0-9a-f]{12} \(matches the run\)/);
    assert.doesNotMatch(summary, /\(no answer\)/);
    assert.match(stdout, /DEMO AGENT/);
  });

  it('refuses a malformed --port before building or creating anything', async () => {
    const tmp = makeTempDir('revise-demo-test-');
    const { code, stderr } = await runDemo(['--port', 'eighty'], tmp);
    assert.equal(code, 2);
    assert.match(stderr, /--port expects a port number/);
    assert.deepEqual(readdirSync(tmp), []);
  });
});
