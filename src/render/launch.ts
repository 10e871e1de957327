/**
 * Starting and ending the browser process, without puppeteer (which pdf.ts loads to talk to it).
 * Light on purpose: bin/schoolprotocol.js imports this file first thing, so a command that makes
 * a PDF starts Chromium before it loads the rest of the program, and Chromium starts up while
 * Node reads the library and renders the HTML.
 *
 * The browser:
 *   - is the Chromium binary itself, not a distribution's shell wrapper (/usr/bin/chromium is a
 *     script that sources files and execs /usr/lib/chromium/chromium; that costs a third of a second);
 *   - talks over a pipe (--remote-debugging-pipe, file descriptors 3 and 4): when Node dies, even
 *     by SIGKILL, the pipe closes and Chromium ends itself; no port is opened;
 *   - runs in a process group of its own, which is killed, and waited for, on every way out;
 *   - cannot reach any network even when a request slips past puppeteer's interception: every
 *     request goes to a proxy that does not exist (loopback included), no host name resolves,
 *     and prefetching, prerendering and background networking are off;
 *   - keeps its profile and temporary files in a folder of its own, removed when it ends; such
 *     folders left by earlier runs that were killed are removed at the next start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { UserError } from '../util/errors.js';
import { threadScript } from '../util/paths.js';
import { makesPdf } from './makes-pdf.js';

/**
 * System Chromium builds tried when PUPPETEER_EXECUTABLE_PATH is not set. Debian's
 * chromium-headless-shell comes first: the same Chromium (same version, same Blink and PDF code,
 * byte-identical PDFs) without the browser's user interface. 20 protocols took 18-22 s of machine
 * CPU with it against 24-31 s with /usr/bin/chromium as first builds, and 13-15 s against 18-20 s
 * as rebuilds (four runs side by side, Chromium 156, two cores).
 */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The discard port on loopback: nothing listens there, so every proxied request fails at once. */
export const DEAD_PROXY = '127.0.0.1:9';

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
  '--disable-breakpad',
  '--disable-domain-reliability',
  '--no-pings',
  '--mute-audio',
  '--font-render-hinting=none',
  // A batch prints on several tabs at once, and Chromium gives a tab that is not in front less
  // CPU and slower timers; these keep every tab at full speed (puppeteer's defaults do the same).
  // Measured: 40 schools 4-12 % faster in five of five alternating pairs, the same bytes.
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  // Offline by construction: all traffic to a dead proxy, loopback too ("<-loopback>" removes
  // Chromium's implicit bypass for localhost), no name resolves, nothing fetched ahead.
  `--proxy-server=${DEAD_PROXY}`,
  '--proxy-bypass-list=<-loopback>',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--disable-features=NoStatePrefetch,Prerender2,PreloadingHeuristics,Translate,MediaRouter,OptimizationHints',
];

/** The prefix of a browser's profile folder in the temporary folder; the process id follows. */
const PROFILE_PREFIX = 'schoolprotocol-chromium-';

/**
 * The binary a distribution's shell wrapper starts: Debian's /usr/bin/chromium sets LIBDIR and
 * APPNAME and execs "$LIBDIR/$APPNAME"; its /usr/bin/chromium-headless-shell runs one absolute
 * path with "$@". Anything else is started as it is.
 */
