import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../../src/cli/main';
import { ReviseError } from '../../../src/core/errors';
import type { Run } from '../../../src/core/model';
import type { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';
import { storeOf } from '../../../src/engine/testSeam';

const MARK = 'OUTSIDE-THE-WORKTREE-7f3a9c';

/** Every way a review can point outside the worktree, relative to a worktree at `wt` and a secret file at `secret`. */
function hostilePaths(wt: string, secret: string): Record<string, string> {
  const up = relative(wt, secret);
  return {
    'absolute path outside': secret,
    'absolute path inside the worktree': join(wt, 'shared.txt'),
    '.. escape': up,
    '.. escape after a folder': `src/../${up}`,
    './.. escape': `./${up}`,
    'backslash .. escape': up.replaceAll('/', '\\'),
    'Windows drive path': 'C:/Windows/win.ini',
    'UNC path': '//server/share/secret.txt',
    'symlinked file': 'innocent.ts',
    'file under a symlinked folder': 'vendor/secret.txt',
    'symlink chain': 'chain.ts',
  };
}

describe('reliability: finding paths outside the worktree', function () {
  this.timeout(120_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('no importer, manual finding or CLI call quotes a file outside the worktree in the prompt or the store', async () => {
    const outside = makeTempDir('revise-outside-');
    const secret = join(outside, 'secret.txt');
    writeFileSync(secret, Array.from({ length: 20 }, (_, i) => `${MARK} line ${i + 1}`).join('\n'));
    let run: Run = await engine.start({ priorBranch: fx.priorBranch });
    const wt = run.worktree;
    symlinkSync(secret, join(wt, 'innocent.ts'));
    symlinkSync(outside, join(wt, 'vendor'));
    symlinkSync(join(wt, 'innocent.ts'), join(wt, 'chain.ts'));
    const paths = hostilePaths(wt, secret);
    let trials = 0;

    // Importers: every hostile location is dropped (the finding stays, with a warning); the inside control keeps its place.
    const reviews = makeTempDir('revise-reviews-');
    const entries = [...Object.entries(paths), ['inside control', 'shared.txt'] as const];
    const json = { version: 1, findings: entries.map(([family, file], i) => ({ id: `J${i + 1}`, severity: 'blocking', message: `json ${family}`, file, line: 2 })) };
    const sarif = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'hostile' } }, results: entries.map(([family, file]) => ({ ruleId: 'r', level: 'error', message: { text: `sarif ${family}` }, locations: [{ physicalLocation: { artifactLocation: { uri: file }, region: { startLine: 2 } } }] })) }],
    };
    const markdown = entries.map(([family, file], i) => `**B${i + 1}.** markdown ${family}\n\n${file}:2-4\n`).join('\n');
    writeFileSync(join(reviews, 'review.json'), JSON.stringify(json));
    writeFileSync(join(reviews, 'review.sarif'), JSON.stringify(sarif));
    writeFileSync(join(reviews, 'review.md'), markdown);
    for (const name of ['review.json', 'review.sarif', 'review.md']) {
      const summary = await engine.importReview(run.id, { file: join(reviews, name) });
      trials += entries.length;
      assert.ok(summary.added.length > 0, name);
    }
    run = await engine.get(run.id);
    for (const f of run.findings) {
      const family = /(?:json|sarif|markdown) (.*)$/.exec(f.message.split('\n')[0]!)?.[1];
      if (family === 'inside control') assert.equal(f.file, 'shared.txt', `${f.id} ${f.message}`);
      // Tools report absolute paths; one inside the worktree is mapped to its relative form.
      else if (family === 'absolute path inside the worktree') assert.ok(f.file === undefined || f.file === 'shared.txt', `${f.id} ${f.file ?? ''}`);
      else if (f.file !== undefined) assert.fail(`${f.id} (${family ?? f.message}) kept the location ${f.file}`);
    }
    assert.ok(run.findings.filter((f) => /outside the worktree|absolute paths/.test((f.warnings ?? []).join(' '))).length >= 10, 'refusals are explained in warnings');

    // Manual findings (engine and CLI): refused with bad-input, naming the reason.
    for (const [family, file] of Object.entries(paths)) {
      await assert.rejects(
        () => engine.addFinding(run.id, { file, line: 2, severity: 'blocking', message: `manual ${family}` }),
        (e: unknown) => e instanceof ReviseError && e.code === 'bad-input' && /inside the worktree/.test(e.message),
        family,
      );
      let said = '';
      const io = { stdout: (t: string) => void (said += t), stderr: (t: string) => void (said += t), isTTY: false, env: process.env };
      const code = await main(['findings', 'add', '--run', run.id, `--file=${file}`, '--line', '2', '--severity', 'blocking', '--message', `cli ${family}`, '--repo', fx.user, '--json'], io);
      assert.equal(code, 2, `${family}: ${said}`);
      assert.equal((JSON.parse(said) as { error: { code: string } }).error.code, 'bad-input');
      trials += 2;
    }
    const control = await engine.addFinding(run.id, { file: './shared.txt', line: 2, severity: 'nit', message: 'manual inside control' });
    assert.equal(control.finding.file, 'shared.txt');
    assert.equal(control.finding.anchor?.text, 'two');

    // A file that was inside when the finding was made and is a symlink out by the time the prompt is composed.
    mkdirSync(join(wt, 'src'), { recursive: true });
    writeFileSync(join(wt, 'src', 'victim.ts'), 'a\nb\nc\n');
    await engine.addFinding(run.id, { file: 'src/victim.ts', line: 2, severity: 'blocking', message: 'later swapped for a symlink' });
    rmSync(join(wt, 'src', 'victim.ts'));
    symlinkSync(secret, join(wt, 'src', 'victim.ts'));
    trials++;

    const prompt = await engine.prompt(run.id);
    assert.ok(!prompt.includes(MARK), 'the prompt quotes nothing from outside the worktree');
    assert.match(prompt, /shared\.txt:2/, 'the inside control is in the prompt');
    assert.match(prompt, /\d {2}two/, 'and its excerpt is quoted');
    const stored = readFileSync(join(storeOf(engine).runDir(run.id), 'run.json'), 'utf8');
    assert.ok(!stored.includes(MARK), 'the store holds nothing read from outside the worktree');

    recordScenario({
      scenario: 'finding paths outside the worktree',
      trials,
      commitsChecked: 0,
      lost: 0,
      outcome: `${Object.keys(paths).length} path shapes (absolute, .., backslash, drive/UNC, symlinked file, folder and chain) through JSON, SARIF and markdown import (location dropped with a warning, finding kept), engine and CLI \`findings add\` (bad-input, exit 2), and a file swapped for a symlink after its finding: nothing from outside in the prompt or run.json`,
    });
  });
});
