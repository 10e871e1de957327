/**
 * PDF through puppeteer. This module is imported only when a PDF is made, so `--help` and
 * Markdown-only builds never load puppeteer. One browser serves a whole process (started by
 * launch.ts, often before the program was even loaded); every request that is not a data: URL is
 * blocked, JavaScript is off, and the browser could not reach a network anyway (see launch.ts).
 *
 * The page layout comes from CSS (templates/print.css, templates/pdf-page.css.hbs): A4, the
 * running footer in @page margin boxes, no footer on the page named "cover". Page numbers in a
 * table of contents come from the pages where their targets (`data-page-of`) land. A document
 * whose PDF is already at the output path reuses that PDF's numbers, as LaTeX reuses its .aux
 * file: one tagged print, and a check that every target landed on the page its number says.
 * Otherwise (or when a target moved) a quick untagged print with nothing painted finds the pages
 * and a tagged print with those numbers follows; the numbers never change the layout (their slot
 * has a fixed width and tabular figures), so both ways give the same bytes. pdfbytes.ts then
 * writes the metadata and fixes the dates, so the same HTML gives the same bytes.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser, CDPSession, ConnectionTransport, ConnectOptions, Page } from 'puppeteer-core';
import { UserError } from '../util/errors.js';
import { templatesDir } from '../util/paths.js';
import { oneLine } from '../util/text.js';
import { destinationPages, finishPdf } from './pdfbytes.js';
import { spawnBrowser, systemBrowser, takeEarly, timeoutSetting, type BrowserProcess } from './launch.js';
import { compileTemplate, handlebarsEnvironment, HTML_OPTIONS } from '../util/precompiled.js';

export { LAUNCH_ARGS, SYSTEM_BROWSERS } from './launch.js';

const NO_BROWSER =
  'Geen Chrome of Chromium gevonden om de PDF te maken. Installeer Chromium (Debian/Ubuntu: `sudo apt-get install chromium`), ' +
  'of haal de Chrome van puppeteer op met `schoolprotocol browser install`, ' +
  'of wijs een browser aan met de omgevingsvariabele PUPPETEER_EXECUTABLE_PATH.';

/** Why PUPPETEER_EXECUTABLE_PATH cannot be a browser, or undefined when it may be one. */
function notABrowser(file: string): string | undefined {
  if (!existsSync(file)) return 'dat bestand bestaat niet';
  try {
    if (!statSync(file).isFile()) return 'dat is geen bestand';
    if ((statSync(file).mode & 0o111) === 0) return 'dat bestand is niet uitvoerbaar';
  } catch {
    return 'dat bestand is niet te lezen';
  }
  return undefined;
}

/** The browser to start: PUPPETEER_EXECUTABLE_PATH, a system Chromium, or puppeteer's own Chrome. */
export async function findBrowser(): Promise<string> {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    const why = notABrowser(fromEnv);
    if (why) throw new UserError(`PUPPETEER_EXECUTABLE_PATH wijst naar ${fromEnv}, maar ${why}. ${NO_BROWSER}`, 1);
    return fromEnv;
  }
  const system = systemBrowser();
  if (system) return system;
  const own = await puppeteerChrome();
  if (own) return own;
  // None at all: fetch puppeteer's Chrome once, as `schoolprotocol browser install` does (npm 11
  // no longer runs the install script of a global install). SCHOOLPROTOCOL_BROWSER_DOWNLOAD=0 stops that.
  if (process.env.SCHOOLPROTOCOL_BROWSER_DOWNLOAD !== '0') {
    process.stderr.write('Geen Chrome of Chromium gevonden. Ik haal eenmalig de Chrome van puppeteer op (ongeveer 170 MB; dit kan ook vooraf met `schoolprotocol browser install`) …\n');
    const { installChrome } = await import('./install.js');
    if (await installChrome(process.stderr)) {
      const fetched = await puppeteerChrome();
      if (fetched) return fetched;
    }
  }
  throw new UserError(NO_BROWSER, 1);
}

