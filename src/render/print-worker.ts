/**
 * The print thread (see PrintThread in launch.ts): starts Chromium at once, loads puppeteer and
 * connects while the main thread loads the program and renders the HTML, then prints every
 * document the main thread sends, and reads and finishes each PDF here. Ends on `close`: Chromium's
 * process group is killed and waited for, the profile folder removed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { spawnBrowser, timeoutSetting, type BrowserProcess, type PrintThreadMessage, type SentError } from './launch.js';
import type { BrowserRenderer, PdfOptions } from './pdf.js';

const port = parentPort;
if (!port) throw new Error('print-worker.js draait alleen als worker thread');
const { executable, profile, pid } = workerData as { executable: string; profile: string; pid: Int32Array };

/** What the main thread asks: a document to print, or the end. */
export type PrintRequest = { type: 'render'; id: number; html: string; options: PdfOptions; previous?: Uint8Array } | { type: 'close' };

function sent(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const exitCode = (error as { exitCode?: unknown }).exitCode;
  return { name: error.name, message: error.message, ...(error.stack && { stack: error.stack }), ...(typeof exitCode === 'number' && { exitCode }) };
}

const post = (message: PrintThreadMessage) => port.postMessage(message);

let proc: BrowserProcess | undefined;
let renderer: BrowserRenderer | undefined;
const connected = (async () => {
  try {
    proc = spawnBrowser(executable, profile);
    if (proc.child.pid !== undefined) Atomics.store(pid, 0, proc.child.pid);
    const { BrowserRenderer } = await import('./pdf.js');
    const setting = timeoutSetting();
    renderer = await BrowserRenderer.connect(executable, 'ms' in setting ? setting.ms : 60_000, proc);
    post({ type: 'ready' });
  } catch (error) {
    post({ type: 'failed', error: sent(error) });
  }
})();

port.on('message', (request: PrintRequest) => {
  if (request.type === 'close') {
    void (async () => {
      await connected;
      await (renderer ? renderer.close() : proc?.kill())?.catch(() => undefined);
      process.exit(0);
    })();
    return;
  }
  void (async () => {
    await connected;
    if (!renderer) return post({ type: 'error', id: request.id, error: { name: 'Error', message: 'de browser is niet gestart' }, prints: 0 });
    try {
      const bytes = await renderer.render(request.html, request.options, request.previous);
      post({ type: 'done', id: request.id, bytes, prints: renderer.prints });
    } catch (error) {
      post({ type: 'error', id: request.id, error: sent(error), prints: renderer.prints });
    }
  })();
});
