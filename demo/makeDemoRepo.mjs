// Generates the demo repository: a bare "remote", a base branch `main`, a prior attempt on
// `agent/fix-invoice-total` with a few realistic flaws, a review of it in markdown (blocking and
// non-blocking findings with file:line references), and the original issue. Base moves after the
// attempt forked, so the restore's base update has something to bring in.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const identity = ['-c', 'user.name=Demo Developer', '-c', 'user.email=demo@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];

function git(cwd, ...args) {
  return execFileSync('git', [...identity, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function write(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const baseFiles = {
  'package.json': JSON.stringify({ name: 'invoice-demo', version: '1.0.0', private: true, scripts: { test: 'node --test' } }, null, 2) + '\n',
  'src/invoice.js': `'use strict';

/** Parse "name,quantity,price,discount" into a line item. */
function parseLine(line) {
  const parts = line.split(',');
  const quantity = Number(parts[1]);
  return { name: parts[0], quantity, price: Number(parts[2]), discount: 0 };
}

/** Total of the line items, tax included. */
function total(lines) {
  let sum = 0;
  for (const line of lines) {
    sum += line.price * line.quantity;
  }
  return sum * (1 + 0.2);
}

module.exports = { parseLine, total };
`,
  'src/format.js': `'use strict';

// Formats a reciept line for printing.
function formatLine(line) {
  return \`\${line.name.padEnd(20)} \${line.quantity} x \${line.price.toFixed(2)}\`;
}

module.exports = { formatLine };
`,
  'test/invoice.test.js': `'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { parseLine, total } = require('../src/invoice');

test('totals plain lines with tax', () => {
  assert.strictEqual(total([parseLine('pen,2,1.50,0')]), 3.6);
});
`,
};

const attemptInvoice = `'use strict';

/** Parse "name,quantity,price,discount" into a line item. */
function parseLine(line) {
  const parts = line.split(',');
  const quantity = Number(parts[1]);
  const discount = parts[3] ? Number(parts[3]) : 0;
  return { name: parts[0], quantity, price: Number(parts[2]), discount };
}

/** Total of the line items, tax included; discounts apply per line. */
function total(lines) {
  let sum = 0;
  for (const line of lines) {
    sum += line.price * line.quantity * (1 - line.discount);
  }
  return sum * (1 + 0.2);
}

module.exports = { parseLine, total };
`;

export const review = `## Review of agent/fix-invoice-total

**Summary**

The attempt applies discounts per line, which is what #12 asked for, and the existing test still
passes. But the arithmetic and the parsing are not safe yet, and the change has no test of its own.

### Blocking

B1. A line without a quantity becomes NaN and poisons the whole total

src/invoice.js:6

\`Number('')\` is 0 and \`Number(undefined)\` is NaN, so \`widget,,2.50,0\` silently yields NaN. Treat
a missing quantity as 1 and reject malformed ones with the offending line.

B2. Money is summed in floating point; totals drift by a cent (float rounding)

src/invoice.js:13-17

\`0.1 * 3\` style drift shows up on discounted lines. Sum integer cents and round once at the end.

### Non-blocking

N1. Magic number 0.2 for the tax rate — name the constant

src/invoice.js:17

N2. No test covers discounted lines

test/invoice.test.js:1-8 — add a test for a discounted line (and for the missing quantity of B1).

M1. Typo "reciept" in a comment (src/format.js:3)
`;

export const issue = `# Invoice total is wrong for discounted lines

Customers with a per-line discount are charged the full price. Lines look like
\`name,quantity,price,discount\` where discount is a fraction (0.1 = 10 %).
`;

/**
 * Create the demo under `root`: `remote.git` (bare), `checkout/` (the user's clone on main),
 * `review.md`, `issue.md`. Returns their paths.
 */
export function makeDemoRepo(root) {
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  const checkout = join(root, 'invoice-demo');
  mkdirSync(seed, { recursive: true });
  git(root, 'init', '--bare', '-b', 'main', remote);
  git(seed, 'init', '-b', 'main');
  write(seed, baseFiles);
  git(seed, 'add', '-A');
  git(seed, 'commit', '-m', 'Invoice totals with tax');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', 'origin', 'main');
  git(seed, 'checkout', '-b', 'agent/fix-invoice-total');
  write(seed, { 'src/invoice.js': attemptInvoice });
  git(seed, 'commit', '-am', 'Apply per-line discounts (#12)');
  git(seed, 'push', 'origin', 'agent/fix-invoice-total');
  git(seed, 'checkout', 'main');
  write(seed, { 'README.md': '# invoice-demo\n\nRun the tests with `npm test`.\n' });
  git(seed, 'add', 'README.md');
  git(seed, 'commit', '-m', 'Add a README');
  git(seed, 'push', 'origin', 'main');
  git(root, 'clone', '-q', remote, checkout);
  const reviewFile = join(root, 'review.md');
  const issueFile = join(root, 'issue.md');
  writeFileSync(reviewFile, review);
  writeFileSync(issueFile, issue);
  return { remote, checkout, reviewFile, issueFile, priorBranch: 'agent/fix-invoice-total', baseBranch: 'main' };
}