export function browserBinary(file: string): string {
  try {
    if (statSync(file).size > 64 * 1024) return file;
    const text = readFileSync(file, 'latin1');
    if (!text.startsWith('#!')) return file;
    const lines = text.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    const single = lines.length === 1 ? /^\s*(?:exec\s+)?(\/[^\s"'$]+)\s+"\$@"\s*$/.exec(lines[0] ?? '')?.[1] : undefined;
    if (single) {
      accessSync(single, constants.X_OK);
      return single;
    }
    const libdir = /^LIBDIR=["']?([^"'\s]+)/m.exec(text)?.[1];
    const appname = /^APPNAME=["']?([^"'\s]+)/m.exec(text)?.[1];
    if (!libdir || !appname || !/exec "?\$LIBDIR\/\$APPNAME/.test(text)) return file;
    const binary = path.join(libdir.replace(/\$APPNAME|\$\{APPNAME\}/g, appname), appname);
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return file;
  }
}

/** A system browser, or PUPPETEER_EXECUTABLE_PATH; undefined when neither (then pdf.ts asks puppeteer for its own Chrome). */
export function systemBrowser(): string | undefined {
  const fromEnv = process.env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  return SYSTEM_BROWSERS.find((candidate) => existsSync(candidate));
}

/** A running browser: the process, its pipe, and how to end it. */
export interface BrowserProcess {
  executable: string;
  child: ChildProcess;
  /** Writes to Chromium (its fd 3) and reads from it (its fd 4). */
  pipeWrite: Writable;
  pipeRead: Readable;
  /** The last lines Chromium wrote to stderr, for an error message. */
  stderr(): string;
  /** Resolves when the process has ended. */
  exited: Promise<void>;
  /** Kills the process group, waits for it to end and removes the profile folder. */
  kill(): Promise<void>;
}

/** Removes profile folders of earlier runs whose process no longer exists. */
export function removeStaleProfiles(dir = os.tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^schoolprotocol-chromium-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true, maxRetries: 2 });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh profile folder for a browser of this process. */
function newProfile(): string {
  return mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
}

/** Kills a process group by its leader's id; false when that fails (the group is gone, or was never one). */
function killProcessGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts Chromium with a fresh profile (or the given, empty one), talking over a pipe. Throws when
 * the process cannot start at all.
 */
export function spawnBrowser(executable: string, givenProfile?: string): BrowserProcess {
  if (!givenProfile) removeStaleProfiles();
  const binary = browserBinary(executable);
  const profile = givenProfile ?? newProfile();
  const child = spawn(binary, [...LAUNCH_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'], {
    // A process group of its own: killing the group ends the renderers and helpers too.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // Chromium's own temporary files (shared memory with --disable-dev-shm-usage) go into the
    // profile folder too, so nothing is left in /tmp when the browser is killed.
    env: { ...process.env, TMPDIR: profile },
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  let ended = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      ended = true;
      resolve();
    });
    child.once('error', () => {
      ended = true;
      resolve();
    });
  });
  const killGroup = () => {
    if (ended || child.pid === undefined || killProcessGroup(child.pid)) return;
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  };
  const removeProfile = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  // Should Node end first (an error, Ctrl-C, process.exit): kill the group there and then.
  const onExit = () => {
    killGroup();
    removeProfile();
  };
  process.once('exit', onExit);
  const stdio = child.stdio as unknown as [null, null, Readable, Writable, Readable];
  // A browser that ends early breaks the pipe: that is reported by whoever waits for it, not thrown here.
  for (const stream of [stdio[2], stdio[3], stdio[4]]) stream.on('error', () => undefined);
  let killing: Promise<void> | undefined;
  return {
    executable,
    child,
    pipeWrite: stdio[3],
    pipeRead: stdio[4],
    stderr: () => log,
    exited,
    kill() {
      killing ??= (async () => {
        killGroup();
        await exited;
        // Close our ends of the pipe, so nothing waits for an answer that cannot come.
        for (const stream of [stdio[2], stdio[3], stdio[4]]) stream.destroy();
        process.off('exit', onExit);
        removeProfile();
      })();
      return killing;
    },
  };
}

/** What a print thread (print-worker.ts) sends: it is ready to print, or could not start, or an answer to a request. */
export type PrintThreadMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: SentError }
  | { type: 'done'; id: number; bytes: Uint8Array; prints: number }
  | { type: 'error'; id: number; error: SentError; prints: number };

/** An error as it crosses between threads: its class does not survive the copy, so what matters is sent. */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  /** A UserError's exit code. */
  exitCode?: number;
}

/**
 * A thread of its own that prints PDFs (print-worker.ts): it starts Chromium, loads puppeteer,
 * connects and sets up a page while the main thread loads the program and renders the HTML, so
 * the second core does that work. It also reads and finishes each PDF (pdfbytes.ts).
 */
export interface PrintThread {
  executable: string;
  worker: Worker;
  /** Settles when the thread is ready to print, or rejects with why the browser did not start. */
  ready: Promise<void>;
  /** Called with every answer of the thread (set by printer.ts). */
  onAnswer?: (message: Extract<PrintThreadMessage, { id: number }>) => void;
  /** Resolves when the thread has ended. */
  exited: Promise<void>;
  /** Ends Chromium (its process group, waited for), the thread, and removes the profile folder. */
  end(): Promise<void>;
}

/** The compiled print thread, or undefined when there is none (then the PDF is printed on the main thread). */
export function printWorkerScript(): string | undefined {
  const file = threadScript('print-worker', 'render');
  return existsSync(file) ? file : undefined;
}

/**
 * Starts a print thread for this browser, or gives undefined when there is no compiled print thread.
 * Chromium is the thread's child process; should Node end first (an error, Ctrl-C, process.exit),
 * its process group is killed here and then, by the process id the thread shares as soon as it
 * has one, and the profile folder (made here) is removed.
 */
