/**
 * The batch driver: builds every job, one failing school never stopping the others. Markdown and
 * HTML first (on worker threads for large batches without PDF), then one browser prints the PDFs.
 */
import { lstatSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/errors.js';
import type { PdfRenderer } from '../render/pdf.js';
import { writeFileAtomic } from './write.js';
import { renderJob, type Job, type Rendered } from './job.js';
import { outputsOf, slugClash } from './outputs.js';
import { failedResult, writeSources, type BuildOptions, type Result } from './school.js';

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
  const slugs = new Map<string, string>();
  let done = 0;
  const finish = (result: Result) => {
    done++;
    options.onResult?.(result, done, jobs.length);
  };

  for (const job of jobs) {
    const started = performance.now();
    try {
      const doc = renderJob(job, library);
      const earlier = slugs.get(doc.slug);
      if (earlier !== undefined) throw slugClash(job.label, doc.protocol.school.naam, doc.slug, outDir, earlier);
      slugs.set(doc.slug, job.label);
      const result = writeSources(job, doc, options);
      results.push(result);
      if (formats.includes('pdf')) pending.push({ doc, result, started });
      else {
        result.ms = performance.now() - started;
        finish(result);
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const result = failedResult(job, error, started);
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
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { doc, result, started } = item;
        try {
          for (const output of outputsOf(doc, options.without)) {
            const file = path.join(outDir, doc.slug, `${output.name}.pdf`);
            writeFileAtomic(file, await renderer.render(output.html, output.pdf, previousPdf(file)));
            result.files.push(file);
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
