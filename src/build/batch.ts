/**
 * The batch driver: builds every job, one failing school never stopping the others. Markdown and
 * HTML first (on worker threads for large batches without PDF), then one browser prints the PDFs.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/errors.js';
import type { PdfRenderer } from '../render/pdf.js';
import { writeFileAtomic } from './write.js';
import { type Job, type Rendered } from './job.js';
import { outputsOf, renderJobs } from './outputs.js';
import { failedResult, writeSources, type BuildOptions, type Result } from './school.js';

/** A sensible number of concurrent renders: one per core, at least 2, at most 8. */
export function defaultJobs(): number {
  return Math.min(8, Math.max(2, os.availableParallelism()));
}

/** Worker threads for a Markdown/HTML batch: one per core (at most 8), and only when the batch is large enough to pay for their start. */
export function defaultWorkers(jobCount: number): number {
  return jobCount >= 100 ? Math.min(8, os.availableParallelism()) : 0;
}

/**
 * Builds every job; one failing job never stops the others. Returns one result per job, in
 * the jobs' order. Markdown and HTML are written first; then one browser renders the PDFs,
 * `jobs` at a time, and is always closed. A large batch without PDFs is spread over worker
 * threads (src/workers.ts), with the same results.
 */
export async function buildAll(jobs: readonly Job[], options: BuildOptions): Promise<Result[]> {
  const { library, outDir, formats } = options;
  // Markdown and HTML only, for many schools: spread the work over the processor cores.
  const workers = formats.includes('pdf') ? 0 : (options.workers ?? defaultWorkers(jobs.length));
  if (workers > 1) {
    const { buildInWorkers, workerScript } = await import('./workers.js');
    if (workerScript()) return buildInWorkers(jobs, options, workers);
  }
  const results: Result[] = [];
  const pending: { doc: Rendered; result: Result; started: number }[] = [];
  let done = 0;
  const finish = (result: Result) => {
    done++;
    options.onResult?.(result, done, jobs.length);
  };

  // Every school in memory first, so that schools with the same name get folders with their place.
  const started = performance.now();
  const rendered = renderJobs(jobs, library, outDir);
  const perJob = (performance.now() - started) / Math.max(1, jobs.length);
  for (const [index, job] of jobs.entries()) {
    const item = rendered[index];
    const begun = performance.now() - perJob;
    try {
      if (!item) continue;
      if ('error' in item) throw item.error;
      const { doc } = item;
      const result = writeSources(job, doc, options);
      if (item.note) result.warnings = [...(result.warnings ?? []), item.note];
      results.push(result);
      // The school's own time: its Markdown and HTML now, its PDFs when a renderer takes it up.
      result.ms = performance.now() - begun;
      if (formats.includes('pdf')) pending.push({ doc, result, started: begun });
      else finish(result);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const result = failedResult(job, error, begun);
      results.push(result);
      finish(result);
    }
  }
  if (pending.length === 0) return results;

  const { PdfRenderer } = await import('../render/pdf.js');
  let renderer: PdfRenderer;
  try {
    renderer = await PdfRenderer.launch();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    for (const { result, started } of pending) {
      result.ok = false;
      result.error = error.message;
      result.ms = performance.now() - started;
      finish(result);
    }
    return results;
  }
  try {
    const queue = [...pending];
    const totalPdfs = pending.reduce((n, { doc }) => n + outputsOf(doc, options.without).length, 0);
    let pdfs = 0;
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { doc, result } = item;
        const started = performance.now() - result.ms;
        try {
          for (const output of outputsOf(doc, options.without)) {
            const file = path.join(outDir, doc.slug, `${output.name}.pdf`);
            writeFileAtomic(file, await renderer.render(output.html, output.pdf));
            result.files.push(file);
            options.onDocument?.({ school: result.school ?? result.label, file, done: ++pdfs, total: totalPdfs });
          }
        } catch (error) {
          result.ok = false;
          result.error = `PDF maken mislukt: ${error instanceof Error ? error.message : String(error)}`;
          if (error instanceof Error && error.stack) result.stack = error.stack;
        }
        result.ms = performance.now() - started;
        finish(result);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? defaultJobs(), pending.length)) }, worker));
  } finally {
    await renderer.close();
  }
  return results;
}
