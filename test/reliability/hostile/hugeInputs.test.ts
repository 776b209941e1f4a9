import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_FEEDBACK_CHARS, MAX_PROMPT_FINDINGS } from '../../../src/core/prompt/composePrompt';
import type { Run } from '../../../src/core/model';
import { Engine } from '../../../src/engine';
import { useEngineFixture } from '../../helpers/engineFixture';
import type { RemoteFixture } from '../../helpers/gitFixture';
import { makeTempDir } from '../../helpers/tempDir';
import { recordScenario } from '../report';

const MB = 1024 * 1024;

/** Seconds since `t0`, for the report only (nothing asserts on time). */
function since(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(1);
}

describe('reliability: huge inputs', function () {
  this.timeout(240_000);
  let fx: RemoteFixture;
  let engine: Engine;
  useEngineFixture((made) => ({ fx, engine } = made));

  it('a 10 MB review, 50,000 findings and a 1 MB feedback are taken, the store loads, the prompt stays bounded, nothing is lost (times reported, not asserted)', async () => {
    const times: string[] = [];
    const dir = makeTempDir('revise-huge-');
    const run: Run = await engine.start({ priorBranch: fx.priorBranch });

    // 10 MB markdown review: 400 findings, each with a long body.
    const body = 'The reviewer explains at length. '.repeat(800);
    const review = Array.from({ length: 400 }, (_, i) => `**B${i + 1}.** problem number ${i + 1}\n\nshared.txt:2\n\n${body}\n`).join('\n');
    assert.ok(review.length >= 10 * MB, `${review.length}`);
    writeFileSync(join(dir, 'review.md'), review);
    let t0 = performance.now();
    const md = await engine.importReview(run.id, { file: join(dir, 'review.md') });
    times.push(`10 MB review ${since(t0)} s`);
    assert.equal(md.added.length, 400);

    // 50,000 findings (JSON), imported, then imported again with every message changed (an update, not a duplicate).
    const entries = (suffix: string) => Array.from({ length: 50_000 }, (_, i) => ({ id: `X${i + 1}`, externalId: `ext-${i}`, severity: i % 3 === 0 ? 'blocking' : 'nit', message: `finding ${i} ${suffix}`, file: 'shared.txt', line: 1 + (i % 3) }));
    writeFileSync(join(dir, 'many.json'), JSON.stringify({ version: 1, findings: entries('first') }));
    t0 = performance.now();
    const many = await engine.importReview(run.id, { file: join(dir, 'many.json') });
    times.push(`50,000 findings ${since(t0)} s`);
    assert.equal(many.added.length, 50_000);
    writeFileSync(join(dir, 'many.json'), JSON.stringify({ version: 1, findings: entries('second') }));
    t0 = performance.now();
    const again = await engine.importReview(run.id, { file: join(dir, 'many.json') });
    times.push(`re-import ${since(t0)} s`);
    assert.equal(again.added.length, 0, 'a re-import never duplicates');
    assert.equal(again.updated.length, 50_000);

    // 1 MB feedback on request-changes.
    const feedback = `${'Please fix everything. '.repeat(Math.ceil(MB / 23))}END-OF-FEEDBACK`;
    t0 = performance.now();
    const decided = await engine.decide(run.id, { decisionId: (await engine.get(run.id)).pendingDecision!.id, option: 'request-changes', feedback });
    times.push(`1 MB feedback ${since(t0)} s`);
    assert.equal(decided.run.rounds.at(-1)?.feedback, feedback, 'the feedback is kept whole in the run');

    // The store loads in a fresh engine, with every finding.
    t0 = performance.now();
    const fresh = await Engine.open(fx.user);
    const loaded = await fresh.get(run.id);
    fresh.dispose();
    times.push(`load ${since(t0)} s`);
    assert.equal(loaded.findings.length, 50_400);
    assert.ok(loaded.findings.every((f) => !f.message.includes('first')), 'the update reached every finding');

    // The prompt is bounded: feedback cut with a note, and findings beyond the cap listed by count.
    t0 = performance.now();
    const prompt = await engine.prompt(run.id);
    times.push(`prompt ${since(t0)} s (${(prompt.length / MB).toFixed(1)} MB)`);
    assert.ok(!prompt.includes('END-OF-FEEDBACK'));
    assert.match(prompt, new RegExp(`feedback cut at ${MAX_FEEDBACK_CHARS} of \\d+ characters`));
    assert.ok(prompt.length < 4 * MB, `prompt is ${prompt.length} characters`);
    assert.match(prompt, new RegExp(`\\(${50_400 - MAX_PROMPT_FINDINGS} more findings of this round are not written out here; all 50400 are in`));
    assert.match(prompt, /\(cut at 4000 of \d+ characters\)/, 'a 26 KB finding message is cut with a note');

    recordScenario({
      scenario: 'huge inputs: 10 MB review, 50,000 findings, 1 MB feedback',
      trials: 4,
      commitsChecked: 0,
      lost: 0,
      outcome: `all accepted: 400 findings from the 10 MB review, 50,000 imported then updated in place (no duplicate), 1 MB feedback kept whole in run.json and cut at ${MAX_FEEDBACK_CHARS} characters in the prompt with a note; the store loads all 50,400; prompt ${(prompt.length / MB).toFixed(1)} MB (${times.join(', ')})`,
    });
  });
});