/** Puppeteer's own Chrome (downloaded by `schoolprotocol browser install`), if it is there. */
export async function puppeteerChrome(): Promise<string | undefined> {
  try {
    const puppeteer = (await import('puppeteer')).default;
    const own = puppeteer.executablePath();
    return own && existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
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

/** How long one PDF may take: SCHOOLPROTOCOL_PDF_TIMEOUT seconds, default 60; a bad value is a usage error (exit 2). */
export function renderTimeoutMs(): number {
  const setting = timeoutSetting();
  if ('error' in setting) throw new UserError(setting.error, 2);
  return setting.ms;
}

/** How often the document is rendered at most before page numbers in the contents must have settled. */
const MAX_RENDERS = 4;
/** After how many documents a renderer collects its garbage (see collectGarbage). */
export const COLLECT_EVERY = 8;

/** An empty element whose content becomes the page number of the element with that id. */
const PAGE_SLOT = /(<span\b[^>]*\bdata-page-of="([^"]+)"[^>]*>)(<\/span>)/g;

/** Escapes text for a double-quoted CSS string inside a <style> element. */
export function cssString(value: string): string {
  return oneLine(value).replace(/[\\"<>&]/g, (ch) => `\\${ch.codePointAt(0)?.toString(16) ?? ''} `);
}

let footerTemplate: HandlebarsTemplateDelegate | undefined;

/** The page CSS of the running footer, for this document's footer text. */
export function pageStyle(footer: string): string {
  footerTemplate ??= compileTemplate(handlebarsEnvironment(), readFileSync(path.join(templatesDir, 'pdf-page.css.hbs'), 'utf8'), HTML_OPTIONS);
  return footerTemplate({ footer: cssString(footer) });
}

/** Adds a style element as the last of the document's head (or in front, without a head). */
function withStyle(html: string, css: string): string {
  const style = `<style>\n${css}</style>\n`;
  return html.includes('</head>') ? html.replace('</head>', () => `${style}</head>`) : style + html;
}

/** Adds the page CSS as the last style of the document, so it wins over the document's own @page rules. */
function withPageStyle(html: string, footer: string): string {
  // A meta refresh would navigate the page away from the document before it is printed (our own
  // HTML has none; this is a second line behind the escaping of raw HTML).
  return withStyle(html.replace(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/gi, ''), pageStyle(footer));
}

/**
 * The document for a print that only learns on which page each target lands: every element in
 * the body is hidden. `visibility` never changes the layout (CSS 2, 11.2: hidden boxes still take
 * their space), so the pages are those of the real print, while Chromium paints and compresses
 * next to nothing; the named destinations of the targets are still written. Should a page differ
 * after all, the tagged print that follows notices it and prints again.
 */
export function withLayoutOnly(html: string): string {
  return withStyle(html, 'body * { visibility: hidden !important; }\n');
}

/** The ids that page-number slots refer to, in document order. */
export function pageSlots(html: string): string[] {
  return [...html.matchAll(PAGE_SLOT)].map((m) => m[2] ?? '');
}

/** Fills each page-number slot with the page of its target; a target not yet known gets a placeholder. */
function fillPageSlots(html: string, pages: ReadonlyMap<string, number>): string {
  return html.replace(PAGE_SLOT, (_match, open: string, id: string, close: string) => `${open}${pages.get(id) ?? 0}${close}`);
}

/** The document date as a fixed instant (midnight UTC), or an error for a malformed date. */
function documentDate(iso: string): Date {
  const date = new Date(`${iso}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime())) throw new Error(`ongeldige documentdatum "${iso}" (verwacht JJJJ-MM-DD)`);
  return date;
}

/** The pages of the named destinations: the fast reader, or pdf-lib for a PDF laid out otherwise. */
async function destinations(bytes: Uint8Array): Promise<Map<string, number>> {
  return destinationPages(bytes) ?? (await import('./pdflib.js')).destinationPagesSlow(bytes);
}

/** Sets title, author, producer, the fingerprint and fixed dates; everything that would differ between runs is fixed. */
async function finish(bytes: Uint8Array, options: PdfOptions, date: Date): Promise<Uint8Array> {
  const finishing = { title: options.title, author: options.author, date, producer: 'schoolprotocol (Chromium)', ...(options.fingerprint && { fingerprint: options.fingerprint }) };
  const fast = finishPdf(bytes, finishing);
  if (fast) return fast;
  const slow = finishPdf(await (await import('./pdflib.js')).relayout(bytes), finishing);
  if (!slow) throw new Error('de browser schreef een PDF die niet te lezen is');
  return slow;
}

/** Puppeteer's side of the pipe to Chromium: messages end with a NUL byte. */
function pipeTransport(proc: BrowserProcess): ConnectionTransport {
  let pending: Buffer[] = [];
  let closed = false;
  const transport: ConnectionTransport = {
    send(message: string) {
      // A message sent after the browser went: tell puppeteer the connection is closed, so no call waits for an answer.
      if (closed) {
        setImmediate(() => transport.onclose?.());
        return;
      }
      proc.pipeWrite.write(message);
      proc.pipeWrite.write('\0');
    },
    close() {
      proc.pipeRead.removeAllListeners('data');
    },
  };
  proc.pipeRead.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end >= 0; end = chunk.indexOf(0, start)) {
      pending.push(chunk.subarray(start, end));
      const message = Buffer.concat(pending).toString('utf8');
      pending = [];
      setImmediate(() => transport.onmessage?.(message));
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  });
  proc.pipeRead.on('close', () => {
    closed = true;
    transport.onclose?.();
  });
  proc.pipeRead.on('error', () => undefined);
  proc.pipeWrite.on('error', () => undefined);
  return transport;
}

/** How long the browser may take to answer once started. */
const CONNECT_TIMEOUT_MS = 30_000;

type ConnectTo = (options: ConnectOptions) => Promise<Browser>;

/**
 * puppeteer-core's connect. puppeteer-core's main module also loads its launcher and the
 * browser-download code (@puppeteer/browsers, proxy-agent, ...), which this program never uses
 * there: it starts Chromium itself (launch.ts). The connector on its own imports in about 150 ms
 * instead of 300 on the development machine, on every command that makes a PDF. Its module is one
 * that puppeteer-core exports (`./internal/*`); should a later puppeteer move it, the main module
 * is used.
 */
export async function connector(): Promise<ConnectTo> {
  try {
    const { _connectToBrowser } = await import('puppeteer-core/internal/common/BrowserConnector.js');
    // The same function that connect() calls; its types come from the internal declaration files,
    // whose Browser is declared apart from the one in puppeteer-core's public types.
    if (typeof _connectToBrowser === 'function') return _connectToBrowser as unknown as ConnectTo;
  } catch {
    // moved or renamed: below
  }
  return (await import('puppeteer-core')).connect;
}

/** Connects puppeteer to a started browser; a process that ends or never answers is not a browser. */
async function connect(proc: BrowserProcess): Promise<Browser> {
  const connecting = connector();
  let timer: NodeJS.Timeout | undefined;
  const failed = (why: string) => {
    const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH === proc.executable;
    const log = proc.stderr().trim().split('\n').slice(-3).join('\n');
    return new UserError(
      `${fromEnv ? `PUPPETEER_EXECUTABLE_PATH wijst naar ${proc.executable}, maar dat lijkt geen Chrome of Chromium: ` : `De browser ${proc.executable} startte niet goed: `}${why}.` +
        `${log ? `\nDe browser meldde:\n${log}` : ''}\n${NO_BROWSER}`,
      1,
    );
  };
  try {
    // First one question over the pipe, answered by any Chrome: a program that is not one ends
    // or stays silent, and puppeteer (whose calls would wait minutes) is never involved.
    await Promise.race([
      new Promise<void>((resolve) => {
        let received = Buffer.alloc(0);
        const onData = (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          if (received.includes(0)) {
            proc.pipeRead.off('data', onData);
            resolve();
          }
        };
        proc.pipeRead.on('data', onData);
        proc.pipeWrite.write(`${JSON.stringify({ id: 2_000_000_000, method: 'Browser.getVersion' })}\0`);
      }),
      proc.exited.then(() => {
        throw failed('het programma stopte meteen');
      }),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(failed(`het programma gaf na ${CONNECT_TIMEOUT_MS / 1000} seconden nog geen antwoord`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
    const connectTo = await connecting;
    return await connectTo({ transport: pipeTransport(proc), defaultViewport: { width: 800, height: 600 }, protocolTimeout: 180_000 });
  } catch (error) {
    await proc.kill();
    throw error instanceof UserError ? error : failed(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}

/** A page ready to print, with the CDP session that prints it. */
interface PrintPage {
  page: Page;
  cdp: CDPSession;
  /** Documents printed on this page since its renderer last collected its garbage. */
  printed: number;
}

/**
 * Prints on the thread it runs on: the PDF side of printer.ts, which runs it on a thread of its
 * own (print-worker.ts), or here when there is no compiled worker script.
 */
export class BrowserRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly proc: BrowserProcess,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects to a started browser (its process and profile folder go when the renderer closes),
   * or to the browser bin/schoolprotocol.js started early on this thread, or starts one.
   */
  static async connect(executable: string, timeoutMs: number, proc?: BrowserProcess): Promise<BrowserRenderer> {
    const started = proc ?? takeEarly(executable) ?? spawnBrowser(executable);
    const browser = await connect(started);
    const renderer = new BrowserRenderer(browser, started, timeoutMs);
    // The first page is set up now, while the program that asked for it still renders its HTML.
    renderer.idle.push(await renderer.takePage());
    return renderer;
  }

  /**
   * Prints one document. `previous`: the PDF of this document already at the output path, whose
   * contents' page numbers are tried first.
   */
  async render(html: string, options: PdfOptions, previous?: Uint8Array): Promise<Uint8Array> {
    try {
      return await this.renderOnce(html, options, previous);
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        const seconds = (options.timeoutMs ?? this.timeoutMs) / 1000;
        throw new Error(`de browser had na ${seconds.toLocaleString('nl-NL')} seconden de PDF nog niet klaar. Probeer het opnieuw; helpt dat niet, zet dan SCHOOLPROTOCOL_PDF_TIMEOUT op een groter aantal seconden.`, { cause: error });
      }
      throw error;
    }
  }

  /** How many times a document was printed (for tests and the benchmark: a rebuild prints once). */
  prints = 0;

  /** How many DOM nodes the renderer of a page ready for the next document still holds (for tests: collected or not). */
  async domNodes(): Promise<number> {
    const target = this.idle[this.idle.length - 1];
    if (!target) return 0;
    return (await target.cdp.send('Memory.getDOMCounters')).nodes;
  }

  /** Pages ready for the next document: a page is set up once and reused, not opened per document. */
  private readonly idle: PrintPage[] = [];
  private firstPageTaken = false;

  private async takePage(): Promise<PrintPage> {
    const reused = this.idle.pop();
    if (reused) return reused;
    // The browser's own first tab first; more tabs only for concurrent renders.
    let page: Page | undefined;
    if (!this.firstPageTaken) {
      this.firstPageTaken = true;
      page = (await this.browser.pages())[0];
    }
    page ??= await this.browser.newPage();
    page.on('request', (request) => {
      if (request.url().startsWith('data:')) void request.continue();
      else void request.abort('blockedbyclient');
    });
    // The three at once: each is a round trip to a browser that may still be starting its renderer.
    const [, , cdp] = await Promise.all([page.setJavaScriptEnabled(false), page.setRequestInterception(true), page.createCDPSession()]);
    return { page, cdp, printed: 0 };
  }

  private async renderOnce(html: string, options: PdfOptions, previous: Uint8Array | undefined): Promise<Uint8Array> {
    const date = documentDate(options.date);
    const target = await this.takePage();
    let reusable = false;
    try {
      const timeout = options.timeoutMs ?? this.timeoutMs;
      target.page.setDefaultTimeout(timeout);
      const source = withPageStyle(html, options.footer);
      const slots = pageSlots(source);
      const printed = async (pages: ReadonlyMap<string, number>, full: boolean) => {
        this.prints++;
        const filled = fillPageSlots(source, pages);
        const bytes = await print(target, full ? filled : withLayoutOnly(filled), timeout, full);
        reusable = true;
        const found = await destinations(bytes);
        const missing = slots.filter((id) => !found.has(id));
        if (missing.length > 0) throw new Error(`de inhoudsopgave verwijst naar ${missing.map((id) => `#${id}`).join(', ')}, maar dat staat niet in het document`);
        return { bytes, found, settled: slots.every((id) => found.get(id) === pages.get(id)) };
      };
      if (slots.length === 0) return await finish((await printed(new Map(), true)).bytes, options, date);
      // The numbers of the PDF already there: one tagged print, kept when every target stayed on its page.
      const known = previous ? await knownPages(previous) : undefined;
      if (known && slots.every((id) => known.has(id))) {
        const attempt = await printed(known, true);
        if (attempt.settled) return await finish(attempt.bytes, options, date);
      }
      let pages = new Map<string, number>();
      for (let render = 1; render <= MAX_RENDERS; render++) {
        // Only the last render needs tags and bookmarks; the first only learns the page numbers:
        // untagged and with nothing painted (see withLayoutOnly), in less than half the time.
        const full = render > 1;
        const attempt = await printed(pages, full);
        if (full && attempt.settled) return await finish(attempt.bytes, options, date);
        pages = attempt.found;
      }
      throw new Error(`de paginanummers van de inhoudsopgave liggen na ${MAX_RENDERS} keer opmaken nog niet vast`);
    } finally {
      // A page whose print failed (a time-out) may be stuck: close it instead of reusing it.
      if (reusable) {
        this.collectGarbage(target);
        this.idle.push(target);
      } else await target.page.close().catch(() => undefined);
    }
  }

  /**
   * Every few documents, a full garbage collection in the page's renderer. Without it the renderer
   * keeps the memory of each document it laid out until Chromium runs short (about 20 MB per
   * protocol: 1.4 GB for 40 schools, against 0.75 GB with a collection every 8). Not waited for:
   * the renderer collects while this side finishes the PDF, and the next print on the page waits
   * in the renderer's queue.
   */
  private collectGarbage(target: PrintPage): void {
    if (++target.printed < COLLECT_EVERY) return;
    target.printed = 0;
    void target.cdp.send('HeapProfiler.collectGarbage').catch(() => undefined);
  }

  /** Ends the browser: its process group is killed and waited for, its profile folder removed. */
  async close(): Promise<void> {
    await this.browser.disconnect().catch(() => undefined);
    await this.proc.kill();
  }
}

/** The page numbers of an earlier PDF's destinations; undefined when it cannot be read. */
async function knownPages(previous: Uint8Array): Promise<Map<string, number> | undefined> {
  try {
    return destinationPages(previous);
  } catch {
    return undefined;
  }
}

/** Fails with a TimeoutError when `promise` takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('Page.printToPDF timed out'), { name: 'TimeoutError' })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A4 in inches, as puppeteer's `format: 'A4'`; the CSS @page size wins (preferCSSPageSize). */
const A4 = { paperWidth: 8.27, paperHeight: 11.7 };

/** Loads the HTML and prints it; the PDF comes back in one message (base64), not streamed in chunks. */
async function print(target: PrintPage, html: string, timeout: number, full: boolean): Promise<Uint8Array> {
  await target.page.setContent(html, { waitUntil: 'load', timeout });
  const { data } = await within(
    target.cdp.send('Page.printToPDF', {
      ...A4,
      landscape: false,
      displayHeaderFooter: false,
      printBackground: true,
      scale: 1,
      marginTop: 0,
      marginBottom: 0,
      marginLeft: 0,
      marginRight: 0,
      pageRanges: '',
      preferCSSPageSize: true,
      generateTaggedPDF: full,
      generateDocumentOutline: full,
      transferMode: 'ReturnAsBase64',
    }),
    timeout,
  );
  return Buffer.from(data, 'base64');
}
