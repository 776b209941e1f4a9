#!/usr/bin/env node
// ┌──────────────────────────────────────────────────────────────────────────────────────────┐
// │ DEMO AGENT — not an AI. It exists so `npm run demo` can show a whole revision loop with no │
// │ LLM and no account. It reads the round's findings ($REVISE_FINDINGS_FILE), applies fixed, │
// │ deterministic edits for the demo repository's known flaws, prints a plausible log, and     │
// │ answers every finding in $REVISE_DISPOSITIONS_FILE. Configure a real agent for real work.  │
// └──────────────────────────────────────────────────────────────────────────────────────────┘
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const cwd = process.cwd();
const say = (text) => process.stdout.write(`[demo-agent] ${text}\n`);

/** Known fixes: a finding is matched by its file and by text still present in that file. */
const fixes = [
  {
    file: 'src/invoice.js',
    find: 'const quantity = Number(parts[1]);',
    replace: "const quantity = parts[1] === undefined || parts[1].trim() === '' ? 1 : Number(parts[1]);\n  if (!Number.isFinite(quantity) || quantity < 0) throw new Error(`Bad quantity in line: ${line}`);",
    note: 'a missing quantity now means 1, and a malformed one is rejected with the offending line',
  },
  {
    file: 'src/invoice.js',
    find: 'sum += line.price * line.quantity * (1 - line.discount);',
    replace: 'sumCents += Math.round(line.price * 100) * line.quantity * (1 - line.discount);',
    extra: [
      ['let sum = 0;', 'let sumCents = 0;'],
      ['return sum * (1 + 0.2);', 'return Math.round(sumCents * (1 + TAX_RATE)) / 100;'],
    ],
    note: 'totals are summed in cents and rounded once, at the end',
  },
  {
    file: 'src/invoice.js',
    find: 'return sum * (1 + 0.2);',
    replace: 'return sum * (1 + TAX_RATE);',
    note: 'the tax rate is the named constant TAX_RATE',
  },
  {
    file: 'src/format.js',
    find: 'reciept',
    replace: 'receipt',
    all: true,
    note: 'typo fixed',
  },
];

const taxConstant = "const TAX_RATE = 0.2; // VAT, see docs/tax.md\n";

function applyFix(fix) {
  const path = join(cwd, fix.file);
  if (!existsSync(path)) return false;
  let text = readFileSync(path, 'utf8');
  if (!text.includes(fix.find)) return false;
  text = fix.all ? text.split(fix.find).join(fix.replace) : text.replace(fix.find, fix.replace);
  for (const [a, b] of fix.extra ?? []) text = text.replace(a, b);
  if (text.includes('TAX_RATE') && !text.includes('const TAX_RATE')) text = text.replace("'use strict';\n", `'use strict';\n\n${taxConstant}`);
  writeFileSync(path, text);
  return true;
}

function addDiscountTest() {
  const path = join(cwd, 'test', 'discount.test.js');
  if (existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(
    path,
    [
      "'use strict';",
      "const test = require('node:test');",
      "const assert = require('node:assert');",
      "const { parseLine, total } = require('../src/invoice');",
      '',
      "test('a discounted line is charged its discounted price plus tax', () => {",
      "  assert.strictEqual(total([parseLine('widget,3,9.99,0.1')]), 32.37);",
      '});',
      '',
      "test('a line without a quantity counts once', () => {",
      "  assert.strictEqual(parseLine('widget,,2.50,0').quantity, 1);",
      '});',
      '',
    ].join('\n'),
  );
  return true;
}

const findings = JSON.parse(readFileSync(process.env.REVISE_FINDINGS_FILE ?? 'findings.json', 'utf8'));
say(`round ${process.env.REVISE_ROUND} of ${process.env.REVISE_MAX_ROUNDS} in ${cwd}`);
say(`reading the prompt at ${process.env.REVISE_PROMPT_FILE}`);
if (process.env.REVISE_PREVIOUS_LOG) say(`the previous round's log is at ${process.env.REVISE_PREVIOUS_LOG}`);
say(`${findings.length} finding(s) to answer`);

const dispositions = {};
for (const finding of findings) {
  say(`looking at ${finding.id} (${finding.severity}) ${finding.file ?? ''}${finding.line ? `:${finding.line}` : ''} — ${finding.title}`);
  const text = `${finding.title}\n${finding.message}`.toLowerCase();
  let done;
  if (/test/.test(text) && /discount/.test(text)) {
    done = addDiscountTest() ? 'added test/discount.test.js covering discounted lines and a missing quantity' : undefined;
  } else {
    const candidates = fixes.filter((f) => !finding.file || f.file === finding.file);
    const keyed = candidates.find((f) => text.includes('quantity') ? f.find.includes('quantity') : text.includes('cent') || text.includes('float') || text.includes('round') ? f.find.includes('sum +=') : text.includes('magic') || text.includes('constant') ? f.find.includes('0.2') : text.includes('typo') || text.includes('spell') ? f.find === 'reciept' : false);
    if (keyed && applyFix(keyed)) done = keyed.note;
    else if (keyed?.find.includes('0.2') && readFileSync(join(cwd, keyed.file), 'utf8').includes('const TAX_RATE')) done = 'the tax rate is the named constant TAX_RATE (introduced with the cents change)';
  }
  if (done) {
    say(`  edited: ${done}`);
    dispositions[finding.id] = { kind: 'fixed', note: done };
  } else if (finding.severity === 'nit') {
    dispositions[finding.id] = { kind: 'disagree', note: 'the demo agent leaves this nit as is' };
    say('  left as is (nit)');
  } else {
    dispositions[finding.id] = { kind: 'deferred', issue: '#99', note: 'the demo agent has no fix for this finding' };
    say('  deferred: no known fix');
  }
}
writeFileSync(process.env.REVISE_DISPOSITIONS_FILE ?? 'dispositions.json', JSON.stringify(dispositions, null, 2));
say('wrote dispositions; leaving the changes uncommitted for Revise to commit');
for (const [id, d] of Object.entries(dispositions)) process.stdout.write(`${id}: ${d.kind}${d.issue ? ` ${d.issue}` : ''} — ${d.note}\n`);
