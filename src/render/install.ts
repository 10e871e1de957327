/**
 * Fetching puppeteer's own Chrome, for a machine without Chrome or Chromium. npm 11 skips install
 * scripts of a global install from a tarball ("install scripts not yet covered by allowScripts"),
 * so the download is an explicit step (`schoolprotocol browser install`) that the first PDF also
 * takes when no browser is found. It runs puppeteer's own `browsers install chrome`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** Where puppeteer's command line is, or undefined when puppeteer is not installed. */
function puppeteerCli(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('puppeteer/lib/cjs/puppeteer/node/cli.js');
  } catch {
    return undefined;
  }
}

/**
 * Downloads puppeteer's Chrome into its cache folder (~/.cache/puppeteer), with puppeteer's own
 * progress on `output`. Resolves true when it worked.
 */
export function installChrome(output: NodeJS.WritableStream): Promise<boolean> {
  const cli = puppeteerCli();
  if (!cli) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'browsers', 'install', 'chrome'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 });
    child.stdout.on('data', (chunk: Buffer) => output.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.write(chunk));
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}
