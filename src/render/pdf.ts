/**
 * PDF through puppeteer. This module is imported only when a PDF is made, so `--help` and
 * Markdown-only builds never load puppeteer. One browser serves a whole process; every request
 * that is not a data: URL is blocked and JavaScript is off.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'puppeteer';
import { UserError } from '../errors.js';
import { escapeHtml } from '../text.js';

/** System Chromium builds tried when PUPPETEER_EXECUTABLE_PATH is not set. */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--font-render-hinting=none',
];

const NO_BROWSER =
  'Geen Chrome of Chromium gevonden om de PDF te maken. Installeer Chromium (Debian/Ubuntu: `sudo apt-get install chromium`), ' +
  'of laat puppeteer zijn eigen Chrome downloaden met `npx puppeteer browsers install chrome`, ' +
  'of wijs een browser aan met de omgevingsvariabele PUPPETEER_EXECUTABLE_PATH.';

/** The browser to start: PUPPETEER_EXECUTABLE_PATH, a system Chromium, or puppeteer's own Chrome. */
export async function findBrowser(): Promise<string> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new UserError(`PUPPETEER_EXECUTABLE_PATH wijst naar ${fromEnv}, maar dat bestand bestaat niet. ${NO_BROWSER}`, 1);
    return fromEnv;
  }
  const system = SYSTEM_BROWSERS.find((candidate) => existsSync(candidate));
  if (system) return system;
  const puppeteer = (await import('puppeteer')).default;
  const own = puppeteer.executablePath();
  if (own && existsSync(own)) return own;
  throw new UserError(NO_BROWSER, 1);
}

export interface PdfOptions {
  title: string;
  author: string;
  /** Footer text left of "pagina X van Y". */
  footer: string;
  /** The document's date (YYYY-MM-DD): the PDF's creation and modification date, for reproducible output. */
  date: string;
  timeoutMs?: number;
}

export class PdfRenderer {
  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<PdfRenderer> {
    const executablePath = await findBrowser();
    const puppeteer = (await import('puppeteer')).default;
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: LAUNCH_ARGS,
      timeout: 60_000,
    });
    return new PdfRenderer(browser);
  }

  async render(html: string, options: PdfOptions): Promise<Uint8Array> {
    const page = await this.browser.newPage();
    try {
      const timeout = options.timeoutMs ?? 60_000;
      page.setDefaultTimeout(timeout);
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      page.on('request', (request) => {
        if (request.url().startsWith('data:')) void request.continue();
        else void request.abort('blockedbyclient');
      });
      await page.setContent(html, { waitUntil: 'load', timeout });
      const footer = escapeHtml(options.footer);
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate:
          `<div style="font-family:'Liberation Sans',Arial,sans-serif;font-size:8pt;color:#555;width:100%;padding:0 20mm 0 22mm;display:flex;justify-content:space-between;">` +
          `<span>${footer}</span><span>pagina <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>`,
        tagged: true,
        outline: true,
        timeout,
      });
    } finally {
      await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
