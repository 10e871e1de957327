/**
 * PdfRenderer: prints PDFs on a thread of its own (print-worker.ts, started by bin/schoolprotocol.js
 * before the program is even loaded, or here), so that starting Chromium, loading puppeteer,
 * connecting and finishing each PDF use the second core while this thread renders HTML. Without a
 * compiled print thread (tests run from the sources before a build) the same BrowserRenderer
 * prints on this thread. Either way: one browser per renderer, ended by `close`, and by launch.ts
 * when Node ends first.
 */
import { BrowserRenderer, findBrowser, renderTimeoutMs, type PdfOptions } from './pdf.js';
import { receivedError, startPrintThread, takeEarlyThread, type PrintThread } from './launch.js';
import type { PrintRequest } from './print-worker.js';

export class PdfRenderer {
  /** How many times a document was printed (for tests and the benchmark: a rebuild prints once). */
  prints = 0;
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly thread: PrintThread | undefined,
    private readonly local: BrowserRenderer | undefined,
    private readonly timeoutMs: number,
  ) {
    if (!thread) return;
    thread.onAnswer = (answer) => {
      this.prints = Math.max(this.prints, answer.prints);
      const waiter = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (answer.type === 'done') waiter?.resolve(answer.bytes);
      else waiter?.reject(receivedError(answer.error));
    };
    void thread.exited.then(() => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error('de printthread stopte onverwacht'));
      this.waiting.clear();
    });
  }

  /** Takes the print thread bin/schoolprotocol.js started early, or starts one, and waits until its browser is ready. */
  static async launch(): Promise<PdfRenderer> {
    const timeoutMs = renderTimeoutMs();
    const executable = await findBrowser();
    const thread = takeEarlyThread(executable) ?? startPrintThread(executable);
    if (!thread) return new PdfRenderer(undefined, await BrowserRenderer.connect(executable, timeoutMs), timeoutMs);
    try {
      await thread.ready;
    } catch (error) {
      await thread.end();
      throw error;
    }
    return new PdfRenderer(thread, undefined, timeoutMs);
  }

  /**
   * Prints one document. `previous`: the PDF of this document already at the output path, whose
   * contents' page numbers are tried first.
   */
  async render(html: string, options: PdfOptions, previous?: Uint8Array): Promise<Uint8Array> {
    const withTimeout = { ...options, timeoutMs: options.timeoutMs ?? this.timeoutMs };
    if (this.local) {
      try {
        return await this.local.render(html, withTimeout, previous);
      } finally {
        this.prints = this.local.prints;
      }
    }
    const thread = this.thread as PrintThread;
    const id = this.next++;
    const done = new Promise<Uint8Array>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    thread.worker.postMessage({ type: 'render', id, html, options: withTimeout, ...(previous && { previous }) } satisfies PrintRequest);
    return done;
  }

  /** Ends the browser: its process group is killed and waited for, its profile folder removed. */
  async close(): Promise<void> {
    await (this.local ? this.local.close() : this.thread?.end());
  }
}
