/**
 * The batch driver: builds every job, one failing school never stopping the others. Markdown and
 * HTML first (on worker threads for large batches without PDF), then one browser prints the PDFs.
 */
import { lstatSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { displayPath } from '../util/paths.js';
import { UserError } from '../util/errors.js';
import { pdfProblem } from '../render/pdfbytes.js';
import type { PdfRenderer } from '../render/printer.js';
import { removeStaleTemps, type Staging } from './write.js';
import { type Job, type Rendered } from './job.js';
import { outputsOf, renderJobs, type OutputDocument } from './outputs.js';
import { commitSchool, failedResult, jobError, writeDocx, writeSources, type BuildOptions, type Result } from './school.js';
import { BATCH_SIZE, extraThreads } from '../render/makes-pdf.js';

/** The PDF already at the output path (its contents' page numbers are tried first), when it is a regular file of a sensible size. */
function previousPdf(file: string): Uint8Array | undefined {
  try {
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > 64 * 1024 * 1024) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A sensible number of concurrent renders: one per core, at least 2, at most 8. */
export function defaultJobs(): number {
  return Math.min(8, Math.max(2, os.availableParallelism()));
}

/** Threads for a Markdown/HTML batch: one per core (at most 8; the main thread is one of them), and only when the batch is large enough to pay for the workers' start. */
export function defaultWorkers(jobCount: number): number {
  return jobCount >= BATCH_SIZE ? extraThreads() + 1 : 0;
}

/**
 * Builds every job; one failing job never stops the others. Returns one result per job, in
 * the jobs' order. Markdown and HTML are written first; then one browser renders the PDFs,
 * `jobs` at a time, and is always closed. A large batch without PDFs is spread over worker
 * threads (src/workers.ts), with the same results.
 */
export async function buildAll(jobs: readonly Job[], options: BuildOptions): Promise<Result[]> {
  removeStaleTemps(options.outDir);
  // If the process is ended midway (Ctrl-C, SIGTERM, SIGHUP), say which schools were not updated.
  let finished = 0;
  const interrupted = () => {
    if (finished >= jobs.length) return;
    const left = jobs.length - finished;
    process.stderr.write(
      `\nDe opdracht is afgebroken: ${left === jobs.length ? (left === 1 ? 'de school is niet bijgewerkt' : `geen van de ${left} scholen is bijgewerkt`) : `${left} van de ${jobs.length} scholen zijn niet bijgewerkt`}. ` +
        'Hun mappen bevatten nog de documenten van de vorige keer, heel en niet gemengd. Voer de opdracht opnieuw uit.\n',
    );
  };
  process.on('exit', interrupted);
  try {
    return await buildJobs(jobs, {
      ...options,
      onResult: (result, done, total) => {
        finished = done;
        options.onResult?.(result, done, total);
      },
    });
  } finally {
    process.off('exit', interrupted);
  }
}

async function buildJobs(jobs: readonly Job[], options: BuildOptions): Promise<Result[]> {
  const { library, outDir, formats } = options;
  // Markdown and HTML only, for many schools: spread the work over the processor cores.
  // (Word documents are made on this thread: the workers write Markdown and HTML only.)
  const workers = formats.includes('pdf') || formats.includes('docx') ? 0 : (options.workers ?? defaultWorkers(jobs.length));
  if (workers > 1) {
    const { buildInWorkers, workerScript } = await import('./workers.js');
    if (workerScript()) return buildInWorkers(jobs, options, workers);
  }
  const results: Result[] = new Array<Result>(jobs.length);
  let done = 0;
  const finish = (index: number, result: Result) => {
    results[index] = result;
    done++;
    options.onResult?.(result, done, jobs.length);
  };
  const pdf = formats.includes('pdf');
  const docx = formats.includes('docx');

  // Every school in memory first, so that schools with the same name get folders with their place.
  const started = performance.now();
  const rendered = renderJobs(jobs, library, outDir);
  const perJob = (performance.now() - started) / Math.max(1, jobs.length);

  type Written = { index: number; doc: Rendered; outputs: OutputDocument[]; result: Result; staging: Staging; started: number };
  /** A school's Markdown and HTML (and Word documents) written to its staging folder; its PDFs follow. Undefined when it failed (then it is finished). */
  const writeSchool = async (index: number, begun: number): Promise<Written | undefined> => {
    const job = jobs[index] as Job;
    const item = rendered[index];
    try {
      if (!item) throw new Error('geen resultaat voor deze school');
      if ('error' in item) throw item.error;
      const { doc } = item;
      const { result, staging, outputs } = writeSources(job, doc, options, { commit: !pdf && !docx });
      if (item.note) result.warnings = [...(result.warnings ?? []), item.note];
      if (docx) {
        await writeDocx(doc, result, staging, options);
        if (!pdf) commitSchool(result, staging, outputs, options);
      }
      result.ms = performance.now() - begun;
      if (!pdf) finish(index, result);
      return { index, doc, outputs, result, staging, started: begun };
    } catch (error) {
      // Every error stays with its school: the others are built.
      finish(index, failedResult(job, error, begun));
      return undefined;
    }
  };

  if (!pdf) {
    for (const index of jobs.keys()) await writeSchool(index, performance.now() - perJob);
    return results;
  }

  /** The school's new files go in together, the PDFs made so far included; a failed PDF is named. */
  const complete = (item: Written, failure?: string) => {
    const { outputs, result, staging } = item;
    try {
      commitSchool(result, staging, outputs, options);
    } catch (error) {
      failure = jobError(error).message;
    }
    if (failure !== undefined) {
      result.ok = false;
      result.exitCode = 1;
      result.error = `${failure}${result.old ? ` Nog van een eerdere keer (verouderd): ${result.old.map(displayPath).join(', ')}.` : ''}`;
    }
    result.ms = performance.now() - item.started;
    finish(item.index, result);
  };

  // The schools that can be printed; each one's HTML is rendered and written when a print slot
  // takes it up, so this thread renders the next school while the browser prints the last. A
  // school that failed already is finished with its error here.
  const queue: number[] = [];
  for (const index of jobs.keys()) {
    const item = rendered[index];
    if (item && !('error' in item)) queue.push(index);
    else await writeSchool(index, performance.now() - perJob);
  }
  if (queue.length === 0) return results;

  // The browser, once a PDF must be printed: when every PDF is still the one these answers give,
  // none is (the print thread bin started early is then ended unused).
  let launched: Promise<PdfRenderer> | undefined;
  const renderer = () =>
    (launched ??= import('../render/printer.js').then(({ PdfRenderer }) => PdfRenderer.launch()).catch((error: unknown) => {
      throw new UserError(jobError(error).message, 1);
    }));
  try {
    const totalPdfs = queue.reduce((n, index) => {
      const item = rendered[index];
      return n + (item && 'doc' in item ? outputsOf(item.doc, options.without).length : 0);
    }, 0);
    let pdfs = 0;
    const slot = async () => {
      for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
        const item = await writeSchool(index, performance.now());
        if (!item) continue;
        let failure: string | undefined;
        try {
          for (const output of item.outputs) {
            const file = path.join(outDir, item.doc.slug, `${output.name}.pdf`);
            const previous = previousPdf(file);
            // How it is printed, with its fingerprint (a digest of the HTML: computed once).
            const printing = output.pdf;
            // The PDF already there is the one this HTML prints to (fingerprint and digest): kept, not printed again.
            const current = previous && !options.force && pdfProblem(previous, printing.fingerprint) === undefined;
            item.staging.write(`${output.name}.pdf`, current ? previous : await (await renderer()).render(output.html, printing, previous));
            options.onDocument?.({ school: item.result.school ?? item.result.label, file, done: ++pdfs, total: totalPdfs });
          }
        } catch (error) {
          // The browser that did not start: its message as it is; anything else while printing says so.
          failure = error instanceof UserError ? error.message : `PDF maken mislukt: ${error instanceof Error ? error.message : String(error)}`;
          if (error instanceof Error && error.stack) item.result.stack = error.stack;
        }
        complete(item, failure);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? defaultJobs(), queue.length)) }, slot));
  } finally {
    await launched?.then((printer) => printer.close(), () => undefined);
  }
  return results;
}
