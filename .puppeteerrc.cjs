/**
 * Puppeteer configuration. When a system Chrome or Chromium exists (or PUPPETEER_EXECUTABLE_PATH
 * names one), puppeteer uses it and downloads nothing. Otherwise puppeteer's own Chrome is fetched
 * by bin/install-browser.js after `npm install`, which never fails the install when it cannot.
 */
const { existsSync } = require('node:fs');

const candidates = [
  process.env.PUPPETEER_EXECUTABLE_PATH,
  // The same list as SYSTEM_BROWSERS in src/render/launch.ts (this file runs before anything is built).
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
].filter(Boolean);

const system = candidates.find((candidate) => existsSync(candidate));

/** @type {import('puppeteer').Configuration} */
module.exports = {
  ...(system && { executablePath: system }),
  // puppeteer's own postinstall would fail `npm ci` without internet; bin/install-browser.js
  // downloads Chrome instead, and only when no system browser exists.
  skipDownload: true,
};
