#!/usr/bin/env node
// After `npm install`: make sure a browser for PDF output exists. A system Chrome/Chromium (or
// PUPPETEER_EXECUTABLE_PATH) is used as it is; otherwise puppeteer's own Chrome is downloaded.
// This script never fails the install: without a browser, Markdown and HTML still work.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = require('../.puppeteerrc.cjs');

if (process.env.PUPPETEER_SKIP_DOWNLOAD || config.executablePath) {
  if (config.executablePath) console.log(`schoolprotocol: PDF's worden gemaakt met ${config.executablePath}`);
  process.exit(0);
}

let puppeteerCli;
try {
  puppeteerCli = require.resolve('puppeteer/lib/cjs/puppeteer/node/cli.js');
} catch {
  process.exit(0);
}
if (!existsSync(puppeteerCli)) process.exit(0);

console.log('schoolprotocol: geen Chrome of Chromium gevonden; ik download de Chrome van puppeteer voor PDF-uitvoer …');
const result = spawnSync(process.execPath, [puppeteerCli, 'browsers', 'install', 'chrome'], { stdio: 'inherit', timeout: 10 * 60_000 });
if (result.status !== 0) {
  console.warn(
    'schoolprotocol: Chrome downloaden lukte niet. Markdown en HTML werken gewoon; voor PDF installeert u Chromium ' +
      '(Debian/Ubuntu: sudo apt-get install chromium) of zet u PUPPETEER_EXECUTABLE_PATH op een Chrome of Chromium.',
  );
}
process.exit(0);
