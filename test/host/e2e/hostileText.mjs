/* global document, window */
// Reads the decision panel of a run full of hostile text while the host suite "Reliability: hostile
// text in the decision panel" runs (HOST_TEST_SUITE=reliability). The suite writes the strings the
// panel must show literally; this hook checks the page's DOM and writes what it found for the suite.
import { existsSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LONG = 120_000;

/** Resolves once `file` exists (now or after a change in its folder). */
function fileAppears(file) {
  if (existsSync(file)) return Promise.resolve();
  return new Promise((done) => {
    const watcher = watch(join(file, '..'), () => {
      if (!existsSync(file)) return;
      watcher.close();
      done();
    });
    if (existsSync(file)) {
      watcher.close();
      done();
    }
  });
}

/** Elements and attributes only a payload could have made, described; and the literals not shown. */
function inspect(literals) {
  const describe = (e) => `<${e.tagName.toLowerCase()}${[...e.attributes].map((a) => ` ${a.name}="${a.value}"`).join('')}>`;
  const suspicious = [
    ...document.querySelectorAll('img, iframe, svg, marquee, object, embed, form, textarea:not(#feedback), a[href^="javascript:" i], [src^="javascript:" i]'),
    ...[...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))),
    // VS Code's webview host adds a script of its own beside the panel's: only a payload mentions "pwned".
    ...[...document.scripts].filter((e) => /pwned/.test(e.outerHTML)),
  ];
  const text = document.body.textContent ?? '';
  return {
    injected: [...new Set(suspicious)].map(describe),
    missing: literals.filter((l) => !text.includes(l)),
    pwned: window.__pwned ?? null,
    title: document.title,
    scripts: document.scripts.length,
  };
}

/** Writes `value` as JSON to `file` in one step: the reader waits for the file, so it must never see it half written. */
function publish(file, value) {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

export default async function hostileText({ page, findFrameWith, log, screenshot, workspace }) {
  const resultFile = join(workspace, '.git', 'revise-hostile-result.json');
  const cspReports = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) cspReports.push(m.text());
  });
  try {
    const expectFile = join(workspace, '.git', 'revise-hostile-expect.json');
    await fileAppears(expectFile);
    const { runId, literals, aborted } = JSON.parse(readFileSync(expectFile, 'utf8'));
    if (aborted) throw new Error('the suite failed before the panel was ready');
    const frame = await findFrameWith(`#app[data-run-id="${runId}"][data-status="awaiting-decision"] details.round-changes`, { timeoutMs: LONG });
    // The findings table and the round's files are drawn from the same state message as the details.
    await frame.waitForSelector('input[data-finding="B1"]', { timeout: LONG });
    // Open every round summary so nothing hostile hides in a closed <details>.
    await frame.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const found = await frame.evaluate(inspect, literals);
    const topPwned = await page.evaluate(() => window.__pwned ?? null);
    log(`e2e: hostile panel: ${found.injected.length} injected, ${found.missing.length} missing, pwned=${found.pwned}, top pwned=${topPwned}, ${cspReports.length} CSP report(s)`);
    await screenshot('hostile-text-panel');
    const result = { ok: true, ...found, pwned: found.pwned ?? topPwned, expectedTitle: `Revise: ${runId}`, cspReports };
    publish(resultFile, result);
  } catch (error) {
    publish(resultFile, { ok: false, error: String(error?.stack ?? error), injected: [], missing: [], pwned: null, title: '', expectedTitle: '', cspReports });
    throw error;
  }
}