export function startPrintThread(executable: string): PrintThread | undefined {
  const script = printWorkerScript();
  if (!script) return undefined;
  removeStaleProfiles();
  const profile = newProfile();
  const pid = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const worker = new Worker(script, { workerData: { executable, profile, pid } });
  const onExit = () => {
    const id = Atomics.load(pid, 0);
    if (id > 0) killProcessGroup(id);
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  };
  process.once('exit', onExit);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Nobody may wait for it (the command failed on its input first): no unhandled rejection.
  ready.catch(() => undefined);
  const thread: PrintThread = {
    executable,
    worker,
    ready,
    exited,
    end() {
      ending ??= (async () => {
        worker.postMessage({ type: 'close' });
        // A thread that does not end by itself within seconds is ended here, its browser too.
        const timer = setTimeout(() => void worker.terminate(), 10_000);
        await exited;
        clearTimeout(timer);
        process.off('exit', onExit);
        onExit();
      })();
      return ending;
    },
  };
  let ending: Promise<void> | undefined;
  worker.on('message', (message: PrintThreadMessage) => {
    if (message.type === 'ready') settle?.resolve();
    else if (message.type === 'failed') settle?.reject(receivedError(message.error));
    else thread.onAnswer?.(message);
  });
  worker.on('error', (error) => settle?.reject(error));
  void exited.then(() => settle?.reject(new Error('de printthread stopte voordat de browser klaar was')));
  return thread;
}

/** An error sent by the other thread, as an Error again (with its exit code for a UserError). */
export function receivedError(sent: SentError): Error {
  const error = sent.exitCode === 1 || sent.exitCode === 2 || sent.exitCode === 130 ? new UserError(sent.message, sent.exitCode) : Object.assign(new Error(sent.message), { name: sent.name });
  if (sent.stack) error.stack = sent.stack;
  return error;
}

/** The browser started by bin/schoolprotocol.js before the program was loaded, if any. */
let early: BrowserProcess | undefined;
let earlyThread: PrintThread | undefined;

/** Starts the browser for a PDF-making command, before the heavy imports; a failure is left for the real start to report. */
export function startEarly(argv: readonly string[]): void {
  if (early || earlyThread || !makesPdf(argv)) return;
  const executable = systemBrowser();
  if (!executable) return;
  try {
    accessSync(executable, constants.X_OK);
    earlyThread = startPrintThread(executable);
    if (!earlyThread) early = spawnBrowser(executable);
  } catch {
    early = undefined;
  }
}

/** The early print thread, handed over once, when it is the one wanted. */
export function takeEarlyThread(executable: string): PrintThread | undefined {
  const found = earlyThread;
  earlyThread = undefined;
  if (!found) return undefined;
  if (found.executable !== executable) {
    void found.end();
    return undefined;
  }
  return found;
}

/** The early browser, handed over once, when it is still running and is the one wanted. */
export function takeEarly(executable: string): BrowserProcess | undefined {
  const found = early;
  early = undefined;
  if (!found) return undefined;
  if (found.executable !== executable || found.child.exitCode !== null || found.child.signalCode !== null) {
    void found.kill();
    return undefined;
  }
  return found;
}

/** Ends the early browser if nothing took it (the command failed on its input, or made no PDF after all). */
export async function endEarly(): Promise<void> {
  const found = early;
  const thread = earlyThread;
  early = undefined;
  earlyThread = undefined;
  await Promise.all([found?.kill(), thread?.end()]);
}

/** The longest SCHOOLPROTOCOL_PDF_TIMEOUT accepted, in seconds (an hour). */
export const MAX_TIMEOUT_SECONDS = 3600;

/**
 * How long one PDF may take: SCHOOLPROTOCOL_PDF_TIMEOUT seconds, default 60. A value that is not a
 * plain whole number from 1 to 3600 is a usage error (returned as a message; the caller throws).
 */
export function timeoutSetting(): { ms: number } | { error: string } {
  const text = process.env.SCHOOLPROTOCOL_PDF_TIMEOUT;
  if (text === undefined || text === '') return { ms: 60_000 };
  const seconds = /^[1-9][0-9]{0,3}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS)) {
    return { error: `SCHOOLPROTOCOL_PDF_TIMEOUT staat op "${text}", maar dat is geen geldig aantal seconden. Geef een heel getal van 1 tot en met ${MAX_TIMEOUT_SECONDS}, bijvoorbeeld SCHOOLPROTOCOL_PDF_TIMEOUT=120, of laat de variabele weg (standaard 60 seconden).` };
  }
  return { ms: seconds * 1000 };
}
