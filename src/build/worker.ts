/**
 * One worker thread of a large Markdown/HTML batch (see workers.ts): renders its slice of the
 * jobs, reports their output folders, waits for the go-ahead, writes, and reports each result.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { failedResult, writeSources, type Result } from './school.js';
import { renderJob, type Rendered } from './job.js';
import { inputError } from '../util/errors.js';
import { slugClaim } from './outputs.js';
import { loadLibrary } from '../library/load.js';
import { BUSY, STOP, type SlugReport, type WorkerInput, type WorkerMessage, type WriteOrder } from './workers.js';

const port = parentPort;
if (!port) throw new Error('worker.js draait alleen als worker thread');
const input = workerData as WorkerInput;
const [base, ...extra] = input.dirs;
const library = loadLibrary(extra, base);
const control = new Int32Array(input.control);

type Step = { doc: Rendered; ms: number } | { failed: Result };
const steps: Step[] = input.jobs.map((job) => {
  const started = performance.now();
  try {
    return { doc: renderJob(job, library), ms: performance.now() - started };
  } catch (error) {
    return { failed: failedResult(job, error, started) };
  }
});
port.postMessage({ type: 'slugs', items: steps.map((s, i) => ('doc' in s ? slugClaim(input.jobs[i] as (typeof input.jobs)[number], s.doc) : null)) } satisfies SlugReport);

port.once('message', ({ rejected, slugs, notes }: WriteOrder) => {
  for (const [index, step] of steps.entries()) {
    const job = input.jobs[index];
    if (!job) continue;
    let result: Result;
    const started = performance.now();
    const clash = rejected[index];
    if ('failed' in step) result = step.failed;
    else if (clash) result = failedResult(job, inputError(clash), started);
    else {
      // Announce the writing first, then look whether the process is ending: the main thread
      // either sees this school being written and waits for it, or this worker sees STOP.
      Atomics.add(control, BUSY, 1);
      try {
        if (Atomics.load(control, STOP) === 1) break;
        step.doc.slug = slugs[index] ?? step.doc.slug;
        result = writeSources(job, step.doc, input).result;
        const note = notes[index];
        if (note) result.warnings = [...(result.warnings ?? []), note];
      } catch (error) {
        result = failedResult(job, error, started);
      } finally {
        Atomics.sub(control, BUSY, 1);
        Atomics.notify(control, BUSY);
      }
      result.ms = step.ms + (performance.now() - started);
    }
    port.postMessage({ type: 'result', index, result } satisfies WorkerMessage);
  }
  port.close();
});
