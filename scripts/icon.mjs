#!/usr/bin/env node
// Renders scripts/icon.svg into media/icon.png (128×128, transparent corners), the icon the
// Marketplace and Open VSX show, with the host tests' cached Chromium and Playwright
// (test/host/tools.sh installs them on first use):
//   node scripts/icon.mjs
// The PNG is committed; run this again only after changing the SVG.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostTools } from '../test/host/vscodeServer.mjs';

const SIZE = 128;
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'media', 'icon.png');
const tools = hostTools(root);
const { chromium } = createRequire(join(tools.playwrightDir, 'package.json'))('playwright-core');
const browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  const svg = readFileSync(join(root, 'scripts', 'icon.svg'), 'utf8');
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  writeFileSync(out, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } }));
} finally {
  await browser.close();
}
const png = readFileSync(out);
// The PNG's IHDR chunk says its size: bytes 16–23 hold width and height.
const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
if (width !== SIZE || height !== SIZE) throw new Error(`icon.png is ${width}×${height}, not ${SIZE}×${SIZE}`);
console.log(`icon: ${out} (${width}×${height}, ${statSync(out).size} bytes)`);
