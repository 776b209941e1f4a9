// A dry run of publishing the packaged extension to both registries, with nothing uploaded:
// - the VS Code Marketplace: `npm run package` is vsce's own `package`, which refuses a manifest the
//   Marketplace would refuse (publisher, name, version, engines, icon, categories, README links);
// - Open VSX: the real `ovsx` CLI (installed on demand into the host-tool cache, never a dependency)
//   publishes the .vsix to a registry on 127.0.0.1 that only receives it. So ovsx reads the package
//   and sends it exactly as it would to open-vsx.org; the receiver checks the upload is the .vsix
//   byte for byte, and what open-vsx.org asks of the package itself (a licence, a namespace and
//   name it accepts, a semantic version, a 128-pixel PNG icon) is checked here from the package.
//
//   node test/host/publishCheck.mjs
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OVSX_VERSION = '1.4.0';
const problems = [];
const expect = (ok, message) => {
  if (!ok) problems.push(message);
};
const log = (text) => console.log(`[publish-check] ${text}`);

/** ovsx from the host-tool cache, installed there (one installer at a time) when missing. */
function ovsxBin() {
  const script = `source test/host/tools.sh && mkdir -p "$HOST_CACHE" && dest="$HOST_CACHE/ovsx-${OVSX_VERSION}" &&
    { [ -x "$dest/node_modules/.bin/ovsx" ] || ( flock -w 900 9 && { [ -x "$dest/node_modules/.bin/ovsx" ] || npm_install_atomic "$dest" ovsx@${OVSX_VERSION}; } ) 9>"$HOST_CACHE/.lock"; } >&2 &&
    printf %s "$dest/node_modules/.bin/ovsx"`;
  return execFileSync('bash', ['-c', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** A registry on 127.0.0.1 that answers a publish with what the real one answers on success, and keeps the upload. */
function startReceiver(manifest) {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/api/-/publish') {
        received.push({ body: Buffer.concat(chunks), token: url.searchParams.get('token') ?? req.headers['x-ovsx-token'] ?? req.headers.authorization });
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ namespace: manifest.publisher, name: manifest.name, version: manifest.version, targetPlatform: 'universal' }));
      } else {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{}');
      }
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, received, port: server.address().port })));
}

function run(file, args) {
  return new Promise((ok) => {
    const child = spawn(file, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OVSX_PAT: '' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => ok({ code, output }));
  });
}

const work = mkdtempSync(join(tmpdir(), 'revise-publish-'));
let receiver;
try {
  const vsix = join(work, 'revise.vsix');
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  log('vsce packaged the extension (the Marketplace manifest checks passed)');

  const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
  const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  expect(!manifest.private, 'package.json says "private": true');
  expect(typeof manifest.license === 'string' && entries.some((e) => /^extension\/LICENSE(\.txt|\.md)?$/i.test(e)), 'open-vsx.org accepts only an extension with a licence (a license field and a LICENSE file)');
  expect(/^[\w-]+$/.test(manifest.publisher) && /^[\w-]+$/.test(manifest.name), `namespace and name must be word characters and dashes: ${manifest.publisher}.${manifest.name}`);
  expect(/^\d+\.\d+\.\d+$/.test(manifest.version), `version ${manifest.version} is not a plain semantic version`);
  const icon = manifest.icon && entries.includes(`extension/${manifest.icon}`) ? execFileSync('unzip', ['-p', vsix, `extension/${manifest.icon}`], { maxBuffer: 1 << 20 }) : undefined;
  expect(icon?.subarray(1, 4).toString() === 'PNG' && icon.readUInt32BE(16) === 128 && icon.readUInt32BE(20) === 128, `the icon ${manifest.icon} is not a 128×128 PNG in the package`);

  const ovsx = ovsxBin();
  receiver = await startReceiver(manifest);
  const published = await run(ovsx, ['publish', '--packagePath', vsix, '--registryUrl', `http://127.0.0.1:${receiver.port}`, '--pat', 'dry-run']);
  expect(published.code === 0, `ovsx publish exited ${published.code}:\n${published.output}`);
  expect(published.output.includes(`Published ${manifest.publisher}.${manifest.name} v${manifest.version}`), `ovsx did not report the publish:\n${published.output}`);
  expect(receiver.received.length === 1, `the registry received ${receiver.received.length} uploads, not 1`);
  expect(receiver.received[0]?.body.equals(readFileSync(vsix)), 'what ovsx uploaded is not the .vsix');
  log(`ovsx ${OVSX_VERSION} read and sent the package (${(readFileSync(vsix).length / 1024).toFixed(0)} kB) to the loopback registry`);
} catch (err) {
  problems.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
} finally {
  receiver?.server.close();
  rmSync(work, { recursive: true, force: true });
}
for (const p of problems) console.error(`publish-check: FAIL ${p}`);
log(problems.length === 0 ? 'PASS: vsce packages it and ovsx publishes it (dry run)' : `FAIL (${problems.length})`);
process.exit(problems.length === 0 ? 0 : 1);
