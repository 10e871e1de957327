/**
 * PDF through puppeteer. This module is imported only when a PDF is made, so `--help` and
 * Markdown-only builds never load puppeteer. One browser serves a whole process; every request
 * that is not a data: URL is blocked and JavaScript is off.
 *
 * The page layout comes from CSS (templates/print.css, templates/pdf-page.css.hbs): A4, the
 * running footer in @page margin boxes, no footer on the page named "cover". Page numbers in a
 * table of contents are filled in by rendering twice: the first render tells on which page each
 * link target (`data-page-of`) lands; the second render must put every target on the same page.
 * pdf-lib then sets the metadata and fixes the dates, so the same HTML gives the same bytes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import type { Browser, Page } from 'puppeteer';
import { UserError } from '../util/errors.js';
import { FINGERPRINT_KEY } from './fingerprint.js';
import { templatesDir } from '../util/paths.js';
import { oneLine } from '../util/text.js';

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
  /** Stored in the document information, so `check` can tell whether the PDF is current. */
  fingerprint?: string;
  timeoutMs?: number;
}

/** How long one PDF may take: SCHOOLPROTOCOL_PDF_TIMEOUT seconds, default 60. */
export function renderTimeoutMs(): number {
  const seconds = Number(process.env.SCHOOLPROTOCOL_PDF_TIMEOUT);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
}

/** How often the document is rendered at most before page numbers in the contents must have settled. */
const MAX_RENDERS = 4;

/** An empty element whose content becomes the page number of the element with that id. */
const PAGE_SLOT = /(<span\b[^>]*\bdata-page-of="([^"]+)"[^>]*>)(<\/span>)/g;

/** Escapes text for a double-quoted CSS string inside a <style> element. */
export function cssString(value: string): string {
  return oneLine(value).replace(/[\\"<>&]/g, (ch) => `\\${ch.codePointAt(0)?.toString(16) ?? ''} `);
}

let footerTemplate: HandlebarsTemplateDelegate | undefined;

/** The page CSS of the running footer, for this document's footer text. */
export function pageStyle(footer: string): string {
  footerTemplate ??= Handlebars.create().compile(readFileSync(path.join(templatesDir, 'pdf-page.css.hbs'), 'utf8'), { strict: true });
  return footerTemplate({ footer: cssString(footer) });
}

/** Adds the page CSS as the last style of the document, so it wins over the document's own @page rules. */
function withPageStyle(html: string, footer: string): string {
  const style = `<style>\n${pageStyle(footer)}</style>\n`;
  return html.includes('</head>') ? html.replace('</head>', () => `${style}</head>`) : style + html;
}

/** The ids that page-number slots refer to, in document order. */
export function pageSlots(html: string): string[] {
  return [...html.matchAll(PAGE_SLOT)].map((m) => m[2] ?? '');
}

/** Fills each page-number slot with the page of its target; a target not yet known gets a placeholder. */
function fillPageSlots(html: string, pages: ReadonlyMap<string, number>): string {
  return html.replace(PAGE_SLOT, (_match, open: string, id: string, close: string) => `${open}${pages.get(id) ?? 0}${close}`);
}

/** The 1-based page of every named destination (the targets of internal links) in a PDF. */
export function destinationPages(doc: PDFDocument): Map<string, number> {
  const pageNumbers = new Map(doc.getPages().map((page, index) => [page.ref.toString(), index + 1]));
  const result = new Map<string, number>();
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [name, value] of dests?.entries() ?? []) {
    const target = doc.context.lookup(value);
    const array = target instanceof PDFDict ? target.lookupMaybe(PDFName.of('D'), PDFArray) : target;
    const page = array instanceof PDFArray ? array.get(0) : undefined;
    const number = page instanceof PDFRef ? pageNumbers.get(page.toString()) : undefined;
    if (number !== undefined) result.set(name.decodeText(), number);
  }
  return result;
}

/** The document date as a fixed instant (midnight UTC), or an error for a malformed date. */
function documentDate(iso: string): Date {
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime())) throw new Error(`ongeldige documentdatum "${iso}" (verwacht JJJJ-MM-DD)`);
  return date;
}

const NODE_ID = /^node\d+$/;

/**
 * Chromium names the tagged structure elements after its internal DOM node ids ("node00001901"),
 * which depend on what the browser did before: the same HTML gets other ids in a fresh browser
 * than in a used one. Renumbers them in document order, everywhere they occur (the elements'
 * /ID, the /IDTree, the /Headers of table cells), so the same HTML gives the same bytes.
 */
export function normalizeNodeIds(doc: PDFDocument): void {
  const objects = doc.context.enumerateIndirectObjects().map(([, object]) => object);
  const nodeId = (value: unknown) => (value instanceof PDFString || value instanceof PDFHexString) && NODE_ID.test(value.decodeText()) ? value.decodeText() : undefined;
  // Walks every dictionary and array; `visit` may return a replacement for a string.
  const walk = (object: unknown, visit: (id: string) => PDFString | undefined): void => {
    const entries: [PDFName | number, unknown][] =
      object instanceof PDFDict ? object.entries() : object instanceof PDFArray ? object.asArray().map((v, i) => [i, v]) : [];
    for (const [key, value] of entries) {
      const id = nodeId(value);
      if (id === undefined) {
        walk(value, visit);
        continue;
      }
      const replacement = visit(id);
      if (!replacement) continue;
      if (object instanceof PDFDict && key instanceof PDFName) object.set(key, replacement);
      else if (object instanceof PDFArray && typeof key === 'number') object.set(key, replacement);
    }
  };
  // New names keep the old names' order, so the /IDTree stays sorted as a name tree must be.
  const found = new Set<string>();
  for (const object of objects) walk(object, (id) => (found.add(id), undefined));
  const renamed = new Map([...found].sort().map((id, i) => [id, `id${String(i + 1).padStart(6, '0')}`]));
  for (const object of objects) walk(object, (id) => PDFString.of(renamed.get(id) ?? id));
}

/** Sets title, author, language and fixed dates; everything that would differ between runs is fixed. */
async function finish(doc: PDFDocument, options: PdfOptions, date: Date): Promise<Uint8Array> {
  normalizeNodeIds(doc);
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  doc.setAuthor(options.author);
  doc.setLanguage('nl');
  doc.setCreator('schoolprotocol');
  doc.setProducer('schoolprotocol (Chromium, pdf-lib)');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  if (options.fingerprint) {
    // Set after the standard fields, so the information dictionary exists.
    doc.context.lookup(doc.context.trailerInfo.Info, PDFDict).set(PDFName.of(FINGERPRINT_KEY), PDFString.of(options.fingerprint));
  }
  // Open with the bookmarks shown: the outline is the document's structure.
  if (doc.catalog.has(PDFName.of('Outlines'))) doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
  return doc.save({ useObjectStreams: false });
}

export class PdfRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly profile: string,
  ) {}

  /**
   * Starts the one browser of this process, with a profile folder of its own. The folder is
   * removed when the browser closes and, should the process end first (Ctrl-C, a kill), when it
   * exits: puppeteer kills the browser in its own exit handler, which runs before this one.
   */
  static async launch(): Promise<PdfRenderer> {
    const executablePath = await findBrowser();
    const puppeteer = (await import('puppeteer')).default;
    const profile = mkdtempSync(path.join(os.tmpdir(), 'schoolprotocol-chromium-'));
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath,
        headless: true,
        args: LAUNCH_ARGS,
        userDataDir: profile,
        // Chromium's own temporary files (shared memory with --disable-dev-shm-usage) go into the
        // profile folder too, so nothing is left in /tmp when the browser is killed.
        env: { ...process.env, TMPDIR: profile },
        timeout: 60_000,
      });
    } catch (error) {
      rmSync(profile, { recursive: true, force: true });
      throw error;
    }
    const cleanup = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    process.once('exit', cleanup);
    const renderer = new PdfRenderer(browser, profile);
    renderer.cleanup = cleanup;
    return renderer;
  }

  private cleanup: () => void = () => undefined;

  async render(html: string, options: PdfOptions): Promise<Uint8Array> {
    try {
      return await this.renderOnce(html, options);
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        const seconds = (options.timeoutMs ?? renderTimeoutMs()) / 1000;
        throw new Error(`de browser had na ${seconds.toLocaleString('nl-NL')} seconden de PDF nog niet klaar. Probeer het opnieuw; helpt dat niet, zet dan SCHOOLPROTOCOL_PDF_TIMEOUT op een groter aantal seconden.`, { cause: error });
      }
      throw error;
    }
  }

  /** Pages ready for the next document: a page is set up once and reused, not opened per document. */
  private readonly idle: Page[] = [];

  private async takePage(): Promise<Page> {
    const reused = this.idle.pop();
    if (reused) return reused;
    const page = await this.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    return page;
  }

  private async renderOnce(html: string, options: PdfOptions): Promise<Uint8Array> {
    const date = documentDate(options.date);
    const page = await this.takePage();
    let reusable = false;
    try {
      const timeout = options.timeoutMs ?? renderTimeoutMs();
      page.setDefaultTimeout(timeout);
      const source = withPageStyle(html, options.footer);
      const slots = pageSlots(source);
      let pages = new Map<string, number>();
      for (let render = 1; render <= MAX_RENDERS; render++) {
        // Only the last render needs tags and bookmarks; a document with contents gets a quick
        // first render (untagged: a third of the size, the same layout) to learn its page numbers.
        const full = render > 1 || slots.length === 0;
        const doc = await PDFDocument.load(await print(page, fillPageSlots(source, pages), timeout, full), { updateMetadata: false });
        reusable = true;
        const found = destinationPages(doc);
        const missing = slots.filter((id) => !found.has(id));
        if (missing.length > 0) throw new Error(`de inhoudsopgave verwijst naar ${missing.map((id) => `#${id}`).join(', ')}, maar dat staat niet in het document`);
        if (full && slots.every((id) => found.get(id) === pages.get(id))) return await finish(doc, options, date);
        pages = found;
      }
      throw new Error(`de paginanummers van de inhoudsopgave liggen na ${MAX_RENDERS} keer opmaken nog niet vast`);
    } finally {
      // A page whose print failed (a time-out) may be stuck: close it instead of reusing it.
      if (reusable) this.idle.push(page);
      else await page.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    process.off('exit', this.cleanup);
    this.cleanup();
  }
}

async function print(page: Page, html: string, timeout: number, full: boolean): Promise<Uint8Array> {
  await page.setContent(html, { waitUntil: 'load', timeout });
  return page.pdf({
    format: 'A4',
    printBackground: true,
    preferCSSPageSize: true,
    displayHeaderFooter: false,
    tagged: full,
    outline: full,
    timeout,
  });
}
